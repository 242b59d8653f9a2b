import pytest

from tests.content import site as content
from tests.factories import build_site

GUIDE_URL = content.GUIDE_URL


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the tests' own site once (tests/content/site.py); each test runs in a
    transaction that is rolled back."""
    with django_db_blocker.unblock():
        build_site()


def clear_caches():
    """Empty every cache alias: the page cache's own ("pages") and "default"."""
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def empty_cache():
    """Database changes roll back after each test; cached pages must not outlive them."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def guide(db):
    from guides.models import GuidePage

    return GuidePage.objects.get(url_path__endswith=GUIDE_URL)


@pytest.fixture
def task_queue(settings):
    """Queue tasks in the database, as production does, instead of running them at once
    (run them with tests.tasks.run_worker). Its value: the queued tasks."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return DBTaskResult.objects
