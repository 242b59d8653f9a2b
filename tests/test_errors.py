"""Error pages: friendly, with the site around them where that is safe, never a traceback."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import include, path
from django.views.defaults import server_error

from tests.html import text_of


def explode(request):
    raise RuntimeError("secret internal detail")


def forbidden(request):
    raise PermissionDenied("secret reason")


# This module is the URLconf of the tests marked below: the site plus two failing views.
urlpatterns = [
    path("explode/", explode),
    path("forbidden/", forbidden),
    path("", include("truvisory.urls")),
]

pytestmark = pytest.mark.urls("tests.test_errors")


def page_of(response):
    return BeautifulSoup(response.content, "html.parser")


def assert_no_traceback(response):
    html = response.content.decode()
    for leak in ("Traceback", "secret internal detail", "secret reason", 'File "/'):
        assert leak not in html


def test_debug_is_off_for_these_tests(settings):
    assert settings.DEBUG is False


def test_404_has_the_site_around_it_a_search_box_and_the_guides(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = page_of(response)
    assert page.find("header") and page.find("footer")
    assert page.find("form", attrs={"role": "search", "action": "/search/"})
    assert page.find("main").find("a", href="/guides/")
    assert_no_traceback(response)


def test_500_is_friendly_and_leaks_nothing(db):
    client = Client(raise_request_exception=False)
    response = client.get("/explode/")
    assert response.status_code == 500
    assert "Something went wrong" in text_of(page_of(response).find("h1"))
    assert_no_traceback(response)


def test_500_renders_without_the_database(db):
    def refuse(*args, **kwargs):
        raise AssertionError("the 500 page touched the database")

    with connection.execute_wrapper(refuse):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_403_is_friendly(client, db):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    page = page_of(response)
    assert "You cannot see this page" in text_of(page.find("h1"))
    assert page.find("header") and page.find("footer")
    assert_no_traceback(response)


def test_csrf_failure_is_a_friendly_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/contact/", {"message": "Hello <there>"})
    assert response.status_code == 403
    page = page_of(response)
    assert "Please send that again" in text_of(page.find("h1"))
    assert page.find("textarea").string == "Hello <there>"
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert_no_traceback(response)


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"path": "/", "HTTP_HOST": "evil.example"},
        {"path": "/", "HTTP_HOST": "bad host name\x00"},
    ],
)
def test_400_is_friendly_even_for_a_host_the_site_refuses(db, request_kwargs):
    response = Client().get(**request_kwargs)
    assert response.status_code == 400
    assert "could not be understood" in text_of(page_of(response).find("h1"))
    assert_no_traceback(response)
