"""What `make run` and the tests share: one machine over plain HTTP, static files from the
source folders, background tasks run at once, in-process."""

from .base import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The tests of the queue and its worker switch to the database backend (tests/tasks.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if not REDIS_URL:  # noqa: F405
    # One process: each cache alias in its memory, in a store of its own.
    CACHES = {  # noqa: F405
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in CACHE_TABLES  # noqa: F405
    }
