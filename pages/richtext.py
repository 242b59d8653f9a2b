"""Rich text that never links to a page a visitor cannot reach.

Wagtail expands every stored page link through the link handler registered for the
"page" link type, wherever rich text renders: the `|richtext` filter, a RichTextBlock,
a RichText value in a template, the markdown copies and the FAQ answers in JSON-LD.
`LivePageLinkHandler` (pages/wagtail_hooks.py, with `opening_tags` here) replaces Wagtail's
own, so there is nothing for a template or a block to remember:

- a link to a page visitors may see (live and public, pages/visibility.py) becomes an
  ordinary `<a href>`;
- a link to any other page (a draft, such as a planned page, one in the bin, or a
  private page) reads as ordinary prose. A handler can rewrite only the opening `<a>`
  tag, so it writes a placeholder, `<a data-unlinked-page="its title">`, which the
  template that wraps every rendered rich text
  (templates/wagtailcore/shared/richtext.html) turns into prose: a reference by the
  page's own title ("covered in depth in why AI pilots fail") is set as the title of a
  work, `<cite>`, the way print refers to another piece; any other link text, and a link
  to a deleted page, is plain text. Were the wrapper ever skipped, the placeholder is
  still no link: an `<a>` without `href` is neither focusable nor followed.

It turns into a link by itself once the page is published (or made public again);
publishing, unpublishing, moving and deleting a page, and saving or removing a view
restriction, empty the page cache (page_cache/), so no kept copy outlives the
change.

Look-ups: Wagtail's handler would look pages up once per rich text. During a request
(`PageLinksMiddleware`), they are remembered, and every page linked from the rich text a
page shows (its `rich_texts()`, pages/models/mixins.py) is looked up in one query, the
first time any of its rich text renders, so nothing is queried when it all comes from
the page cache. Outside a request, each rich text looks up its own links.
"""

import html
import re
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.rich_text import extract_references_from_rich_text

from pages.visibility import visible_pages

UNLINKED = re.compile(r'<a data-unlinked-page="([^"]*)">(.*?)</a>', re.S)


@dataclass(frozen=True)
class LinkedPage:
    """What a rich text link needs to know of its page."""

    url: str | None  # None while visitors may not see the page
    title: str


@dataclass
class LinkLookups:
    """The page look-ups of one request: what is known, and the rich text still to read."""

    request: object
    known: dict = field(default_factory=dict)  # page id: LinkedPage, or None if deleted
    pending: object = None  # a callable giving rich text whose links to look up at once


_lookups = ContextVar("page_link_lookups", default=None)


class PageLinksMiddleware:
    """Remembers page look-ups for the length of one request, and forgets them after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _lookups.set(LinkLookups(request))
        try:
            return self.get_response(request)
        finally:
            _lookups.reset(token)


def look_up_together(rich_texts):
    """Look up the pages linked from all of `rich_texts` (a callable, called only when the
    first rich text renders) in one query. Outside a request this does nothing."""
    lookups = _lookups.get()
    if lookups is not None:
        lookups.pending = rich_texts


def page_link_ids(stored_html):
    """The ids of the pages that a stored rich text links to."""
    return {
        int(object_id)
        for model, object_id, *_ in extract_references_from_rich_text(stored_html or "")
        if model is Page and str(object_id).isdigit()
    }


def _fetch(ids, request):
    """{id: LinkedPage or None} for these page ids, in one query."""
    found = dict.fromkeys(ids)
    pages = Page.objects.filter(id__in=ids).only("id", "title", "url_path")
    visible = Exists(visible_pages(Page.objects.filter(pk=OuterRef("pk"))))
    for page in pages.annotate(visible=visible):
        found[page.id] = LinkedPage(page.get_url(request) if page.visible else None, page.title)
    return found


def linked_pages(ids):
    """A LinkedPage (None for a deleted page) for each of these page ids, in order."""
    wanted = {page_id for page_id in ids if page_id is not None}
    lookups = _lookups.get()
    if lookups is None:
        found = _fetch(wanted, None)
    else:
        if lookups.pending is not None:
            rich_texts, lookups.pending = lookups.pending(), None
            wanted |= set().union(*(page_link_ids(getattr(t, "source", t)) for t in rich_texts))
        missing = wanted - lookups.known.keys()
        if missing:
            lookups.known.update(_fetch(missing, lookups.request))
        found = lookups.known
    return [found.get(page_id) for page_id in ids]


def opening_tags(attrs_list):
    """What the page-link handler (pages/wagtail_hooks.py) writes for each stored page link:
    a link for a visible page, else a placeholder that the rich text wrapper makes prose."""
    ids = [int(attrs["id"]) if attrs.get("id", "").isdigit() else None for attrs in attrs_list]
    return [_opening_tag(linked) for linked in linked_pages(ids)]


def _opening_tag(linked):
    if linked is not None and linked.url:
        return f'<a href="{escape(linked.url)}">'
    return f'<a data-unlinked-page="{escape(linked.title if linked else "")}">'


def unlinked_as_prose(expanded_html):
    """Expanded rich text with each placeholder for a page visitors cannot see turned into
    prose: `<cite>` when its text is the page's title (letter case aside), else text."""

    def prose(match):
        title, text = html.unescape(match.group(1)), match.group(2)
        words = " ".join(html.unescape(strip_tags(text)).split())
        return f"<cite>{text}</cite>" if title and words.casefold() == title.casefold() else text

    return mark_safe(UNLINKED.sub(prose, str(expanded_html)))  # noqa: S308 (only tags removed)
