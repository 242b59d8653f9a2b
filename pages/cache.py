"""One shared counter, the generation, that every cached page and fragment is keyed by.

Anything a visitor can see changing bumps it (see truvisory/apps.py), so nothing cached
is ever served stale, on one node or many: the counter lives in the shared cache.
"""

from django.core.cache import cache

GENERATION_KEY = "page-cache:generation"
FRAGMENT_SECONDS = 60 * 60 * 24


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump_generation(**kwargs):
    """Invalidate every cached page and fragment."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def fragments_allowed(page, request):
    """How long this render may keep its fragments: 0 (not at all) for previews and for
    page types whose content differs per visitor, such as a form with a CSRF token."""
    if not page.fragment_cacheable or getattr(request, "is_preview", False):
        return 0
    return FRAGMENT_SECONDS
