"""{% pagefragment "name" %}…{% endpagefragment %}: a part of a page, kept in the page cache.

Wagtail's {% wagtailpagecache %} (keyed by the page's `cache_key` and the Site, skipped in
previews), kept in the page cache's alias for FRAGMENT_SECONDS, with the generation added to
its key so that any change empties it, and skipped for pages that differ per visitor
(`fragment_cacheable = False`) and for views that are not pages. A fragment whose render used
the visitor's CSRF token (a form) is never kept, whatever its page type says: another visitor
would be sent a token that fails their post. See truvisory/page_cache/__init__.py.
"""

from django import template
from django.template import NodeList, Variable
from wagtail.templatetags.wagtail_cache import WagtailPageCacheNode

from truvisory.page_cache import ALIAS, FRAGMENT_SECONDS, generation_for

register = template.Library()

# The flag django.middleware.csrf.get_token() sets on each use of the token.
TOKEN_USED = "CSRF_COOKIE_NEEDS_UPDATE"  # noqa: S105 (a META key, not a secret)


class PerVisitorFragment(Exception):
    """Raised with a fragment's HTML when it holds a CSRF token, so that it is not stored."""

    def __init__(self, html):
        super().__init__()
        self.html = html


class SharedOnlyNodeList(NodeList):
    """A fragment's content, which refuses to be stored when its render used the CSRF token.

    Django's get_token() sets CSRF_COOKIE_NEEDS_UPDATE on each use: cleared for this render,
    and put back after it, it tells whether this fragment (not the rest of the page) used it.
    """

    def render(self, context):
        request = context.get("request")
        if request is None:
            return super().render(context)
        used_before = request.META.pop(TOKEN_USED, False)
        html = super().render(context)
        used_here = request.META.get(TOKEN_USED, False)
        request.META[TOKEN_USED] = used_before or used_here
        if used_here:
            raise PerVisitorFragment(html)
        return html


class PageFragmentNode(WagtailPageCacheNode):
    GENERATION_TEMPLATE_VAR = "page_cache_generation"

    def __init__(self, nodelist, *args, **kwargs):
        super().__init__(SharedOnlyNodeList(nodelist), *args, **kwargs)
        self.vary_on.append(Variable(self.GENERATION_TEMPLATE_VAR))

    def render(self, context):
        try:
            return self.render_shared(context)
        except PerVisitorFragment as fragment:
            return fragment.html

    def render_shared(self, context):
        page, request = context.get("page"), context.get("request")
        if not getattr(page, "fragment_cacheable", False) or request is None:
            return self.nodelist.render(context)
        generation = generation_for(request)
        if generation is None:  # the cache is unavailable
            return self.nodelist.render(context)
        with context.update({self.GENERATION_TEMPLATE_VAR: generation}):
            return super().render(context)


@register.tag
def pagefragment(parser, token):
    name = token.split_contents()[1:]
    if len(name) != 1:
        raise template.TemplateSyntaxError("{% pagefragment %} takes one fragment name.")
    nodelist = parser.parse(("endpagefragment",))
    parser.delete_first_token()
    return PageFragmentNode(
        nodelist,
        parser.compile_filter(str(FRAGMENT_SECONDS)),
        name[0],
        [],
        parser.compile_filter(f'"{ALIAS}"'),
    )
