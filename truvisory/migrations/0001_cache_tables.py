"""The database cache's tables, made by `migrate` whatever the cache settings say.

Without REDIS_URL, production keeps its caches in these tables (settings.CACHE_TABLES), so
every worker and node shares them. `migrate` makes them (with Django's own createcachetable)
even when Redis is configured, so no separate release step is needed, and a deployment that
drops Redis later finds them ready.
"""

from django.core.management import call_command
from django.db import migrations

# As settings.CACHE_TABLES names them; a migration keeps its own copy, as migrations do.
TABLES = ["truvisory_cache", "truvisory_page_cache"]


def create_tables(apps, schema_editor):
    call_command(
        "createcachetable",
        *TABLES,
        database=schema_editor.connection.alias,
        verbosity=0,
    )


def drop_tables(apps, schema_editor):
    for table in TABLES:
        schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_tables, drop_tables)]
