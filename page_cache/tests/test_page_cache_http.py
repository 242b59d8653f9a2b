"""HTTP as the best static hosts answer it (page_cache/cache.py states the rule):
a HEAD is the GET without its body, from the same cache entry; If-None-Match and
If-Modified-Since get a 304 with the validators, through Django's get_conditional_response.

Django's test client drops a HEAD's body itself, so the body is read here from the handler
before it does (`raw`), and page_cache/tests/test_page_cache_server.py reads it from gunicorn."""

import datetime
import logging

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory
from django.test.client import ClientHandler
from django.utils.http import http_date, parse_http_date

from guides.models import GuidePage
from tests.fixtures import GUIDE_URL, clear_caches

# Headers that differ between any two answers, whatever the method.
PER_REQUEST = {"X-Request-ID"}
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def headers(response):
    return {name: value for name, value in response.items() if name not in PER_REQUEST}


def raw(method, url, **extra):
    """The response as the WSGI server gets it: before the test client removes a HEAD's
    body (django.test.client.conditional_content_removal)."""
    environ = RequestFactory().generic(method, url, **extra).environ
    handler = ClientHandler()
    handler.load_middleware()
    return handler.get_response(WSGIRequest(environ))


def body(response):
    return b"".join(response) if response.streaming else response.content


@pytest.mark.parametrize("encoding", [GZIP, {}], ids=["gzip", "identity"])
def test_a_head_has_the_get_s_headers_and_no_body_on_a_miss_and_a_hit(db, encoding):
    head_miss = raw("HEAD", GUIDE_URL, **encoding)
    assert "X-Page-Cache" not in head_miss
    head_hit = raw("HEAD", GUIDE_URL, **encoding)
    get_hit = raw("GET", GUIDE_URL, **encoding)
    clear_caches()
    get_miss = raw("GET", GUIDE_URL, **encoding)

    assert head_miss.status_code == get_miss.status_code == 200
    # Two renders differ only in length when gzipped: Django's GZipMiddleware pads each
    # compressed body with random bytes (its BREACH mitigation).
    length = "Content-Length"
    assert headers(head_miss) | {length: ""} == headers(get_miss) | {length: ""}
    assert head_hit["X-Page-Cache"] == get_hit["X-Page-Cache"] == "hit"
    assert headers(head_hit) == headers(get_hit)
    for name in ["ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Encoding"]:
        assert head_hit.get(name) == head_miss.get(name) == get_miss.get(name), name
    # The length of the body the HEAD kept, which the GET was then sent; none is sent here.
    assert int(head_miss[length]) == int(head_hit[length]) == len(get_hit.content) > 1000
    assert body(head_miss) == body(head_hit) == b""


def test_a_head_fills_the_cache_for_the_gets_that_follow(client, db):
    assert "X-Page-Cache" not in client.head(GUIDE_URL)
    cached = client.get(GUIDE_URL)
    assert cached["X-Page-Cache"] == "hit"
    clear_caches()
    assert cached.content == client.get(GUIDE_URL).content


def test_a_head_that_the_cache_cannot_answer_still_has_the_get_s_headers(client, db):
    # A request with a session cookie is rendered afresh every time.
    cookie = {"HTTP_COOKIE": "sessionid=unknown"}
    head, get = client.head(GUIDE_URL, **cookie), client.get(GUIDE_URL, **cookie)
    assert "X-Page-Cache" not in head and "X-Page-Cache" not in get
    assert head["ETag"] == get["ETag"]  # Django's ConditionalGetMiddleware skips a HEAD
    assert headers(head) == headers(get)


def test_a_head_is_logged_as_a_head(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="truvisory.request"):
        client.head(GUIDE_URL)
        client.head(GUIDE_URL)
    lines = [record for record in caplog.records if record.name == "truvisory.request"]
    assert [(line.method, line.page_cache) for line in lines] == [("HEAD", None), ("HEAD", "hit")]


# Last-Modified


