"""A page cache that follows each release, and empties by hand (the rule is in
page_cache/cache.py): two releases never share a kept page, fragment or menu;
`manage.py clear_page_cache` and Settings > Page cache delete them all, logged.

Run with REDIS_URL set (CI does) and these run against Redis, as production keeps them;
page_cache/tests/test_page_cache_server.py runs them against the database's cache table."""

import json
import logging
import os
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from page_cache import invalidation, release
from page_cache.cache import ALIAS
from tests.fixtures import GUIDE_URL, render_afresh
from tests.html import soup

PASSWORD = "a long enough test password"  # noqa: S105


@pytest.fixture(autouse=True)
def release_recomputed():
    """Each test may change what the release is made of; the next one computes it afresh."""
    release.release_for.cache_clear()
    yield
    release.release_for.cache_clear()


def hit(client, url):
    return client.get(url).get("X-Page-Cache") == "hit"


def heading(response):
    return soup(response).find("h1").get_text(strip=True)


def menu_labels(response):
    return [link.get_text(strip=True) for link in soup(response).select("header nav a")]


def change_quietly(page, **fields):
    """Change a page's row as a new release's code would render it differently: with no
    signal, so nothing but the release can tell the page cache (the content fragment's
    key, the page's cache_key, names its last publication, which this leaves as it was)."""
    Page.objects.filter(pk=page.pk).update(**fields)


# Two releases


def test_two_releases_never_share_a_kept_page(client, guide, settings):
    settings.RELEASE = "one"
    assert heading(client.get(GUIDE_URL)) == guide.title
    assert hit(client, GUIDE_URL)
    change_quietly(guide, title="What release two renders")
    assert heading(client.get(GUIDE_URL)) == guide.title  # release one's kept page

    settings.RELEASE = "two"
    first = client.get(GUIDE_URL)
    assert "X-Page-Cache" not in first
    assert heading(first) == "What release two renders"
    assert hit(client, GUIDE_URL)

    # Release one, still running on another node during a deploy, keeps its own.
    settings.RELEASE = "one"
    again = client.get(GUIDE_URL)
    assert again["X-Page-Cache"] == "hit" and heading(again) == guide.title


def test_two_releases_never_share_a_fragment_or_a_menu(client, guide, settings):
    # Rendered afresh, as for a signed-in editor: only fragments and the menu are kept.
    url = GUIDE_URL
    menu_page = Page.objects.live().in_menu().filter(depth=3).order_by("path").first()
    settings.RELEASE = "one"
    before = render_afresh(client, url)
    assert guide.title == heading(before)
    assert menu_page.title in menu_labels(before)
    change_quietly(guide, title="What release two renders")
    change_quietly(menu_page, title="Release two's label")
    kept = render_afresh(client, url)
    assert heading(kept) == guide.title  # the content fragment, kept
    assert menu_page.title in menu_labels(kept)  # the menu, kept

    settings.RELEASE = "two"
    response = render_afresh(client, url)
    assert heading(response) == "What release two renders"
    assert "Release two's label" in menu_labels(response)
    assert menu_page.title not in menu_labels(response)


