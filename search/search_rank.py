"""The order of site search results, the same on PostgreSQL and SQLite.

The database backend decides what matches (with its stemming), but it ranks differently
on each database, and on SQLite it ignores field weights altogether, so a short page that
mentions a word once outranks the guide written about it. So the matches are ranked here:
each word of the query counts for the weightiest place it appears on the page (title,
then summary, headings and FAQ questions, then body text), plus a little for how often
the body uses it. Pages that say `search_only_when_alone` (the contact page) are left out
unless nothing else matches.
"""

import re

WEIGHTS = {"title": 8, "summary": 4, "heading": 4, "question": 4, "body": 1}
# Up to this many uses in the body add up to one more point, to break ties.
BODY_USES_COUNTED = 10


def word_pattern(term):
    # The word, or the word with a short ending ("pilot" finds "pilots", "pilot’s").
    return re.compile(rf"\b{re.escape(term)}\w{{0,3}}\b", re.IGNORECASE)


def score(page, terms):
    texts = page.search_texts() if hasattr(page, "search_texts") else [("title", page.title)]
    total = 0.0
    for term in terms:
        pattern = word_pattern(term)
        best = max((WEIGHTS[place] for place, text in texts if pattern.search(text)), default=0)
        uses = sum(len(pattern.findall(text)) for place, text in texts if place == "body")
        total += best + min(uses, BODY_USES_COUNTED) / BODY_USES_COUNTED
    return total


def rank(pages, terms):
    """The matching pages, best first; ties keep the backend's order."""
    preferred = [page for page in pages if not getattr(page, "search_only_when_alone", False)]
    return sorted(preferred or pages, key=lambda page: score(page, terms), reverse=True)
