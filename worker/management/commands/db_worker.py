"""`manage.py db_worker`: django-tasks-db's command, with its options, running our worker
(worker/worker.py). It replaces upstream's because this app comes first in INSTALLED_APPS."""

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as upstream

from worker.worker import Worker


class Command(upstream.Command):
    help = (
        "Run the background task worker. It waits out a database restart, writes a heartbeat "
        "the dashboard and /readyz read, and puts back tasks whose worker vanished."
    )

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child, which runs the worker
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
