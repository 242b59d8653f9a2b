"""The suite's own machinery, held to what it promises: each server's copy of the site is a
database of its own with the same rows and ids, its accounts sign in under every settings
module, each parallel worker keeps its cache and test database apart, and a wait ends as
soon as its event happens (tests/site_copies.py, tests/live_server.py, settings/test.py)."""

import json
import os
import subprocess
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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


@pytest.mark.parametrize(
    "hashers", [None, DEFAULT_HASHERS], ids=["test settings", "production's hashers"]
)
def test_the_servers_accounts_sign_in_under_every_settings_module(hashers, db):
    with override_settings(**({"PASSWORD_HASHERS": hashers} if hashers else {})):
        for username in SUPERUSERS + EDITORS:
            user = get_user_model().objects.get(username=username)
            assert check_password(SERVER_PASSWORD, user.password), username
            assert not check_password("not the password", user.password)
    superusers = get_user_model().objects.filter(username__in=SUPERUSERS, is_superuser=True)
    assert superusers.count() == len(SUPERUSERS)
    editors = get_user_model().objects.filter(username__in=EDITORS, groups__name="Editors")
    assert editors.count() == len(EDITORS)


def settings_loaded(**env):
    """The test settings as a process with `env` loads them: the caches and database."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'caches': [c['LOCATION'] for c in settings.CACHES.values()], "
        "'test_name': settings.DATABASES['default'].get('TEST', {}).get('NAME')}))"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")}
    environment.update(DJANGO_SETTINGS_MODULE="truvisory.settings.test", **env)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment,
                            capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize(("worker", "database"), [("gw0", 1), ("gw3", 4)])
def test_each_parallel_worker_empties_only_its_own_redis_database(worker, database):
    loaded = settings_loaded(REDIS_URL="redis://127.0.0.1:6379/0", PYTEST_XDIST_WORKER=worker)
    assert loaded["caches"] == [f"redis://127.0.0.1:6379/{database}"] * 2


def test_without_parallel_workers_the_tests_use_the_redis_database_given():
    loaded = settings_loaded(REDIS_URL="redis://127.0.0.1:6379/7")
    assert loaded["caches"] == ["redis://127.0.0.1:6379/7"] * 2


def test_make_test_fast_keeps_its_sqlite_test_database_in_a_file(tmp_path):
    path = str(tmp_path / "kept.sqlite3")
    kept = settings_loaded(DATABASE_URL="sqlite:///unused.sqlite3", TEST_DATABASE_FILE=path)
    assert kept["test_name"] == path
    assert settings_loaded(DATABASE_URL="sqlite:///unused.sqlite3")["test_name"] is None


def test_a_wait_ends_as_soon_as_its_event_happens():
    ready_at = time.monotonic() + 0.2
    started = time.monotonic()
    wait_until(lambda: time.monotonic() >= ready_at, 10, "the event")
    assert time.monotonic() - started < 1


def test_a_wait_for_an_event_that_never_comes_fails_and_names_it():
    with pytest.raises(AssertionError, match="waited 0.2 s for the thing that never happens"):
        wait_until(lambda: False, 0.2, "the thing that never happens")
