"""Content-Security-Policy, on top of django-csp.

Public pages get the strict policy in settings.CONTENT_SECURITY_POLICY: no inline script
ever runs. A template that needs one inline script gives it `nonce="{{ request.csp_nonce }}"`;
django-csp puts a nonce in the header only when a template asked for one, so the public
pages carry one fixed header, and the page cache can share them.

Four things django-csp does not do by itself are done here:
- The Wagtail admin, which relies on inline scripts and styles, gets its own relaxed
  policy (settings.ADMIN_CONTENT_SECURITY_POLICY) under /ADMIN_PATH/.
- Framing follows Wagtail's own decision: the preview views send
  `X-Frame-Options: SAMEORIGIN` so the editor can show them in an iframe, and those
  responses get `frame-ancestors 'self'`. Everything else keeps `frame-ancestors 'none'`.
  A preview renders the public page through the middleware a second time, for a made-up
  request; that inner pass sets no policy, so the admin request's own policy applies.
- A page whose Site settings name an external analytics endpoint lets its script post
  there: that one origin is added to `connect-src`.
- The plain 400 and 500 pages are rendered without a request (so without a nonce) and
  carry their small stylesheet inline. Its hash, read from the template at start-up, is
  allowed in `style-src`, so those pages stay styled without `'unsafe-inline'`.

A response that did use a nonce is marked private: a nonce shared between visitors
through a cache would be no nonce at all. django-csp says whether it did through its public
extension point, the PolicyParts that get_policy_parts() returns.
"""

import base64
import hashlib
import re

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.cache import patch_cache_control

INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
INLINE_STYLE_TEMPLATES = ["plain.html"]


def inline_style_hashes(template_names=INLINE_STYLE_TEMPLATES):
    """CSP sources for the inline <style> blocks of the templates rendered without a request."""
    hashes = []
    for name in template_names:
        try:
            source = get_template(name).template.source
        except TemplateDoesNotExist:
            continue
        for style in INLINE_STYLE.findall(source):
            digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
            hashes.append(f"'sha256-{digest}'")
    return hashes


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
