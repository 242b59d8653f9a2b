"""{% pagefragment "name" %}…{% endpagefragment %}: a part of a page, kept in the page cache.

Keyed as Wagtail's {% wagtailpagecache %} (the page's `cache_key` and the Site) plus the
generation; never in previews, for pages with `fragment_cacheable = False`, or when its render
used the visitor's CSRF token (another visitor's post would fail). See docs/architecture.md.
"""

from django import template
from django.conf import settings
from django.core.cache.utils import make_template_fragment_key
from wagtail.models import Site

from page_cache.cache import generation_for, keep, read
from page_cache.django_internals import render_noting_csrf_use

register = template.Library()


class PageFragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
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
            html, used_token = render_noting_csrf_use(
                request, lambda: self.nodelist.render(context)
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
