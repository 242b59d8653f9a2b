"""{% pagefragment "name" %}…{% endpagefragment %}: a part of a page, kept in the page cache.

Keyed as Wagtail's {% wagtailpagecache %} keys it (the page's `cache_key`: its id, URL path
and last publication; and the Site), with the generation (release and content version)
added, so that any change empties it; kept in the page cache's alias no longer than a whole
page (PAGE_CACHE_SECONDS), so that a fragment never outlives the pages made from it. Never
in previews, never for pages that differ per visitor (`fragment_cacheable = False`) or views
that are not pages, and never while the cache does not answer. A fragment whose render used
the visitor's CSRF token (a form) is never kept, whatever its page type says: another
visitor would be sent a token that fails their post. See page_cache/cache.py.
"""

from django import template
from django.conf import settings
from django.core.cache.utils import make_template_fragment_key
from django.template import NodeList
from wagtail.models import Site

from page_cache.cache import generation_for, keep, read
from page_cache.django_internals import render_noting_csrf_use

register = template.Library()


class PerVisitorFragment(Exception):
    """Raised with a fragment's HTML when it holds a CSRF token, so that it is not stored."""

    def __init__(self, html):
        super().__init__()
        self.html = html


class SharedOnlyNodeList(NodeList):
    """A fragment's content, which refuses to be stored when its render used the CSRF token
    (whether this fragment, not the rest of the page, used it: page_cache/django_internals.py)."""

    def render(self, context):
        request = context.get("request")
        if request is None:
            return super().render(context)
        html, used_token = render_noting_csrf_use(request, lambda: NodeList.render(self, context))
        if used_token:
            raise PerVisitorFragment(html)
        return html


class PageFragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = SharedOnlyNodeList(nodelist)
        self.name = name

    def render(self, context):
        try:
            return self.render_shared(context)
        except PerVisitorFragment as fragment:
            return fragment.html

    def render_shared(self, context):
        page, request = context.get("page"), context.get("request")
        if (
            request is None
            or getattr(request, "is_preview", False)
            or not getattr(page, "fragment_cacheable", False)
        ):
            return self.nodelist.render(context)
        generation = generation_for(request)
        if generation is None:  # the content version cannot be known
            return self.nodelist.render(context)
        site = Site.find_for_request(request)
        key = make_template_fragment_key(
            self.name, [page.cache_key, site.pk if site else None, generation]
        )
        found = read([key])
        if found is None:  # the cache did not answer: nothing more is asked of it
            request.page_cache_generation = None
            return self.nodelist.render(context)
        html = found.get(key)
        if html is None:
            html = self.nodelist.render(context)
            keep({key: html}, settings.PAGE_CACHE_SECONDS)
        return html


@register.tag
def pagefragment(parser, token):
    name = token.split_contents()[1:]
    if len(name) != 1:
        raise template.TemplateSyntaxError("{% pagefragment %} takes one fragment name.")
    nodelist = parser.parse(("endpagefragment",))
    parser.delete_first_token()
    return PageFragmentNode(nodelist, name[0].strip("\"'"))
