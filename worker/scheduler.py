"""Scheduled publishing every minute under `manage.py runserver`; production runs
`publish_scheduled` from cron instead (docs/operations.md, "Scheduled commands")."""

import logging
import threading

from django.core.management import call_command
from django.db import connections

# The name it logged under in truvisory/, which logs and alerts may filter on.
logger = logging.getLogger("truvisory.scheduler")


def publish_due():
    try:
        call_command("publish_scheduled")
    except Exception:
        logger.exception("Scheduled publishing failed; it is tried again in a minute")


def start(interval=60):
    """Run `publish_due` now and every `interval` seconds in a thread, until the event is set."""
    stopped = threading.Event()

    def run():
        while True:
            publish_due()
            connections.close_all()  # this thread's own, not held while it waits
            if stopped.wait(interval):
                return

    threading.Thread(target=run, name="scheduled-publishing", daemon=True).start()
    return stopped
