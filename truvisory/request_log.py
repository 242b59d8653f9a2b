"""One JSON log line per request, and a request id on every line a request causes
(docs/operations.md, "Logs")."""

import contextvars
import logging
import re
import time
import uuid

import sentry_sdk

current_request_id = contextvars.ContextVar("request_id", default=None)
ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._:-]{8,100}$")
HEADER = "X-Request-ID"

logger = logging.getLogger("truvisory.request")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record: the current request's, or None outside one."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = current_request_id.get() or getattr(request, "request_id", None)
        return True


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request, "is_dummy", False):
            # A Wagtail preview's inner, made-up request: part of the admin request around it.
            return self.get_response(request)
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if ACCEPTED_ID.match(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        request.request_id = request_id
        sentry_sdk.set_tag("request_id", request_id)  # a no-op without SENTRY_DSN
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        except Exception:
            # Django turns exceptions into error pages below this point; one that escapes
            # (an error page that itself failed) still gets its line, as the 500 it becomes.
            log_request(request, 500, started)
            raise
        else:
            response[HEADER] = request_id
            log_request(request, response.status_code, started, response.get("X-Page-Cache"))
            return response
        finally:
            current_request_id.reset(token)


def log_request(request, status, started, page_cache=None):
    logger.info(
        "%s %s %s",
        request.method,
        request.path,
        status,
        extra={
            "method": request.method,
            "path": request.path,
            # The visitor's address, as the rate limit and the sign-in lockout see
            # it: truvisory/proxies.py has put it here (TRUSTED_PROXIES).
            "client": request.META.get("REMOTE_ADDR"),
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "page_cache": page_cache,
        },
    )
