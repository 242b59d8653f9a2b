"""The private parts of Django and Wagtail the page cache reads, each in one function, as
neither offers a public way to ask; test_internals.py fails on any version but CHECKED_ON."""

import copy

from django.db import transaction
from django.http.request import split_domain_port
from django.middleware.gzip import re_accepts_gzip
from wagtail.models import Site

CHECKED_ON = {"Django": (5, 2), "Wagtail": (8, 0)}

# The request.META flag django.middleware.csrf.get_token() sets on each use of the token,
# which tells CsrfViewMiddleware to send the CSRF cookie.
CSRF_TOKEN_USED = "CSRF_COOKIE_NEEDS_UPDATE"  # noqa: S105 (a META key, not a secret)


def render_noting_csrf_use(request, render):
    """What `render()` returns, and whether that call (not the rest of the response) used
    the visitor's CSRF token; the flag is put back, so the response still sets the cookie."""
    used_before = request.META.pop(CSRF_TOKEN_USED, False)
    try:
        result = render()
    finally:
        used_here = bool(request.META.get(CSRF_TOKEN_USED, False))
        if used_before or used_here:
            request.META[CSRF_TOKEN_USED] = True
    return result, used_here


def pending_on_commit(kind):
    """The callbacks of type `kind` queued by transaction.on_commit() in the open transaction
    (Django keeps (savepoints, callback, robust) tuples in `run_on_commit`)."""
    queued = [entry[1] for entry in transaction.get_connection().run_on_commit]
    return [callback for callback in queued if isinstance(callback, kind)]


def accepts_gzip(request):
    """Whether GZipMiddleware would compress the response to this request (its own test)."""
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def site_key(request):
    """The host and port Wagtail's Site look-up reads: Django's host before the ALLOWED_HOSTS
    check (`_get_raw_host`), as `Site._find_for_request` reads it."""
    return split_domain_port(request._get_raw_host())[0], request.get_port()


def find_site(request):
    """Wagtail's Site look-up, without the request's own copy (`Site._find_for_request`)."""
    return Site._find_for_request(request)


def request_site(request, find):
    """The Site Wagtail keeps on the request (`_wagtail_site`), kept from find() when it has
    none; a root page already loaded with it is copied, so the request has its own."""
    if not hasattr(request, "_wagtail_site"):
        site = find()
        if site is not None and "root_page" in site._state.fields_cache:
            site.root_page = copy.copy(site.root_page)
        request._wagtail_site = site
    return request._wagtail_site


def request_site_root_paths(request, find):
    """The site root paths Wagtail keeps on the request to make page URLs
    (`_wagtail_cached_site_root_paths`), kept from find() when it has none."""
    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        request._wagtail_cached_site_root_paths = find()
    return request._wagtail_cached_site_root_paths
