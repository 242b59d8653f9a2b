"""Content-Security-Policy, on top of django-csp: the admin's own policy, framing for previews,
the analytics origin, the plain pages' style hash (docs/operations.md)."""

import base64
import hashlib
import re

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.template.loader import get_template
from django.utils.cache import patch_cache_control

INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def inline_style_hashes():
    """CSP sources for the inline <style> blocks of plain.html, rendered without a request."""
    source = get_template("plain.html").template.source
    digests = (hashlib.sha256(style.encode()).digest() for style in INLINE_STYLE.findall(source))
    return [f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy and framing decided per response."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.admin_prefix = f"/{settings.ADMIN_PATH}/"
        self.style_hashes = inline_style_hashes()

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.nonce:
            # The page used its nonce (django-csp makes one only when asked). A nonce shared
            # between visitors through a cache would be no nonce at all.
            patch_cache_control(response, private=True)
        update = dict(parts.update or {})
        replace = dict(parts.replace or {})
        if parts.config is None and request.path_info.startswith(self.admin_prefix):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        elif self.style_hashes:
            # Never added to a policy with 'unsafe-inline': a hash would switch that off.
            update["style-src"] = [*update.get("style-src", []), *self.style_hashes]
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            replace["frame-ancestors"] = [SELF]
        if origin := getattr(request, "analytics_origin", None):
            # The external analytics endpoint of Site settings, noted by the page's
            # {% analytics_script %} (analytics/templatetags/analytics.py): that origin only.
            update["connect-src"] = [*update.get("connect-src", []), origin]
        parts.update, parts.replace = update or None, replace or None
        return parts

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            # Wagtail renders a preview by running a made-up request for the page's public
            # URL through the middleware. The real admin request around it sets the policy.
            return response
        return super().process_response(request, response)
