"""The task worker (`manage.py db_worker`, worker/worker.py), for tests that use the
`task_queue` fixture (tests/fixtures.py)."""

from unittest import mock

from worker import worker as worker_module


def run_worker():
    """Run every queued task with the worker of `manage.py db_worker --batch`.

    It runs in this process, because a worker process could not see the test's
    uncommitted rows; so the worker's closing of old database connections, which would
    end the test's transaction, is switched off.
    """
    worker = worker_module.Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )
    with mock.patch.object(worker_module, "close_old_connections", lambda: None):
        worker.run()