def test_a_page_s_last_modified_is_its_last_modified_property(client, guide):
    response = client.get(GUIDE_URL)
    expected = guide.last_modified
    assert expected is not None
    assert response["Last-Modified"] == http_date(expected.timestamp())
    hit = client.get(GUIDE_URL)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Last-Modified"] == response["Last-Modified"]


def test_a_hit_answers_if_modified_since_without_loading_the_page(client, guide, monkeypatch):
    last_modified = client.get(GUIDE_URL)["Last-Modified"]

    def refuse(page):
        raise AssertionError("the page was loaded")

    monkeypatch.setattr(GuidePage, "last_modified", property(refuse))
    response = client.get(GUIDE_URL, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304
    assert response["X-Page-Cache"] == "hit"


def test_last_modified_is_never_later_than_now(client, db, monkeypatch):
    tomorrow = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    monkeypatch.setattr(GuidePage, "last_modified", property(lambda page: tomorrow))
    sent = parse_http_date(client.get(GUIDE_URL)["Last-Modified"])
    assert sent <= datetime.datetime.now(datetime.UTC).timestamp()


def test_no_last_modified_without_a_date(client, db, monkeypatch):
    monkeypatch.setattr(GuidePage, "last_modified", property(lambda page: None))
    assert "Last-Modified" not in client.get(GUIDE_URL)


def test_no_last_modified_on_answers_that_are_not_shared(client, admin_client, db):
    # A signed-in editor's page is private, and a form is never shared: without an explicit
    # max-age, a browser would guess a freshness from Last-Modified.
    assert "Last-Modified" not in admin_client.get(GUIDE_URL)
    contact = client.get("/contact/")
    assert contact.status_code == 200
    assert "Last-Modified" not in contact


# Conditional requests


VALIDATORS = ["ETag", "Last-Modified", "Cache-Control", "Vary"]


def assert_not_modified(response, reference):
    """A 304 with no body that carries what RFC 9110 (15.4.5) asks of it, as sent with 200."""
    assert response.status_code == 304, response.status_code
    assert response.content == b""
    for name in VALIDATORS:
        assert response[name] == reference[name], name


@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize("cached", [True, False], ids=["hit", "miss"])
@pytest.mark.parametrize("validator", ["If-None-Match", "If-Modified-Since"])
def test_a_conditional_get_or_head_gets_a_304_with_the_validators(
    client, db, method, cached, validator
):
    reference = client.get(GUIDE_URL, **GZIP)
    if not cached:
        clear_caches()
    value = reference["ETag" if validator == "If-None-Match" else "Last-Modified"]
    header = "HTTP_" + validator.upper().replace("-", "_")
    response = getattr(client, method)(GUIDE_URL, **{header: value}, **GZIP)
    assert_not_modified(response, reference)
    assert ("X-Page-Cache" in response) is cached


@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize("cached", [True, False], ids=["hit", "miss"])
def test_an_older_if_modified_since_gets_the_page(client, db, method, cached):
    reference = client.get(GUIDE_URL)
    if not cached:
        clear_caches()
    older = http_date(parse_http_date(reference["Last-Modified"]) - 86400)
    response = getattr(client, method)(GUIDE_URL, HTTP_IF_MODIFIED_SINCE=older)
    assert response.status_code == 200
    assert response["Last-Modified"] == reference["Last-Modified"]
    if method == "get":
        assert response.content == reference.content


def test_if_none_match_outranks_if_modified_since(client, db):
    # RFC 9110, 13.1.3: with If-None-Match, If-Modified-Since is ignored.
    reference = client.get(GUIDE_URL)
    response = client.get(
        GUIDE_URL,
        HTTP_IF_NONE_MATCH='"another-version"',
        HTTP_IF_MODIFIED_SINCE=reference["Last-Modified"],
    )
    assert response.status_code == 200
    assert response.content == reference.content


def test_a_conditional_head_is_answered_from_the_cache(client, db):
    etag = client.get(GUIDE_URL)["ETag"]
    response = client.head(GUIDE_URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["X-Page-Cache"] == "hit"
