"""gunicorn settings, read from the environment so one image serves every deployment."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads, so that a slow client holds one thread rather than a whole worker: gunicorn's
# sync worker reads each request itself, and two clients sending their headers or body a
# byte at a time held both workers while every other request waited. A thread is given to
# a connection once its first byte arrives. This only softens the attack: a worker whose
# threads are all held still takes new connections, which then wait, so a buffering
# proxy (nginx, a cloud load balancer) belongs in front (docs/operations.md, "A buffering
# proxy is required in front of gunicorn").
# With more than one thread gunicorn runs its gthread worker; GUNICORN_THREADS=1, the sync one.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycling workers guards against leaks but costs a boot each time; off unless asked for.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# Empty GUNICORN_ACCESS_LOG turns the access log off (the benchmark does).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# gunicorn believes no proxy's headers by itself: the app decides, from TRUSTED_PROXIES
# (truvisory/proxies.py), which also takes networks, which gunicorn's own setting does not.
# Trusting a proxy here too would let it set https before the app had checked the address.
forwarded_allow_ips = ""
wsgi_app = "truvisory.wsgi:application"
# gunicorn's own lines (worker boots and timeouts, and the access log when it is on) as
# JSON too, like the app's, so one log collector reads them all.
_json = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(levelname)s %(name)s %(message)s",
    "rename_fields": {"levelname": "level", "name": "logger"},
    "timestamp": "time",
}
logconfig_dict = {
    "formatters": {"generic": _json},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        # With a logging config, gunicorn writes access lines even without `accesslog`.
        "gunicorn.access": {
            "level": "INFO" if accesslog else "WARNING",
            "handlers": ["console"],
            "propagate": False,
        },
    },
}


def post_worker_init(worker):
    """Each worker reads the content version as it starts, so that every worker, not only
    those that have served a page, keeps serving cached pages through a later database
    outage (docs/architecture.md, "The page cache")."""
    from django.db import connections

    from page_cache.cache import current_version

    current_version()
    connections.close_all()
    worker.log.info("Worker %s is ready", worker.pid)
