"""The page cache's models, moved from the truvisory app with their tables: the tables were
made by truvisory's 0002 and keep their names (Meta.db_table), so this only tells Django's
state where the models now live. truvisory's 0005 forgets them there."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("truvisory", "0002_page_cache_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContentVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("token", models.CharField(max_length=16)),
                        ("changed_at", models.DateTimeField()),
                    ],
                    options={
                        "verbose_name": "content version",
                        "db_table": "truvisory_contentversion",
                    },
                ),
                migrations.CreateModel(
                    name="PageCacheFailures",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("failed_writes", models.PositiveBigIntegerField(default=0)),
                        ("last_failed_at", models.DateTimeField(null=True)),
                    ],
                    options={
                        "verbose_name": "page cache failures",
                        "verbose_name_plural": "page cache failures",
                        "db_table": "truvisory_pagecachefailures",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
