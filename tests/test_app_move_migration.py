"""A database made before the features became apps keeps everything once it migrates.

The page cache's models and the worker's heartbeat moved from the truvisory app to
page_cache/ and worker/ with their tables (truvisory/migrations/0005 and each app's 0001
change only Django's state). A copy of the tests' site goes back to before the move, gets
rows, a permission granted on the old content type and a task queued under its old path,
then migrates forward in a process of its own, as a deploy does.
"""

import pytest

from tests.site_copies import query
from tests.test_profile_migrations import manage

CONTENT_TYPES = (
    "SELECT app_label, model FROM django_content_type"
    " WHERE model IN ('contentversion', 'pagecachefailures', 'workerheartbeat')"
)
FORGET_NEW_LABELS = [
    "DELETE FROM auth_permission WHERE content_type_id IN"
    " (SELECT id FROM django_content_type WHERE app_label IN ('page_cache', 'worker'))",
    "DELETE FROM django_content_type WHERE app_label IN ('page_cache', 'worker')",
]
PERMISSION = (
    "SELECT p.id FROM auth_permission p JOIN django_content_type c ON c.id = p.content_type_id"
    " WHERE c.app_label = %s AND p.codename = 'view_workerheartbeat'"
)
READ_BACK = """
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult
from page_cache.models import ContentVersion, PageCacheFailures
from worker.models import WorkerHeartbeat
print(ContentVersion.objects.get(token="before-move").changed_at.year)
print(PageCacheFailures.objects.get(failed_writes=41).failed_writes)
print(WorkerHeartbeat.objects.get(worker_id="old-worker").host)
print(sorted(Group.objects.get(name="Moved").permissions.values_list("codename", flat=True)))
print(DBTaskResult.objects.get(queue_name="moved").task_path)
"""
QUEUE_OLD_TASK = """
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
DBTaskResult.objects.create(
    task_path="truvisory.tasks.purge_cdn", args_kwargs={"args": [[]], "kwargs": {}},
    queue_name="moved", backend_name="default", run_after=timezone.now(),
)
"""


@pytest.mark.slow  # starts Django in a process of its own
def test_rows_permissions_and_queued_tasks_survive_the_move(site_template):
    url = site_template.copy()
    manage(url, "migrate", "page_cache", "zero")
    manage(url, "migrate", "worker", "zero")
    # Each step back's own post_migrate made content types for the app not yet unapplied; a
    # database from before the move has none under the new labels.
    for sql in FORGET_NEW_LABELS:
        query(url, sql)
    assert set(query(url, CONTENT_TYPES)) == {
        ("truvisory", "contentversion"),
        ("truvisory", "pagecachefailures"),
        ("truvisory", "workerheartbeat"),
    }
    # Each page cache table holds one row, id 1 (page_cache/models.py).
    query(url, "DELETE FROM truvisory_contentversion")
    query(
        url,
        "INSERT INTO truvisory_contentversion (id, token, changed_at)"
        " VALUES (1, 'before-move', '2026-11-30 10:00:00')",
    )
    query(url, "DELETE FROM truvisory_pagecachefailures")
    query(url, "INSERT INTO truvisory_pagecachefailures (id, failed_writes) VALUES (1, 41)")
    query(
        url,
        "INSERT INTO truvisory_workerheartbeat (worker_id, host, pid, started_at, last_beat)"
        " VALUES ('old-worker', 'node-1', 7, '2026-11-30 10:00:00', '2026-11-30 10:00:05')",
    )
    [(permission,)] = query(url, PERMISSION, "truvisory")
    query(url, "INSERT INTO auth_group (name) VALUES ('Moved')")
    query(
        url,
        "INSERT INTO auth_group_permissions (group_id, permission_id)"
        " SELECT id, %s FROM auth_group WHERE name = 'Moved'",
        permission,
    )
    manage(url, "shell", "-v", "0", "-c", QUEUE_OLD_TASK)

    manage(url, "migrate")
    assert set(query(url, CONTENT_TYPES)) == {
        ("page_cache", "contentversion"),
        ("page_cache", "pagecachefailures"),
        ("worker", "workerheartbeat"),
    }
    # The same permission row, now the worker app's: the group keeps it.
    assert query(url, PERMISSION, "worker") == [(permission,)]
    assert manage(url, "shell", "-v", "0", "-c", READ_BACK).splitlines() == [
        "2026",
        "41",
        "node-1",
        "['view_workerheartbeat']",
        "page_cache.tasks.purge_cdn",
    ]
