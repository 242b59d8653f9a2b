"""Local development: DEBUG on, plain HTTP, SQLite unless DATABASE_URL says otherwise."""

import os

from .local import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# `make run` serves on 127.0.0.1, so canonical and feed links work on this machine too.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:" + os.environ.get("PORT", "8000"))
WAGTAILADMIN_BASE_URL = SITE_URL

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Readable log lines (truvisory/dev_log.py), and one line per request: the request log's
# (truvisory/request_log.py). runserver's own request line, Django's plain-text copy of
# its log records and its "Not Found" warnings would each repeat it.
LOGGING = {
    **LOGGING,  # noqa: F405
    "formatters": {"readable": {"()": "truvisory.dev_log.ReadableFormatter"}},
    "handlers": {
        "console": {**LOGGING["handlers"]["console"], "formatter": "readable"},  # noqa: F405
    },
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "django.request": {"level": "ERROR"},
        "django.utils.autoreload": {"level": "WARNING"},
        # "A new release answers": for operators of many nodes; here every restart is one.
        "truvisory.page_cache": {"level": "WARNING"},
    },
}
