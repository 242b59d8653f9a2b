"""Only the query parameters a page reads are part of its key, and only they reach it: a page
names them in `cache_query_parameters`, another view with `reads_query_parameters`."""

import functools
from urllib.parse import parse_qsl, urlencode

from django.http import QueryDict


def kept_query(query_string, names):
    """The parameters of `query_string` named in `names`, sorted by name, as a query string."""
    names = set(names)
    pairs = [pair for pair in parse_qsl(query_string, keep_blank_values=True) if pair[0] in names]
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def only_parameters(request, names):
    """Leave `request` with the query parameters in `names` alone, and note them for the
    page cache, which keeps the answer under them."""
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