def test_the_release_follows_the_code_not_its_file_times(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    template = folder / "page.html"
    template.write_text("<h1>{{ page.title }}</h1>")
    first = release.source_digest((folder,))
    os.utime(template, (0, 0))  # copied again, as each node of a deploy does
    release.source_digest.cache_clear()
    assert release.source_digest((folder,)) == first
    template.write_text("<h1 class=title>{{ page.title }}</h1>")
    release.source_digest.cache_clear()
    assert release.source_digest((folder,)) != first
    release.source_digest.cache_clear()


def test_the_project_s_own_code_and_templates_make_the_release():
    folders = release.project_folders()
    for name in ["pages", "guides", "truvisory", "templates"]:
        assert django_settings.BASE_DIR / name in folders, name
    # Installed packages count by their versions, not their files.
    assert not any("site-packages" in folder.parts for folder in folders)
    assert "wagtail-" in release.distributions().lower()


def test_a_new_static_manifest_is_a_new_release(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path
    manifest = tmp_path / "staticfiles.json"

    def collected(stylesheet):
        manifest.write_text(json.dumps({"version": "1.1", "paths": {"css/site.css": stylesheet}}))
        release.release_for.cache_clear()
        return release.release_id()

    first = collected("css/site.643de7140619.css")
    assert collected("css/site.643de7140619.css") == first
    assert collected("css/site.0a1b2c3d4e5f.css") != first


def test_the_release_variable_makes_a_new_release(settings):
    settings.RELEASE = ""
    unset = release.release_id()
    settings.RELEASE = "2027-01-15.1"
    assert release.release_id() not in {unset, ""}
    assert len(release.release_id()) == 16


def test_a_new_release_purges_the_cdn_once(client, db, settings, monkeypatch):
    queued = []
    monkeypatch.setattr(invalidation.cdn, "configured", lambda: True)
    monkeypatch.setattr(invalidation, "purge_cdn", SimpleNamespace(enqueue=queued.append))
    settings.RELEASE = "one"
    for _ in range(2):
        Client().get(GUIDE_URL)  # each Client is a new process's first request
    assert queued == [[]]  # every URL of every site, as after a content change
    settings.RELEASE = "two"
    Client().get(GUIDE_URL)
    assert queued == [[], []]


# Emptying it by hand


def stored_keys(alias=ALIAS):
    """The keys a cache alias holds, whatever keeps it."""
    cache = caches[alias]
    if hasattr(cache, "keys"):  # django-redis: this alias's keys only
        return set(cache.keys("*"))
    if hasattr(cache, "_cache"):  # local memory
        return {key.split(":", 2)[2] for key in cache._cache}
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {cache._table}")  # noqa: S608
        return {key.split(":", 2)[2] for (key,) in cursor.fetchall()}


WARM = [GUIDE_URL, "/guides/", "/faq/", "/sitemap.xml"]


def warm(client):
    for url in WARM:
        client.get(url)
    render_afresh(client, GUIDE_URL)
    assert hit(client, GUIDE_URL)
    kinds = {key.split(":", 1)[0] for key in stored_keys()}
    assert {"page", "menu"} <= kinds
    assert any(key.startswith("template.cache.") for key in stored_keys())  # fragments


def assert_emptied(client):
    assert stored_keys() == set()
    assert not hit(client, GUIDE_URL)
    assert hit(client, GUIDE_URL)  # and it fills again


def emptied_by(caplog):
    return [
        record.by
        for record in caplog.records
        if record.name == "truvisory.page_cache" and record.getMessage() == "Page cache emptied"
    ]


def test_clear_page_cache_empties_it_and_logs_it(client, db, caplog, capsys):
    warm(client)
    caches["default"].set("rate-limit-probe", 1)  # the contact form's counters live there
    with caplog.at_level(logging.INFO, logger="truvisory.page_cache"):
        call_command("clear_page_cache")
    assert "The page cache is empty" in capsys.readouterr().out
    assert emptied_by(caplog) == ["manage.py clear_page_cache"]
    assert caches["default"].get("rate-limit-probe") == 1
    assert_emptied(client)


def test_emptying_it_purges_the_cdn_when_there_is_one(db, monkeypatch):
    queued = []
    monkeypatch.setattr(invalidation.cdn, "configured", lambda: True)
    monkeypatch.setattr(invalidation, "purge_cdn", SimpleNamespace(enqueue=queued.append))
    invalidation.empty(by="a test")
    assert queued == [[]]


# Settings > Page cache


@pytest.fixture
def superuser_client(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        get_user_model().objects.create_superuser("chief", "chief@truvisory.test", PASSWORD)
    )
    return client


@pytest.fixture
def editor_client(db):
    editor = get_user_model().objects.create_user("editor", "e@truvisory.test", PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    return client


def test_a_superuser_empties_it_from_settings_after_a_confirmation(
    client, superuser_client, caplog
):
    assert "Page cache" in superuser_client.get("/admin/").content.decode()  # Settings menu
    warm(client)
    page = superuser_client.get("/admin/page-cache/")
    assert page.status_code == 200
    assert hit(client, GUIDE_URL)  # looking empties nothing
    form = soup(page).find("form", method="post")
    assert form.find("button", type="submit").get_text(strip=True) == "Empty the page cache"
    token = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]

    # Without the form's token the post is refused.
    assert superuser_client.post("/admin/page-cache/").status_code == 403
    assert hit(client, GUIDE_URL)

    with caplog.at_level(logging.INFO, logger="truvisory.page_cache"):
        response = superuser_client.post("/admin/page-cache/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/admin/page-cache/"
    assert emptied_by(caplog) == ["chief"]
    assert_emptied(client)
    done = superuser_client.get(response["Location"]).content.decode()
    assert "The page cache is empty" in done


def test_an_editor_can_neither_see_nor_empty_it(client, editor_client, caplog):
    assert "Page cache" not in editor_client.get("/admin/").content.decode()
    warm(client)
    assert editor_client.get("/admin/page-cache/").status_code == 403
    with caplog.at_level(logging.INFO, logger="truvisory.page_cache"):
        assert editor_client.post("/admin/page-cache/").status_code == 403
    assert emptied_by(caplog) == []
    assert hit(client, GUIDE_URL)


def test_a_visitor_is_sent_to_sign_in(client, db):
    warm(client)
    response = client.post("/admin/page-cache/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert hit(client, GUIDE_URL)
