"""A form post whose body cannot be read gets the plain 400 page, before anything reads it.

Django refuses some form bodies only when something first reads `request.POST`: a
urlencoded body that declares a charset other than UTF-8 (BadRequest), a malformed
multipart body (MultiPartParserError), too many fields or too large a body
(SuspiciousOperation). That first reader is usually the CSRF check, and Django's error
pages are themselves wrapped in a CSRF check that reads the body again, so the 400 became
a 500, on every URL, without a line in the request log.

This middleware reads a form post's body first, once, and answers 400 when it cannot be
read: a form charset other than UTF-8 (urlencoded or multipart), a urlencoded body that is
not valid UTF-8 once percent-decoded (Django would quietly replace the bad bytes), or any
error Django raises while parsing. Everything below then reads the parsed form Django
keeps on the request. Only POST is parsed, as only POST is by Django.

It sits right after SecurityMiddleware: inside the request log (so the 400 is logged with
its request id) and the https redirect, before the page cache and everything else, which
never see such a post. The 400 passes through the site's CSP middleware on its way out, as
every other page does, so the plain page keeps its policy (and its inline style's hash).
"""

from urllib.parse import parse_qsl

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.template import loader

from truvisory.csp import ContentSecurityPolicyMiddleware

FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
UNREADABLE = (BadRequest, SuspiciousOperation, MultiPartParserError, UnicodeDecodeError)


def readable(request):
    """Parse the form post's body now; False if it cannot be read as UTF-8 form data."""
    # Spelt as Django's own check of urlencoded bodies wants it (not "utf8").
    if request.content_params.get("charset", "utf-8").lower() != "utf-8":
        return False
    try:
        if request.content_type == "application/x-www-form-urlencoded":
            parse_qsl(request.body.decode(), keep_blank_values=True, errors="strict")
        request.POST  # noqa: B018 (parsed now; Django keeps the result)
    except UNREADABLE:
        return False
    return True


def bad_request(request):
    """Django's own 400 page (templates/400.html) without its CSRF wrapper, which would
    read the body again."""
    return HttpResponseBadRequest(loader.render_to_string("400.html"))


class FormBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.refuse = ContentSecurityPolicyMiddleware(bad_request)

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.content_type in FORM_TYPES
            and not readable(request)
        ):
            return self.refuse(request)
        return self.get_response(request)
