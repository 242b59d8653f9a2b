"""The worker's heartbeat, moved from the truvisory app with its table: the table was made by
truvisory's 0003 and keeps its name (Meta.db_table), so this only tells Django's state where
the model now lives. truvisory's 0005 forgets it there."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("truvisory", "0003_worker_heartbeat"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WorkerHeartbeat",
                    fields=[
                        (
                            "worker_id",
                            models.CharField(max_length=64, primary_key=True, serialize=False),
                        ),
                        ("host", models.CharField(max_length=255)),
                        ("pid", models.PositiveIntegerField()),
                        ("started_at", models.DateTimeField(auto_now_add=True)),
                        ("last_beat", models.DateTimeField(db_index=True)),
                        (
                            "stopped_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="When the worker stopped of its own accord.",
                                null=True,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-last_beat"],
                        "db_table": "truvisory_workerheartbeat",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
