"""Whole responses from the page cache (the rule: docs/architecture.md, "The page cache")."""

import datetime
import hashlib
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from . import invalidation
from .cache import current_version, generation_for, keep, read, release_id
from .internals import accepts_gzip
from .query import kept_query


class PageCacheMiddleware:
    release_noted = False  # set on this process's first request (invalidation.release_started)

    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded = (*settings.PAGE_CACHE_EXCLUDED_PATHS, f"/{settings.ADMIN_PATH}/")
        # A 304 when the visitor's copy is current, decided as Django's own middleware does.
        self.conditional = ConditionalGetMiddleware(get_response).process_response

    def __call__(self, request):
        if not self.release_noted:
            self.release_noted = True
            invalidation.release_started()
        if request.method == "HEAD":
            return self.head(request)
        return self.answer(request)

    def head(self, request):
        """A HEAD is the GET of the same URL without its body (RFC 9110, 9.3.2)."""
        request.method = "GET"
        try:
            response = self.answer(request)
        finally:
            request.method = "HEAD"  # as the request log, outside, reports it
        # Its headers, Content-Length included, are the GET's: gunicorn sends what it is given.
        if response.streaming:
            response.streaming_content = []  # a file's handle is still closed with the response
        else:
            response.content = b""
        return response

    def answer(self, request):
        address = self.address_for(request)
        if address is None:
            if not request.path.startswith(self.excluded):
                generation_for(request)  # before the view reads anything (fragments, menu)
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # A signed-in person's answer is theirs alone: private for every shared cache.
                patch_cache_control(response, private=True)
            return response
        query = request.META.get("QUERY_STRING", "")
        # What a client is sent depends on whether it takes gzip, so each kind has its entry.
        encoding = "gzip" if accepts_gzip(request) else "identity"
        bare = entry_key(address, "", encoding)
        # The content version, before anything else is read (at most one query a second).
        current = current_version()
        request.page_cache_generation = current
        # One round trip at most: the entry without a query string and, for a query string,
        # the parameters the page at this address reads (learned when it was last rendered,
        # below); this process's own copies of them need none.
        found = read([bare, reads_key(address)] if query else [bare])
        if found is None:  # the cache did not answer: render afresh, keep nothing
            request.page_cache_generation = None
            return self.get_response(request)
        entry = found.get(bare)
        if query:
            names = found.get(reads_key(address))
            read_here = None if names is None else kept_query(query, names)
            if read_here is None:  # not known yet which parameters the page reads
                entry = None
            elif read_here:  # parameters the page reads: an entry of its own
                key = entry_key(address, read_here, encoding)
                entry = (read([key]) or {}).get(key)
        if entry is not None and current and entry[0] == current:
            response = self.conditional(request, HttpResponse(entry[1], headers=dict(entry[2])))
            response["X-Page-Cache"] = "hit"
            return response

        # The whole answer is rendered, kept, and then compared with the visitor's copy, as a
        # hit is: so a 304 is the same from a miss as from a hit (ETag, Vary, Last-Modified)
        # and a conditional request fills the cache too: the view sees no If-* header.
        preconditions = {
            name: request.META.pop(name)
            for name in list(request.META)
            if name.startswith("HTTP_IF_")
        }
        try:
            response = self.get_response(request)
        finally:
            request.META.update(preconditions)
        if is_shareable(response):
            patch_cache_control(response, public=True, max_age=300, stale_while_revalidate=86400)
            add_last_modified(request, response)
            if response.status_code == 200 and current:
                self.keep(request, response, address, query, encoding, current)
        return self.conditional(request, response) if response.status_code == 200 else response

    def keep(self, request, response, address, query, encoding, current):
        """Keep an answer under the query parameters its view reads (a view that declares
        none only without a query string), and those parameters for the next lookup."""
        names = getattr(request, "page_cache_query_parameters", None)
        # A gzip body suits only the entry of clients that take gzip.
        if (names is None and query) or response.get("Content-Encoding", encoding) != encoding:
            return
        key = entry_key(address, kept_query(query, names or ()), encoding)
        entries = {key: (current, response.content, list(response.items()))}
        if names is not None:
            entries[reads_key(address)] = tuple(names)
        keep(entries, settings.PAGE_CACHE_SECONDS)

    def address_for(self, request):
        """`page:<release>:<digest>` for a request the page cache may answer, or None."""
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        if request.path.startswith(self.excluded):
            return None
        try:
            hostname, _port = split_domain_port(request.get_host())
        except DisallowedHost:
            return None  # Django answers 400
        place = f"{request.scheme}://{hostname}{request.path}"
        return f"page:{release_id()}:{hashlib.sha256(place.encode()).hexdigest()[:32]}"


def reads_key(address):
    """The key of the names of the query parameters the page at `address` reads."""
    return f"{address}:reads"


def entry_key(address, query, encoding):
    """A whole response's key: its address, the query parameters it reads, its body's encoding."""
    if query:
        address += ":" + hashlib.sha256(query.encode()).hexdigest()[:32]
    return f"{address}:{encoding}"


def add_last_modified(request, response):
    """Last-Modified on a page's shared answer: the page's `last_modified` (noted by the
    on_serve_page hook), never later than now (RFC 9110, 8.8.2.1), nor in place of a view's own."""
    modified = getattr(request, "page_cache_last_modified", None)
    if isinstance(modified, datetime.datetime) and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(min(modified.timestamp(), time.time()))


def is_shareable(response):
    """Whether one visitor's answer may be given to every visitor."""
    if response.status_code not in (200, 304) or response.streaming or response.cookies:
        return False
    if directive_names(response.get("Cache-Control", "")) & {"private", "no-cache", "no-store"}:
        return False
    # The key tells answers apart by encoding only: an answer that varies on anything else
    # (a cookie, a language) is not the same for everyone.
    return directive_names(response.get("Vary", "")) <= {"accept-encoding"}


def directive_names(header):
    """The lower-cased names in a header: {max-age, public} for `max-age=300, Public`."""
    return {part.split("=", 1)[0].strip().lower() for part in header.split(",") if part.strip()}
