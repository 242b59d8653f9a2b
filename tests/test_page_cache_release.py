"""A page cache that follows each release (the rule is in truvisory/page_cache/__init__.py):
two releases never share a kept page, fragment or menu.

Run with REDIS_URL set (CI does) and these run against Redis, as production keeps them."""

import json
import os
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.test import Client
from wagtail.models import Page

from tests.conftest import GUIDE_URL
from tests.html import soup
from truvisory.page_cache import invalidation, release

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
    # A query string keeps the whole page out of the cache: only fragments and the menu
    # are kept.
    url = GUIDE_URL + "?uncached"
    menu_page = Page.objects.live().in_menu().filter(depth=3).order_by("path").first()
    settings.RELEASE = "one"
    before = client.get(url)
    assert guide.title == heading(before)
    assert menu_page.title in menu_labels(before)
    change_quietly(guide, title="What release two renders")
    change_quietly(menu_page, title="Release two's label")
    kept = client.get(url)
    assert heading(kept) == guide.title  # the content fragment, kept
    assert menu_page.title in menu_labels(kept)  # the menu, kept

    settings.RELEASE = "two"
    response = client.get(url)
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
