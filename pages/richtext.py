"""Rich text rendering that never links to a page a visitor cannot reach.

Wagtail's own page-link handler can only rewrite the opening ``<a>`` tag, so a
link to a draft would still render as a link. Here internal page links are
resolved first: a live page becomes an ``<a href>``; anything else reads as
ordinary prose. A reference by the page's own title ("covered in depth in why AI
pilots fail") is set as the title of a work, ``<cite>``, in italics, the way print
refers to another piece; any other link text is plain text. It turns back into a
link by itself once the page is published. Look-ups are batched and memoised on
the request, so a page with many rich text fields runs one query for all of their
links.
"""

import html
import re
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

PAGE_LINK = re.compile(r'<a\b(?=[^>]*\blinktype="page")[^>]*\bid="(\d+)"[^>]*>(.*?)</a>', re.S)
MEMO_ATTRIBUTE = "_truvisory_linked_pages"
PENDING_ATTRIBUTE = "_truvisory_pending_rich_text"


def page_link_ids(html):
    """The ids of the pages that a rich text source links to."""
    return {int(page_id) for page_id, _text in PAGE_LINK.findall(html or "")}


def _memo(request):
    if request is None:
        return {}
    if not hasattr(request, MEMO_ATTRIBUTE):
        setattr(request, MEMO_ATTRIBUTE, {})
    return getattr(request, MEMO_ATTRIBUTE)


def prefetch_page_links(request, sources):
    """Resolve, in one query, every page linked from the given rich text sources."""
    memo = _memo(request)
    wanted = set()
    for source in sources:
        wanted |= page_link_ids(getattr(source, "source", source))
    wanted -= memo.keys()
    if not wanted:
        return memo
    memo.update(dict.fromkeys(wanted))
    for page in Page.objects.filter(id__in=wanted).only("id", "live", "title", "url_path"):
        memo[page.id] = LinkedPage(page.get_url(request) if page.live else None, page.title)
    return memo


@dataclass(frozen=True)
class LinkedPage:
    """What a rich text link needs to know of its page."""

    url: str | None  # None while the page is not live
    title: str

    def names(self, link_html):
        """Whether a link's text is the page's title (letter case aside)."""
        text = " ".join(html.unescape(strip_tags(link_html)).split())
        return text.casefold() == self.title.casefold()


def defer_page_links(request, sources):
    """Resolve the links of all these sources together, when the first one renders.
    `sources` is a callable, so nothing is queried if every rich text comes from cache."""
    setattr(request, PENDING_ATTRIBUTE, sources)


def render_rich_text(source, request=None):
    """Render stored rich text as HTML; links to pages that are not live read as prose."""
    stored = getattr(source, "source", source) or ""
    pending = getattr(request, PENDING_ATTRIBUTE, None)
    if pending is not None:
        delattr(request, PENDING_ATTRIBUTE)
        prefetch_page_links(request, pending())
    linked_pages = prefetch_page_links(request, [stored])

    def replace(match):
        linked, text = linked_pages.get(int(match.group(1))), match.group(2)
        if linked is not None and linked.url:
            return f'<a href="{escape(linked.url)}">{text}</a>'
        if linked is not None and linked.names(text):
            return f"<cite>{text}</cite>"
        return text  # a deleted page, or a link whose text is not the page's title

    return mark_safe(expand_db_html(PAGE_LINK.sub(replace, stored)))  # noqa: S308
