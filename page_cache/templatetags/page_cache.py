"""{% pagefragment "name" %}…{% endpagefragment %}: a part of a page, kept in the page cache,
keyed as Wagtail's {% wagtailpagecache %} plus the generation (docs/architecture.md)."""

from functools import partial

from django import template
from django.conf import settings
from django.core.cache.utils import make_template_fragment_key
from wagtail.models import Site

from page_cache.cache import generation_for, keep, read
from page_cache.internals import render_noting_csrf_use

register = template.Library()


class PageFragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        page, request = context.get("page"), context.get("request")
        cacheable = request is not None and getattr(page, "fragment_cacheable", False)
        # Never in a preview, nor when the content version cannot be known.
        if not cacheable or getattr(request, "is_preview", False) or not generation_for(request):
            return self.nodelist.render(context)
        site = Site.find_for_request(request)
        key = make_template_fragment_key(
            self.name, [page.cache_key, site.pk if site else None, generation_for(request)]
        )
        found = read([key])
        if found is None:  # the cache did not answer: nothing more is asked of it
            request.page_cache_generation = None
            return self.nodelist.render(context)
        html = found.get(key)
        if html is None:
            html, used_token = render_noting_csrf_use(
                request, partial(self.nodelist.render, context)
            )
            if not used_token:  # another visitor would be sent a token that fails their post
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
