"""Wagtail's user bar on the live site: editors get it, visitors never do, and it never costs
a visitor the page cache (page_cache/templatetags/userbar.py; the rule is in
page_cache/cache.py). The browser test is tests/browser/test_userbar.py."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from tests.editor import edit_form_data
from tests.fixtures import GUIDE_URL
from tests.html import soup, text_of

USERBAR = "<wagtail-userbar>"


def userbar(response):
    """The user bar's markup, or None: it sits in a <template> until its script runs, so it
    is read as a document of its own (BeautifulSoup leaves a template's text out)."""
    template = soup(response).find("template", id="wagtail-userbar-template")
    return template and BeautifulSoup(template.decode_contents(), "html.parser")


def userbar_links(response):
    """The user bar's menu: link text to path."""
    return {text_of(link): urlsplit(link["href"]).path for link in userbar(response).find_all("a")}


def test_an_editor_gets_the_user_bar_with_edit_this_page(admin_client, guide):
    response = admin_client.get(GUIDE_URL)
    assert response.status_code == 200
    assert userbar_links(response)["Edit this page"] == f"/admin/pages/{guide.pk}/edit/"
    # Its checks: the accessibility checker, configured for this page.
    assert text_of(userbar(response).find(id="checker-trigger")).endswith("Checks")


def test_an_editors_answer_is_private(admin_client, db):
    response = admin_client.get(GUIDE_URL)
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_visitor_gets_no_user_bar_and_a_cacheable_page(client, db):
    first = client.get(GUIDE_URL)
    assert USERBAR not in first.content.decode()
    assert not first.cookies
    # Reading the session (as Wagtail's own tag does) would add Vary: Cookie.
    assert first["Vary"] == "Accept-Encoding"
    assert "public" in first["Cache-Control"]
    assert client.get(GUIDE_URL)["X-Page-Cache"] == "hit"


def test_a_signed_in_user_without_admin_access_gets_no_user_bar(client, db):
    client.force_login(get_user_model().objects.create_user("reader", password="x" * 12))
    response = client.get(GUIDE_URL)
    assert response.status_code == 200
    assert USERBAR not in response.content.decode()


def test_an_editors_view_never_reaches_the_cached_page(client, admin_client, db):
    client.get(GUIDE_URL)
    assert USERBAR in admin_client.get(GUIDE_URL).content.decode()
    cached = client.get(GUIDE_URL)
    assert cached["X-Page-Cache"] == "hit"
    assert USERBAR not in cached.content.decode()


def test_an_editor_first_on_an_empty_cache_leaves_nothing_a_visitor_gets(client, admin_client, db):
    """The editor's render fills the content fragment, never the page or the user bar."""
    assert USERBAR in admin_client.get(GUIDE_URL).content.decode()
    visitor = client.get(GUIDE_URL)
    assert "X-Page-Cache" not in visitor
    assert USERBAR not in visitor.content.decode()
    assert client.get(GUIDE_URL)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("path", ["/", "/guides/", "/faq/", "/contact/", "/no-such-page/"])
def test_every_page_type_shows_editors_the_user_bar(admin_client, client, db, path):
    assert USERBAR in admin_client.get(path).content.decode()
    assert USERBAR not in client.get(path).content.decode()


def test_the_preview_panel_carries_the_user_bar_for_its_checks(admin_client, guide):
    """The preview's Checks panel (accessibility, words, reading time) reads the user bar
    rendered inside the preview; without it the panel shows only dashes."""
    preview_url = f"/admin/pages/{guide.pk}/edit/preview/"
    admin_client.post(preview_url, edit_form_data(admin_client, guide))
    response = admin_client.get(preview_url, {"in_preview_panel": "true"})
    assert response.status_code == 200
    assert USERBAR in response.content.decode()
