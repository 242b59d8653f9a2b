"""The private parts of Django the page cache reads, each in one function, as Django offers no
public way to ask; test_django_internals.py fails on any Django but CHECKED_ON."""

from django.db import transaction
from django.middleware.gzip import re_accepts_gzip

CHECKED_ON = (5, 2)

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
