"""The page cache's models and the worker's heartbeat now belong to the page_cache and worker
apps (their 0001), with the same tables: here the truvisory app forgets them, without
touching the tables or their rows.

Their content types (and so their permissions, and anything that points at them) are
relabelled to the new apps rather than made afresh. Tasks queued under their old paths
(truvisory.tasks) are pointed at the modules the tasks moved to, so a deploy loses none.
"""

from django.db import migrations

MOVED_MODELS = {
    "contentversion": "page_cache",
    "pagecachefailures": "page_cache",
    "workerheartbeat": "worker",
}
MOVED_TASKS = {
    "truvisory.tasks.send_password_reset": "accounts.tasks.send_password_reset",
    "truvisory.tasks.purge_cdn": "page_cache.tasks.purge_cdn",
    "truvisory.tasks.submit_to_indexnow": "page_cache.tasks.submit_to_indexnow",
    "truvisory.tasks.post_to_indexnow": "page_cache.tasks.post_to_indexnow",
}


def relabel(apps, forward):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app in MOVED_MODELS.items():
        old, new = ("truvisory", app) if forward else (app, "truvisory")
        # A content type already made under the new label (by a migrate that ran the new code
        # before this migration) is kept; the old one is then left for remove_stale_contenttypes.
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in MOVED_TASKS.items():
        old, new = (old, new) if forward else (new, old)
        DBTaskResult.objects.filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    relabel(apps, forward=True)


def backwards(apps, schema_editor):
    relabel(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("truvisory", "0003_worker_heartbeat"),
        ("page_cache", "0001_initial"),
        ("worker", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ContentVersion"),
                migrations.DeleteModel(name="PageCacheFailures"),
                migrations.DeleteModel(name="WorkerHeartbeat"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
