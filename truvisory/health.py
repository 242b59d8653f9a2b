"""/healthz and /readyz: what a load balancer and a deploy ask of each process."""

import secrets

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from page_cache import cache as page_cache
from worker.worker import live_workers, uses_worker


def _database_check():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unavailable"
    return "ok"


def _page_cache_check():
    """Whether the page cache gives back what it took (django-redis hides its errors)."""
    key = f"healthz-{secrets.token_hex(8)}"  # one of its own: nodes probe at once
    try:
        cache = page_cache.store()
        cache.set(key, "ok", timeout=10)
        answer = cache.get(key)
        cache.delete(key)
    except Exception:
        return "unavailable"
    return "ok" if answer == "ok" else "unavailable"


def _worker_check():
    """A task worker's heartbeat within the lease, where tasks need one."""
    if not uses_worker():
        return "not used"  # tasks run in the process that queues them
    try:
        return "ok" if live_workers().exists() else "no heartbeat within the lease"
    except DatabaseError:
        return "unknown: the database is unavailable"


def _health(checks, healthy):
    good = all(v in ("ok", "not used") for v in checks.values())
    status = ("ok" if good else "degraded") if healthy else "unavailable"
    return JsonResponse({"status": status, **checks}, status=200 if healthy else 503)


@require_safe
@never_cache
def healthz(request):
    """Liveness: 200 while this process can serve pages, from the page cache or the database."""
    checks = {"page_cache": _page_cache_check(), "database": _database_check()}
    return _health(checks, healthy="ok" in checks.values())


@require_safe
@never_cache
def readyz(request):
    """Readiness: 200 when the database answers and a task worker beats within the lease."""
    checks = {"database": _database_check(), "worker": _worker_check()}
    return _health(checks, healthy=all(v in ("ok", "not used") for v in checks.values()))
