"""Scheduled publishing while the development server runs, so that under `make run` a page
scheduled to go live (or to expire) does so within a minute, with no command to run.

`manage.py runserver` starts it (truvisory/management/commands/runserver.py); the tests
and gunicorn never do. In production the `scheduler` service of docker-compose.yml, or a
cron line, runs `manage.py publish_scheduled` every minute instead (docs/operations.md,
"Scheduled commands").
"""

import logging
import threading

from django.core.management import call_command
from django.db import connections

INTERVAL_SECONDS = 60
# The name it logged under in truvisory/, which logs and alerts may filter on.
logger = logging.getLogger("truvisory.scheduler")


def publish_due():
    """Publish and unpublish what is due, as `manage.py publish_scheduled` does."""
    try:
        call_command("publish_scheduled")
    except Exception:
        logger.exception("Scheduled publishing failed; it is tried again in a minute")


def start(interval=INTERVAL_SECONDS):
    """Run `publish_due` now and then every `interval` seconds, in a daemon thread, until
    the process ends or the returned event is set."""
    stopped = threading.Event()

    def run():
        while True:
            publish_due()
            connections.close_all()  # this thread's own, not held while it waits
            if stopped.wait(interval):
                return

    threading.Thread(target=run, name="scheduled-publishing", daemon=True).start()
    return stopped
