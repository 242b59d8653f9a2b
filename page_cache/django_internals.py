"""The private parts of Django the site reads, each in one function, because Django offers
no public way to ask these questions and the page cache needs the answers.

A private name can change in any release without notice, so nothing else in the site
names one. page_cache/tests/test_django_internals.py checks each function against Django's own
behaviour, and fails on any Django other than CHECKED_ON: on an upgrade, read each
function's Django source again, then move CHECKED_ON.

(django-csp's nonce and Django's Cache-Control parsing, which the site once read privately
too, are read through public APIs now: django-csp's PolicyParts.nonce in
truvisory/csp.py, and a plain split of the header.)
"""

from django.db import transaction
from django.middleware.gzip import re_accepts_gzip

CHECKED_ON = (5, 2)

# The request.META flag django.middleware.csrf.get_token() sets on each use of the token,
# which tells CsrfViewMiddleware to send the CSRF cookie.
CSRF_TOKEN_USED = "CSRF_COOKIE_NEEDS_UPDATE"  # noqa: S105 (a META key, not a secret)


def render_noting_csrf_use(request, render):
    """Call `render()` and return what it returns, with whether that call (not the rest of
    the response) used the visitor's CSRF token. The flag is cleared for the call and put
    back after it, so that the response still sets the cookie for any use."""
    used_before = request.META.pop(CSRF_TOKEN_USED, False)
    used_here = False
    try:
        result = render()
        used_here = bool(request.META.get(CSRF_TOKEN_USED, False))
    finally:
        if used_before or used_here:
            request.META[CSRF_TOKEN_USED] = True
    return result, used_here


def pending_on_commit(kind):
    """The callbacks of type `kind` that transaction.on_commit() has queued in the default
    connection's open transaction (Django keeps them as (savepoints, callback, robust)
    tuples in `run_on_commit`)."""
    return [
        entry[1]
        for entry in transaction.get_connection().run_on_commit
        if isinstance(entry[1], kind)
    ]


def accepts_gzip(request):
    """Whether GZipMiddleware would compress the response to this request: its own test of
    Accept-Encoding, so that a client is offered what it would be sent."""
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
