"""The private parts of Django the site reads (page_cache/django_internals.py), each checked
against what Django itself does with them, on the Django version they were read on."""

import django
import pytest
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.middleware.gzip import GZipMiddleware
from django.test import RequestFactory

from page_cache import django_internals
from page_cache.django_internals import accepts_gzip, pending_on_commit, render_noting_csrf_use


def test_the_internals_were_checked_on_this_django():
    assert django.VERSION[:2] == django_internals.CHECKED_ON, (
        f"Django {django.get_version()}: read each function of page_cache/django_internals.py "
        "against this Django's source (the CSRF flag get_token() sets, run_on_commit's "
        "tuples, GZipMiddleware's re_accepts_gzip), then move CHECKED_ON"
    )


def through_csrf_middleware(view):
    request = RequestFactory().get("/")
    return CsrfViewMiddleware(view)(request)


def test_a_render_that_used_the_token_is_told_and_the_cookie_is_still_set():
    seen = {}

    def view(request):
        html, seen["used"] = render_noting_csrf_use(request, lambda: f"<form>{get_token(request)}")
        return HttpResponse(html)

    response = through_csrf_middleware(view)
    assert seen["used"] is True
    assert "csrftoken" in response.cookies  # Django still sends the cookie the form needs


def test_a_render_without_the_token_is_told_so_and_an_earlier_use_still_counts():
    seen = {}

    def view(request):
        get_token(request)  # the rest of the page used it
        html, seen["used"] = render_noting_csrf_use(request, lambda: "<p>no form</p>")
        return HttpResponse(html)

    response = through_csrf_middleware(view)
    assert seen["used"] is False
    assert "csrftoken" in response.cookies


def test_no_use_at_all_sets_no_cookie():
    def view(request):
        html, _used = render_noting_csrf_use(request, lambda: "<p>no form</p>")
        return HttpResponse(html)

    assert "csrftoken" not in through_csrf_middleware(view).cookies


class Job:
    def __call__(self):
        pass


def test_the_callbacks_queued_on_commit_are_listed_by_type(db):
    assert pending_on_commit(Job) == []
    with transaction.atomic():
        job = Job()
        transaction.on_commit(job)
        transaction.on_commit(lambda: None)
        assert pending_on_commit(Job) == [job]


@pytest.mark.parametrize(
    "accept_encoding",
    ["gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "deflate, br", "identity", "", "xgzip"],
)
def test_accepts_gzip_agrees_with_gzip_middleware(accept_encoding):
    request = RequestFactory().get("/", headers={"accept-encoding": accept_encoding})
    compressed = GZipMiddleware(lambda request: HttpResponse("x" * 500))(request)
    assert accepts_gzip(request) == (compressed.get("Content-Encoding") == "gzip")
