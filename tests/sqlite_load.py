"""Editing traffic against a SQLite file, run in a process of its own with the development
settings: `python -m tests.sqlite_load <file> [--django-defaults]`.

Writers do what an autosave does (read the row, then write in the same transaction) while
readers do what a preview does (read in a transaction), each thread on its own
connection. Prints, as JSON, the errors met and the rows stored. `--django-defaults` drops
the settings' SQLite options first, to show what they prevent (tests/test_sqlite_dev.py).
"""

import json
import os
import sys
import threading
import time

WRITERS, READERS, SAVES = 6, 4, 15


def main(path, django_defaults=False):
    os.environ["DJANGO_SETTINGS_MODULE"] = "truvisory.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django
    from django.conf import settings

    django.setup()
    if django_defaults:
        settings.DATABASES["default"]["OPTIONS"] = {}  # before any connection is made

    from django.contrib.sessions.models import Session
    from django.db import connection, transaction
    from django.utils import timezone

    with connection.schema_editor() as editor:
        editor.create_model(Session)
    connection.close()

    errors = []
    start = threading.Barrier(WRITERS + READERS)

    def autosave(writer):
        start.wait()
        for number in range(SAVES):
            try:
                with transaction.atomic():
                    Session.objects.filter(session_key__startswith=f"w{writer}-").count()
                    time.sleep(0.002)  # the form is validated between the read and the write
                    Session.objects.create(
                        session_key=f"w{writer}-{number}",
                        session_data="x" * 2000,
                        expire_date=timezone.now(),
                    )
            except Exception as error:  # noqa: BLE001 (each failure is reported)
                errors.append(str(error))
        connection.close()

    def preview(reader):
        start.wait()
        for _ in range(SAVES * 2):
            try:
                with transaction.atomic():
                    list(Session.objects.order_by("-expire_date")[:20])
                    time.sleep(0.002)
            except Exception as error:  # noqa: BLE001
                errors.append(str(error))
        connection.close()

    threads = [threading.Thread(target=autosave, args=(n,)) for n in range(WRITERS)]
    threads += [threading.Thread(target=preview, args=(n,)) for n in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    journal_mode = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
    stored = Session.objects.count()
    print(json.dumps({"errors": errors, "stored": stored, "journal_mode": journal_mode}))


if __name__ == "__main__":
    main(sys.argv[1], "--django-defaults" in sys.argv[2:])
