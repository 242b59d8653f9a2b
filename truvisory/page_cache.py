"""A page cache that answers before any other middleware runs.

Anonymous GET requests without a query string are answered from the shared
cache (Redis in production), so a cached page costs about as much as a static file.
A response is stored only when it is safe to share: status 200, no cookie set, and
nothing in its Cache-Control that says private, no-cache or no-store. Pages with a
CSRF form set a cookie and pages for editors carry a session, so neither is ever
stored. Search and the admin are left out by path.

Invalidation is one shared counter, the generation, which is part of every key:
publishing, unpublishing, moving or deleting a page, or saving a snippet or a site
setting, bumps it, and every cached page (including the sitemap, feed, llms.txt and
markdown copies) is rendered afresh on its next request. Simple, and never stale.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control

from pages.cache import generation

logger = logging.getLogger(__name__)

SHARED_CACHE_CONTROL = {"public": True, "max_age": 300, "stale_while_revalidate": 86400}
UNCACHEABLE = ("private", "no-cache", "no-store")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded = tuple(settings.PAGE_CACHE_EXCLUDED_PATHS) + (f"/{settings.ADMIN_PATH}/",)

    def __call__(self, request):
        key = self.key_for(request)
        if key is None:
            return self.get_response(request)
        entry = cache.get(key)
        if entry is not None:
            return self.replay(request, entry)
        response = self.get_response(request)
        if self.is_shareable(response):
            patch_cache_control(response, **SHARED_CACHE_CONTROL)
            if not response.has_header("ETag"):
                response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'  # noqa: S324
            cache.set(key, self.freeze(response), timeout=settings.PAGE_CACHE_SECONDS)
        return response

    def key_for(self, request):
        if request.method != "GET" or request.META.get("QUERY_STRING"):
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None  # let SecurityMiddleware redirect to https
        if request.path.startswith(self.excluded):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None
        encoding = "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "identity"
        digest = hashlib.sha256(f"{host}{request.path}".encode()).hexdigest()[:32]
        return f"page-cache:{generation()}:{encoding}:{digest}"

    def is_shareable(self, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "")
        return not any(word in cache_control for word in UNCACHEABLE)

    def freeze(self, response):
        return (response.content, list(response.items()))

    def replay(self, request, entry):
        content, headers = entry
        etag = dict(headers).get("ETag")
        if etag and etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            return response
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
