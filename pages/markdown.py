"""Markdown copies of pages for AI assistants, converted from the page's rendered content."""

import re

from django.template.loader import render_to_string
from markdownify import markdownify

from pages.seo import absolute_links, canonical_url


def markdown_copy(page, request):
    context = page.get_context(request)
    html = render_to_string("components/markdown_source.html", context, request=request)
    # Absolute links, as in the feed, so that the copy still works when read on its own; a
    # link to a place on the page (a table row's permalink) points at that place on the page.
    html = absolute_links(html, canonical_url(page, request))
    text = markdownify(html, heading_style="ATX", bullets="-", strip=["script", "nav"])
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
