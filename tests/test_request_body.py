"""A form post whose body cannot be read is a 400 on every URL, logged with its request id
(truvisory/request_body.py); before, it was a 500 on most of them, and never logged."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from pages.models import ContactSubmission
from tests.fixtures import GUIDE_URL
from tests.html import text_of
from tests.test_request_log import json_log

URLS = [
    "/",
    GUIDE_URL,
    "/guides/",
    "/contact/",
    "/search/",
    "/admin/login/",
    "/_util/login/",
    "/admin/password_reset/",
    "/no-such-page/",
    "/llms.txt",
]
LATIN_1 = "application/x-www-form-urlencoded; charset=latin-1"


def hostile_client():
    """A client as the attack used: any 32-character csrftoken cookie, the site's Origin."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "a" * 32
    return client


def post(url, body, content_type):
    # generic(), as post() would encode the body in the declared charset first.
    return hostile_client().generic(
        "POST", url, body, content_type=content_type, HTTP_ORIGIN="http://testserver"
    )


def heading(response):
    return text_of(BeautifulSoup(response.content, "html.parser").find("h1"))


def assert_plain_400(response):
    assert response.status_code == 400
    assert heading(response) == "That request could not be understood"
    # It went through the site's policy, like every other page.
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", URLS)
def test_a_form_post_in_latin_1_is_a_logged_400_on_every_url(db, url):
    with json_log("truvisory.request") as lines:
        response = post(url, "name=Ad%E9le&message=caf%E9", LATIN_1)
    assert_plain_400(response)
    [line] = lines
    assert line["status"] == 400
    assert line["path"] == url
    assert line["request_id"] == response["X-Request-ID"]


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded; charset=windows-1252",
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=utf8",
        "application/x-www-form-urlencoded; charset=no-such-charset",
        "multipart/form-data; boundary=xyz; charset=latin-1",
    ],
)
def test_any_form_charset_but_utf_8_is_refused(db, content_type):
    body = "--xyz--\r\n" if content_type.startswith("multipart") else "name=Ada"
    assert_plain_400(post("/contact/", body, content_type))
    assert ContactSubmission.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        # Percent-escapes that are not UTF-8 (Django would quietly make them U+FFFD).
        ("name=Ad%E9le", "application/x-www-form-urlencoded"),
        # Raw bytes that are not UTF-8.
        (b"name=Ad\xe9le", "application/x-www-form-urlencoded"),
        # A multipart body whose boundary Django cannot use.
        ("--\r\n", "multipart/form-data; boundary="),
        ("whatever", "multipart/form-data"),
    ],
)
def test_a_body_that_cannot_be_decoded_is_refused(db, body, content_type):
    with json_log("truvisory.request") as lines:
        response = post("/contact/", body, content_type)
    assert_plain_400(response)
    assert [line["status"] for line in lines] == [400]


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8"])
def test_utf_8_however_it_is_spelt_still_reaches_the_form(db, charset):
    # The hostile client's cookie is no real token: the CSRF check answers, not this guard.
    response = post(
        "/contact/", "name=Ad%C3%A9le", f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert response.status_code == 403
    assert "Please send that again" in heading(response)
