"""The order of site search results, the same on PostgreSQL and SQLite
(docs/architecture.md, "Search and its ranking")."""

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
