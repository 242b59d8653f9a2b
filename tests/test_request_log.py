"""Structured logs: one JSON line per request, errors included, each with the request id."""

import io
import json
import logging
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.test import RequestFactory
from django.utils.module_loading import import_string

from tests.fixtures import GUIDE_URL
from truvisory.request_log import RequestIdFilter, RequestLogMiddleware


@contextmanager
def json_log(*logger_names):
    """The lines the settings' JSON formatter writes for these loggers, as dicts."""
    options = dict(settings.LOGGING["formatters"]["json"])
    formatter = import_string(options.pop("()"))(**options)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(name) for name in logger_names]
    for logger in loggers:
        logger.addHandler(handler)
    lines = []
    try:
        yield lines
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
        lines += [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_request_gets_an_id_and_one_json_line(client, db):
    with json_log("truvisory.request") as lines:
        response = client.get(GUIDE_URL)
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [line] = lines
    assert line["request_id"] == request_id
    assert line["logger"] == "truvisory.request"
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == GUIDE_URL
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["time"].endswith("+00:00")


def test_cached_answers_are_logged_with_their_own_id(client, db):
    client.get(GUIDE_URL)
    with json_log("truvisory.request") as lines:
        first = client.get(GUIDE_URL)
        second = client.get(GUIDE_URL)
    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "hit"
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert [line["request_id"] for line in lines] == [first["X-Request-ID"], second["X-Request-ID"]]
    assert all(line["page_cache"] == "hit" for line in lines)


def test_a_trusted_proxys_id_is_kept_and_a_malformed_one_replaced(client, db, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    kept = client.get("/", HTTP_X_REQUEST_ID="lb-5f2c9a7e-0001", **proxy)
    assert kept["X-Request-ID"] == "lb-5f2c9a7e-0001"
    for malformed in ['x"\n{"level": "ERROR"}', "short", "x" * 101, "id with spaces"]:
        replaced = client.get("/", HTTP_X_REQUEST_ID=malformed, **proxy)["X-Request-ID"]
        assert len(replaced) == 32 and replaced != malformed


def test_anyone_else_cannot_choose_the_id_written_to_the_logs(client, db, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    with json_log("truvisory.request") as lines:
        response = client.get(
            "/", HTTP_X_REQUEST_ID="chosen-by-the-client", REMOTE_ADDR="192.0.2.9"
        )
    assert response["X-Request-ID"] != "chosen-by-the-client"
    assert len(response["X-Request-ID"]) == 32
    assert [line["request_id"] for line in lines] == [response["X-Request-ID"]]


def test_a_not_found_is_logged_with_the_request_id(client, db):
    with json_log("django.request") as lines:
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    [line] = lines
    assert line["level"] == "WARNING"
    assert line["request_id"] == response["X-Request-ID"]


def test_an_error_is_logged_as_json_with_its_traceback_and_request_id():
    def broken_view(request):
        raise RuntimeError("the database fell over")

    middleware = RequestLogMiddleware(convert_exception_to_response(broken_view))
    request = RequestFactory().get("/broken/")
    with json_log("django.request", "truvisory.request") as lines:
        response = middleware(request)
    assert response.status_code == 500
    error = next(line for line in lines if line["logger"] == "django.request")
    assert error["level"] == "ERROR"
    assert error["request_id"] == response["X-Request-ID"]
    assert "RuntimeError: the database fell over" in error["exc_info"]
    access = next(line for line in lines if line["logger"] == "truvisory.request")
    assert access["status"] == 500
    assert access["request_id"] == response["X-Request-ID"]


def test_an_exception_that_escapes_the_error_pages_still_gets_its_one_line():
    def failing_error_page(request):
        raise RuntimeError("the error page itself failed")

    middleware = RequestLogMiddleware(failing_error_page)
    request = RequestFactory().post("/contact/")
    with json_log("truvisory.request") as lines, pytest.raises(RuntimeError):
        middleware(request)
    [line] = lines
    assert line["status"] == 500
    assert line["path"] == "/contact/"
    assert line["request_id"] == request.request_id and len(request.request_id) == 32


def test_log_lines_outside_a_request_have_no_id():
    with json_log("truvisory") as lines:
        logging.getLogger("truvisory").warning("between requests")
    assert lines[0]["request_id"] is None
    assert lines[0]["message"] == "between requests"
