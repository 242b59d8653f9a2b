"""Sign-in locks on top of django-axes: pauses that escalate to a lock, their unlocking, and the
page a refused sign-in gets (docs/operations.md, docs/architecture.md "Why ours")."""

import logging
import math
from collections import defaultdict

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db.models import Max
from django.template.response import TemplateResponse
from django.utils import timezone

from pages.ratelimit import network_label, network_of

logger = logging.getLogger("truvisory.security")


class EscalatingLockHandler(AxesDatabaseHandler):
    """django-axes' database handler, which also refuses a pair locked after repeated pauses."""

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or bool(locked_until(request, credentials))


def lock_end(pauses):
    """When a lock ends, from its pair's pause times (newest first); None if not locked."""
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
    """Every user name and address that cannot sign in now, soonest free first."""
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
    blocks = {
        pair: ("Locked", until) for pair, times in pauses.items() if (until := lock_end(times))
    }
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
    """Lift the pauses and locks on `username` (from one network, or all); returns the counts."""
    match = {"username": username}
    if ip_address:
        match["ip_address"] = network_of(ip_address.split("/")[0])
    attempts, _ = AccessAttempt.objects.filter(**match).delete()
    pauses = AccessFailureLog.objects.filter(locked_out=True, **match).update(locked_out=False)
    if attempts or pauses:
        logger.warning("Sign-in unlocked", extra={**match, "by": by})
    return attempts, pauses


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer: a 429 page that says paused or locked, until when."""
    username = get_client_username(request, credentials)
    until = locked = locked_until(request, credentials)
    if locked:
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
    response = TemplateResponse(request, "accounts/login_locked_out.html", context, status=429)
    response["Retry-After"] = str(max(1, math.ceil(wait)))
    return response.render()
