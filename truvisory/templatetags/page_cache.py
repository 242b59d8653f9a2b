"""{% pagefragment "name" %}…{% endpagefragment %}: a part of a page, kept in the page cache.

Wagtail's {% wagtailpagecache %} (keyed by the page's `cache_key` and the Site, skipped in
previews), kept in the page cache's alias for FRAGMENT_SECONDS, with the generation added to
its key so that any change empties it, and skipped for pages that differ per visitor
(`fragment_cacheable = False`, such as a form with a CSRF token) and for views that are not
pages. See truvisory/page_cache/__init__.py.
"""

from django import template
from django.template import Variable
from wagtail.templatetags.wagtail_cache import WagtailPageCacheNode

from truvisory.page_cache import ALIAS, FRAGMENT_SECONDS, generation_for

register = template.Library()


class PageFragmentNode(WagtailPageCacheNode):
    GENERATION_TEMPLATE_VAR = "page_cache_generation"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.vary_on.append(Variable(self.GENERATION_TEMPLATE_VAR))

    def render(self, context):
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
