"""What a search result shows: its trail of parent pages, and passages with the query's
words marked. Everything is escaped before any <mark> is added."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page


def query_terms(query):
    """The distinct words of a query, longest first, so that longer matches win."""
    words = {word.lower() for word in re.findall(r"\w+", query) if len(word) > 1}
    return sorted(words, key=len, reverse=True)[:20]


def _pattern(terms):
    return re.compile("|".join(map(re.escape, terms)), re.IGNORECASE) if terms else None


def highlight(text, terms):
    """The text, escaped, with every occurrence of the terms wrapped in <mark>."""
    pattern = _pattern(terms)
    if not text or pattern is None:
        return escape(text or "")
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped above)


def extract(text, terms):
    """A passage of the text around the first match, marked up; empty without a match."""
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern and text else None
    if match is None:
        return ""
    start = max(0, match.start() - 80)
    end = min(len(text), match.end() + 160)
    # Widen to whole words (up to 30 characters), so the passage does not start or end mid-word.
    start -= len(re.search(r"\S*\Z", text[max(0, start - 30) : start]).group())
    end += len(re.match(r"\S*", text[end : end + 30]).group())
    passage = text[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + highlight(passage, terms) + suffix)  # noqa: S308


def trails(pages):
    """Each page's ancestors' titles from the home page down, for all pages in one query."""
    steplen = Page.steplen
    paths = {page.path[: steplen * depth] for page in pages for depth in range(2, page.depth)}
    titles = dict(Page.objects.filter(path__in=paths).values_list("path", "title"))
    return [
        [
            "Home" if depth == 2 else titles.get(page.path[: steplen * depth], "")
            for depth in range(2, page.depth)
        ]
        for page in pages
    ]
