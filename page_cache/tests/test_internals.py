"""The private parts of Django and Wagtail the site reads (page_cache/internals.py), each
checked against what Django or Wagtail itself does with them, on the version it was read on."""

import copy

import django
import pytest
import wagtail
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.middleware.gzip import GZipMiddleware
from django.test import RequestFactory
from wagtail.models import Page, Site

from page_cache import internals
from page_cache.internals import (
    accepts_gzip,
    find_site,
    pending_on_commit,
    render_noting_csrf_use,
    request_site,
    request_site_root_paths,
    site_key,
)


def test_the_internals_were_checked_on_this_django_and_wagtail():
    assert django.VERSION[:2] == internals.CHECKED_ON["Django"], (
        f"Django {django.get_version()}: read each function of page_cache/internals.py "
        "against this Django's source (the CSRF flag get_token() sets, run_on_commit's "
        "tuples, GZipMiddleware's re_accepts_gzip, _get_raw_host, Model._state.fields_cache), "
        "then move CHECKED_ON"
    )
    assert wagtail.VERSION[:2] == internals.CHECKED_ON["Wagtail"], (
        f"Wagtail {wagtail.__version__}: read site_key, find_site, request_site and "
        "request_site_root_paths against Site.find_for_request and "
        "Page._get_site_root_paths, then move CHECKED_ON"
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


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "elsewhere.example:81"])
def test_the_site_is_the_one_wagtail_finds_and_wagtail_reads_it_back(db, host, settings):
    settings.ALLOWED_HOSTS = ["*"]
    Site.objects.create(hostname="elsewhere.example", port=81, root_page=Page.objects.get(depth=1))
    name, _, port = host.partition(":")
    meta = {"HTTP_HOST": host, "SERVER_PORT": port or "80"}
    request = RequestFactory().get("/", **meta)
    assert site_key(request) == (name, port or "80")
    expected = Site.find_for_request(RequestFactory().get("/", **meta))
    site = request_site(request, lambda: find_site(request))
    assert site == expected
    assert Site.find_for_request(request) is site  # Wagtail's own look-up is answered by ours
    assert request_site(request, lambda: pytest.fail("looked up twice")) is site


def test_a_loaded_root_page_is_the_requests_own_copy(db):
    request = RequestFactory().get("/")
    shared = Site.objects.select_related("root_page").get(is_default_site=True)
    site = request_site(request, lambda: copy.copy(shared))  # as site_for hands it over
    assert site.root_page == shared.root_page
    assert site.root_page is not shared.root_page


def test_the_site_root_paths_are_where_wagtail_makes_page_urls_from(db):
    request = RequestFactory().get("/")
    paths = request_site_root_paths(request, Site.get_site_root_paths)
    page = Page.objects.get(depth=2)
    assert page._get_site_root_paths(request) is paths
