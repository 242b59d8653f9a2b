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
through a cache would be no nonce at all.
"""

import base64
import hashlib
import logging
import math
import re
from collections import defaultdict

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt, AccessFailureLog
from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db.models import Max
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from pages.ratelimit import network_label, network_of

logger = logging.getLogger("truvisory.security")

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
        response = super().process_response(request, response)
        if getattr(request, "_csp_nonce", None):
            patch_cache_control(response, private=True)
        return response


class EscalatingLockHandler(AxesDatabaseHandler):
    """django-axes' database handler, made stricter for repeat offenders.

    Axes pauses a user name at one address for AXES_COOLOFF_TIME after AXES_FAILURE_LIMIT
    failures. Once that pair has been paused AXES_LOCK_AFTER_PAUSES times within
    AXES_LOCK_PERIOD, it is locked: refused for AXES_LOCK_PERIOD from the last pause, or
    until an administrator unlocks it (Settings > Sign-in locks, or `unlock_sign_in`).
    Each pause is one row of axes' failure log marked `locked_out` (refused attempts during
    a pause add none, as AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off), so counting
    them needs no table of its own.
    """

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or bool(locked_until(request, credentials))


def lock_end(pauses):
    """When the lock on one user name and address ends, from its pause times (newest first),
    or None if it is not locked."""
    count = settings.AXES_LOCK_AFTER_PAUSES
    if len(pauses) < count or pauses[0] - pauses[count - 1] > settings.AXES_LOCK_PERIOD:
        return None
    until = pauses[0] + settings.AXES_LOCK_PERIOD
    return until if until > timezone.now() else None


def locked_until(request, credentials=None):
    """When the lock on this request's user name and address ends, or None if it has none."""
    pauses = AccessFailureLog.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=request.axes_ip_address,
        locked_out=True,
    ).order_by("-attempt_time")
    return lock_end(
        list(pauses.values_list("attempt_time", flat=True)[: settings.AXES_LOCK_AFTER_PAUSES])
    )


def current_blocks():
    """Every user name and address that cannot sign in now, soonest free first: dicts with
    username, ip_address, state ("Locked" or "Paused") and until."""
    now = timezone.now()
    # A lock counts pauses at most one period apart and lasts one period after the last.
    recent_pauses = (
        AccessFailureLog.objects.filter(
            locked_out=True, attempt_time__gte=now - 2 * settings.AXES_LOCK_PERIOD
        )
        .order_by("-attempt_time")
        .values_list("username", "ip_address", "attempt_time")
    )
    pauses = defaultdict(list)
    for username, ip_address, attempt_time in recent_pauses:
        pauses[username, ip_address].append(attempt_time)
    blocks = {}
    for pair, times in pauses.items():
        if until := lock_end(times):
            blocks[pair] = ("Locked", until)
    paused = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=now - settings.AXES_COOLOFF_TIME,
    ).values_list("username", "ip_address", "attempt_time")
    for username, ip_address, attempt_time in paused:
        blocks.setdefault(
            (username, ip_address), ("Paused", attempt_time + settings.AXES_COOLOFF_TIME)
        )
    rows = [
        {
            "username": username,
            "ip_address": ip_address,
            "network": network_label(ip_address),
            "state": state,
            "until": until,
        }
        for (username, ip_address), (state, until) in blocks.items()
    ]
    return sorted(rows, key=lambda row: row["until"])


def unlock(username, ip_address=None, by="an administrator"):
    """Lift any pause or lock on `username`, from one address (and the rest of its IPv6
    /64, which counts as one) or all. The failures stay on record; their pauses are
    forgiven, so they no longer count towards a lock. Returns the number of failed-attempt
    records cleared and of pauses forgiven."""
    match = {"username": username}
    if ip_address:
        match["ip_address"] = network_of(ip_address.split("/")[0])
    attempts, _ = AccessAttempt.objects.filter(**match).delete()
    pauses = AccessFailureLog.objects.filter(locked_out=True, **match).update(locked_out=False)
    if attempts or pauses:
        logger.warning("Sign-in unlocked", extra={**match, "by": by})
    return attempts, pauses


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer, with status 429: a page that says whether sign-in is
    paused or locked, until when, and what to do."""
    username = get_client_username(request, credentials)
    locked = locked_until(request, credentials)
    if locked:
        until = locked
        logger.warning(
            "Sign-in locked",
            extra={"username": username, "ip_address": request.axes_ip_address, "until": until},
        )
    else:
        last_failure = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).aggregate(last=Max("attempt_time"))["last"]
        until = (last_failure or timezone.now()) + settings.AXES_COOLOFF_TIME
    wait = (until - timezone.now()).total_seconds()
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": username or "",
        "locked_until": locked,
        "pauses": settings.AXES_LOCK_AFTER_PAUSES,
        "lock_hours": round(settings.AXES_LOCK_PERIOD.total_seconds() / 3600),
        "minutes": max(1, round(wait / 60)),
    }
    response = TemplateResponse(request, "login_locked_out.html", context, status=429)
    response["Retry-After"] = str(max(1, math.ceil(wait)))
    return response.render()
