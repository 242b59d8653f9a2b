"""The analytics' background work, queued by the collector itself (views.py): moving Redis's
counts into the database, and pruning."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from analytics import counting

logger = logging.getLogger(__name__)


@task()
def flush_analytics():
    """Move the counts kept in Redis into the database. Its result: how many counts moved."""
    return counting.flush()


@task()
def prune_analytics():
    """Delete what has expired (counting.prune). Its result: how many rows went."""
    return counting.prune()


def queue(due):
    """Queue the work the collector found due: "flush" a minute later, "prune" now."""
    for name in due:
        run = {"flush": flush_analytics, "prune": prune_analytics}[name]
        try:
            if name == "flush" and run.get_backend().supports_defer:
                run = run.using(run_after=timezone.now() + timedelta(seconds=60))
            run.enqueue()
        except Exception:
            logger.exception("Analytics: the %s was not queued", name)
