"""django-tasks-db's worker, which dies on a database error, made to ride out its database
(docs/operations.md, "The task worker"). Tasks must be safe to run again."""

import contextlib
import logging
import os
import random
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.utils import timezone
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands import db_worker as upstream
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from worker.models import WorkerHeartbeat

logger = logging.getLogger("truvisory.worker")

CONNECTION_ERRORS = (OperationalError, InterfaceError)
MAX_CLAIMS = 10  # runs of one task (each claim adds a worker id) before it is failed


def reconnect():
    """Drop this thread's database connection, so the next query opens a fresh one."""
    with contextlib.suppress(DatabaseError):
        connection.close()


def uses_worker():
    """Whether tasks wait for a worker (the database backend) rather than run at once."""
    return "django_tasks_db" in settings.TASKS["default"]["BACKEND"]


def waiting_tasks():
    return DBTaskResult.objects.ready().count()


def lease_start(now=None):
    """Work begun before this and still unfinished was left by a worker that is gone."""
    return (now or timezone.now()) - timedelta(seconds=settings.TASK_LEASE_SECONDS)


def live_workers(now=None):
    """The heartbeats within the lease of workers that did not stop."""
    return WorkerHeartbeat.objects.filter(last_beat__gte=lease_start(now), stopped_at=None)


class Worker(upstream.Worker):
    next_beat = 0.0  # time.monotonic() of the next heartbeat

    def run(self):
        logger.info("Starting worker %s (queues %s)", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 (spreads workers that start together)
        failures = 0
        try:
            while self.running:
                try:
                    close_old_connections()  # a connection the database dropped meanwhile
                    self.keep_alive()
                    task_result, retrieved = self.claim()
                except CONNECTION_ERRORS as error:
                    failures += 1
                    self.wait_for_database(error, failures)
                    continue
                failures = 0
                if task_result is not None:
                    self.run_task(task_result)
                elif self.batch and retrieved:
                    logger.info("No more tasks for worker %s: exiting.", self.worker_id)
                    return
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    logger.info("Ran %d tasks on %s: exiting.", self.max_tasks, self.worker_id)
                    return
                if self.running and task_result is None:
                    time.sleep(self.interval)
        finally:
            with contextlib.suppress(DatabaseError):  # else its heartbeat simply stops
                WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(
                    stopped_at=timezone.now()
                )

    def claim(self):
        """The next ready task, claimed for this worker; and whether the queue was read."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
        except OperationalError as error:
            if is_locked_database_exception(error):  # SQLite: busy, try again soon
                return None, False
            raise
        return task_result, True

    def wait_for_database(self, error, failures):
        delay = min(30.0, 0.5 * 2 ** (failures - 1))
        logger.warning(
            "Worker %s: the database is unreachable (%s); trying again in %.1f s",
            self.worker_id,
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__,
            delay,
        )
        reconnect()
        time.sleep(delay)

    def keep_alive(self):
        """Every 5 s: beat, and requeue what dead workers left running past the lease."""
        if time.monotonic() < self.next_beat:
            return
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "last_beat": now},
        )
        alive = set(live_workers(now).values_list("worker_id", flat=True))
        with transaction.atomic():
            running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
                status=TaskResultStatus.RUNNING,
                backend_name=self.backend_name,
                started_at__lt=lease_start(now),
            )
            for task_result in running:
                owner = task_result.worker_ids[-1] if task_result.worker_ids else ""
                if owner in alive:
                    continue
                logger.warning(
                    "Task %s (%s) was left running by worker %s, whose heartbeat stopped",
                    task_result.id,
                    task_result.task_path,
                    owner or "unknown",
                )
                self.requeue_or_fail(task_result, RuntimeError("its worker stopped mid-task"))
        # A week of stopped workers stays on the dashboard.
        WorkerHeartbeat.objects.filter(last_beat__lt=now - timedelta(days=7)).delete()
        self.next_beat = time.monotonic() + 5

    def requeue_or_fail(self, task_result, error):
        """Back to the queue, unless it has run MAX_CLAIMS times: then it fails."""
        if len(task_result.worker_ids) >= MAX_CLAIMS:
            task_result.set_failed(error)
            return
        task_result.status = TaskResultStatus.READY
        task_result.started_at = None
        task_result.save(update_fields=["status", "started_at"])

    def run_task(self, db_task_result):
        """Run the task, then record how it ended, once the database takes it."""
        self.running_task = True
        try:
            try:
                task = db_task_result.task
                task_result = db_task_result.task_result
                task_started.send(sender=type(task.get_backend()), task_result=task_result)
                context = [TaskContext(task_result=task_result)] if task.takes_context else []
                value = task.call(*context, *task_result.args, **task_result.kwargs)
            except CONNECTION_ERRORS as error:
                reconnect()
                try:
                    connection.ensure_connection()
                except DatabaseError:
                    logger.warning(
                        "Task %s stopped because the database went away; it goes back to the queue",
                        db_task_result.id,
                    )
                    ended = self.record(db_task_result, self.requeue_or_fail, db_task_result, error)
                else:
                    ended = self.record(db_task_result, db_task_result.set_failed, error)
            except BaseException as error:
                ended = self.record(db_task_result, db_task_result.set_failed, error)
                if isinstance(error, SystemExit | KeyboardInterrupt):
                    raise
            else:
                ended = self.record(db_task_result, db_task_result.set_successful, value)
            if ended:
                try:
                    sender = type(db_task_result.task.get_backend())
                    task_finished.send(sender=sender, task_result=db_task_result.task_result)
                except Exception:
                    logger.exception("Task %s: task_finished failed", db_task_result.id)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def record(self, db_task_result, write, *args):
        """Write how a task ended, waiting out a database restart; False if told to stop first."""
        failures = 0
        while True:
            try:
                write(*args)
                return True
            except CONNECTION_ERRORS as error:
                failures += 1
                if not self.running and failures >= 3:
                    logger.warning("Task %s: its end was not recorded", db_task_result.id)
                    return False
                self.wait_for_database(error, failures)
            except Exception as error:  # e.g. a return value that is not JSON
                if write == db_task_result.set_failed:
                    raise
                write, args = db_task_result.set_failed, (error,)
