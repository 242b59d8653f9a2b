"""Only the query parameters a page reads are part of its key, and only they reach it.

Each page type declares the parameters it reads (`cache_query_parameters` on the page class,
PageCacheMixin in pages/models/mixins.py: none by default); a view that is not a page does so
with the `reads_query_parameters` decorator. Before the page or view runs, every other
parameter is removed from the request (a campaign's `utm_*`, a click id, `?x=<random>`), so
nothing it renders, its canonical URL included, can carry one, and the page cache keeps and
finds the answer under the declared parameters alone: a link with any other parameter is
answered from the same entry as the bare URL. A view that declares nothing (Wagtail's
sign-in and document views) gets the query string whole, and its answer to a request with
one is never kept.
"""

import functools
from urllib.parse import parse_qsl, urlencode

from django.http import QueryDict


def kept_query(query_string, names):
    """The parameters of `query_string` named in `names`, in a fixed order (by name, each
    name's values in their order), as a query string; "" when there are none."""
    names = set(names)
    pairs = [pair for pair in parse_qsl(query_string, keep_blank_values=True) if pair[0] in names]
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def only_parameters(request, names):
    """Leave `request` with the query parameters in `names` alone, and note them for the
    page cache (middleware.py), which keeps the answer under them."""
    query = kept_query(request.META.get("QUERY_STRING", ""), names)
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
    request.page_cache_query_parameters = tuple(names)


def reads_query_parameters(*names):
    """For a view that is not a page: the query parameters it reads, the only ones it gets."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            only_parameters(request, names)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
