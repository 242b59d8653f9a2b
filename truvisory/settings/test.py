"""The test suite: SQLite or DATABASE_URL, local memory or REDIS_URL, fast hashing."""

import os

from .local import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# MD5 is fast; PBKDF2 checks the accounts in the servers' copies of the site, which the
# production settings check too (tests/site_copies.py).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_database = DATABASES["default"]  # noqa: F405
if "TEST_DATABASE_FILE" in os.environ and _database["ENGINE"].endswith("sqlite3"):
    # `make test-fast` keeps the SQLite test database in this file, for pytest --reuse-db.
    _database["TEST"] = {"NAME": os.environ["TEST_DATABASE_FILE"]}
if REDIS_URL and (worker := os.environ.get("PYTEST_XDIST_WORKER")):  # noqa: F405
    # Each pytest-xdist worker (gw0, gw1, …) empties the cache around every test: each gets
    # a Redis database of its own (1, 2, …), so that it never empties another's.
    for cache in CACHES.values():  # noqa: F405
        cache["LOCATION"] = f"{REDIS_URL.rsplit('/', 1)[0]}/{int(worker[2:]) + 1}"  # noqa: F405
# The tests run in one process, which is told of each change at once (page_cache/):
# the content version it read stays good for a whole test, so no query count depends on
# the clock. The tests of the version's lifetime set their own.
PAGE_CACHE_VERSION_SECONDS = 3600
# An app with a snippet model that nothing else names (tests/new_snippet).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.new_snippet"]  # noqa: F405
# Test clients fill the contact form instantly; the test of the minimum fill time sets its own.
CONTACT_MIN_FILL_SECONDS = 0
# Django's test client logs in without a request, which django-axes refuses; the tests of
# the login lockout (accounts/tests/test_admin_protection.py) switch it back on.
AXES_ENABLED = False
# Some tests read a subprocess's stdout; the JSON log lines go to stderr here instead.
LOGGING = {
    **LOGGING,  # noqa: F405
    "handlers": {
        "console": {**LOGGING["handlers"]["console"], "stream": "ext://sys.stderr"},  # noqa: F405
    },
}
