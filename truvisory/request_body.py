"""A form post whose body cannot be read gets the plain 400 page, before anything reads it
(docs/architecture.md, "The contact form")."""

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.template import loader

from pages.form_body import FORM, form_fields, utf8
from truvisory.csp import ContentSecurityPolicyMiddleware


def readable(request):
    """Parse the form post's body now; False if it cannot be read as UTF-8 form data."""
    if not utf8(request):
        return False
    try:
        if request.content_type == FORM and form_fields(request) is None:
            return False
        request.POST  # noqa: B018 (parsed now; Django keeps the result)
    except (BadRequest, SuspiciousOperation, MultiPartParserError, UnicodeDecodeError):
        return False
    return True


def bad_request(request):
    """Django's 400 page without its CSRF wrapper, which would read the body again."""
    return HttpResponseBadRequest(loader.render_to_string("400.html"))


class FormBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # The 400 keeps the site's policy (and the plain page's style hash) on its way out.
        self.refuse = ContentSecurityPolicyMiddleware(bad_request)

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.content_type in (FORM, "multipart/form-data")
            and not readable(request)
        ):
            return self.refuse(request)
        return self.get_response(request)
