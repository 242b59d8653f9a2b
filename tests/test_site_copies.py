"""The suite's own machinery, held to what it promises: each server's copy of the site is a
database of its own with the same rows and ids, its accounts sign in under every settings
module, each parallel worker keeps its cache and test database apart, and a wait ends as
soon as its event happens (tests/site_copies.py, tests/live_server.py, settings/test.py)."""

import importlib
import sys
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.test import override_settings
from wagtail.models import Page

from tests.content import site as content
from tests.live_server import wait_until
from tests.site_copies import EDITORS, SERVER_PASSWORD, SUPERUSERS, query

# Django's own default hashers, which the production settings keep.
DEFAULT_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]


PAGE_AT = "SELECT id FROM wagtailcore_page WHERE url_path LIKE %s"
IDS = {  # what the servers' tests read from site_ids, and how a copy finds it
    "guide": (PAGE_AT, "%" + content.GUIDE_URL),
    "topic": (PAGE_AT, "%" + content.TOPIC_URL),
    "statistic": ("SELECT min(id) FROM guides_statistic",),
}


@pytest.mark.parametrize("name", IDS)
def test_a_copy_holds_the_tests_site_with_the_same_ids(name, site_template, site_ids, db):
    copy = site_template.copy()
    assert query(copy, *IDS[name]) == [(getattr(site_ids, name),)]
    [(pages,)] = query(copy, "SELECT count(*) FROM wagtailcore_page")
    assert pages == Page.objects.count()


def test_each_copy_is_a_database_of_its_own(site_template, site_ids, db):
    first, second = site_template.copy(), site_template.copy()
    change = "UPDATE wagtailcore_page SET title = %s WHERE id = %s"
    query(first, change, "Changed in one copy", site_ids.guide)
    title = "SELECT title FROM wagtailcore_page WHERE id = %s"
    assert query(first, title, site_ids.guide) == [("Changed in one copy",)]
    assert query(second, title, site_ids.guide) != [("Changed in one copy",)]
    assert Page.objects.get(pk=site_ids.guide).title != "Changed in one copy"


def test_a_copy_left_behind_by_a_stopped_run_gives_way(site_template, site_ids, db):
    """A test run killed midway leaves its copies behind: the next run's copy of the same
    name replaces one, where it failed with 'database … already exists'."""
    number = site_template.copies + 1
    if site_template.vendor == "postgresql":
        site_template._admin(f'CREATE DATABASE "{site_template.name}_copy_{number}"')
    else:
        (site_template.folder / f"copy-{number}.sqlite3").write_text("left behind")
    assert query(site_template.copy(), *IDS["guide"]) == [(site_ids.guide,)]


@pytest.mark.parametrize(
    "hashers", [None, DEFAULT_HASHERS], ids=["test settings", "production's hashers"]
)
def test_the_servers_accounts_sign_in_under_every_settings_module(hashers, db):
    with override_settings(**({"PASSWORD_HASHERS": hashers} if hashers else {})):
        for username in (SUPERUSERS[0], EDITORS[0]):  # (one hash serves every account)
            user = get_user_model().objects.get(username=username)
            assert check_password(SERVER_PASSWORD, user.password), username
            assert not check_password("not the password", user.password)
    superusers = get_user_model().objects.filter(username__in=SUPERUSERS, is_superuser=True)
    assert superusers.count() == len(SUPERUSERS)
    editors = get_user_model().objects.filter(username__in=EDITORS, groups__name="Editors")
    assert editors.count() == len(EDITORS)


@pytest.fixture
def load_settings(monkeypatch):
    """A function: the test settings module as a process with the given environment
    imports it, imported afresh in this one (the loaded settings stay as they are)."""
    import truvisory.settings as package

    def load(**env):
        for name in ("REDIS_URL", "DATABASE_URL", "TEST_DATABASE_FILE", "PYTEST_XDIST_WORKER"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        for name in ("base", "local", "test"):
            monkeypatch.delitem(sys.modules, f"truvisory.settings.{name}")
            monkeypatch.setattr(package, name, None)
        module = importlib.import_module("truvisory.settings.test")
        return {
            "caches": [cache["LOCATION"] for cache in module.CACHES.values()],
            "test_name": module.DATABASES["default"].get("TEST", {}).get("NAME"),
        }

    return load


@pytest.mark.parametrize(("worker", "database"), [("gw0", 1), ("gw3", 4)])
def test_each_parallel_worker_empties_only_its_own_redis_database(worker, database, load_settings):
    loaded = load_settings(REDIS_URL="redis://127.0.0.1:6379/0", PYTEST_XDIST_WORKER=worker)
    assert loaded["caches"] == [f"redis://127.0.0.1:6379/{database}"] * 2


def test_without_parallel_workers_the_tests_use_the_redis_database_given(load_settings):
    loaded = load_settings(REDIS_URL="redis://127.0.0.1:6379/7")
    assert loaded["caches"] == ["redis://127.0.0.1:6379/7"] * 2


def test_make_test_fast_keeps_its_sqlite_test_database_in_a_file(tmp_path, load_settings):
    path = str(tmp_path / "kept.sqlite3")
    kept = load_settings(DATABASE_URL="sqlite:///unused.sqlite3", TEST_DATABASE_FILE=path)
    assert kept["test_name"] == path
    assert load_settings(DATABASE_URL="sqlite:///unused.sqlite3")["test_name"] is None


def test_a_wait_ends_as_soon_as_its_event_happens():
    ready_at = time.monotonic() + 0.2
    started = time.monotonic()
    wait_until(lambda: time.monotonic() >= ready_at, 10, "the event")
    assert time.monotonic() - started < 1


def test_a_wait_for_an_event_that_never_comes_fails_and_names_it():
    with pytest.raises(AssertionError, match="waited 0.2 s for the thing that never happens"):
        wait_until(lambda: False, 0.2, "the thing that never happens")
