"""The tests' site, built once a run and copied for every server a test starts.

pytest-django's database holds the tests' site once the session is set up
(tests/fixtures.py), with the accounts the servers' tests sign in with. A snapshot of it
is the template: a SQLite file, or on PostgreSQL a database made with `CREATE DATABASE …
TEMPLATE`. Each server in a subprocess (the browser tests' runserver, gunicorn with the
production settings, the first run) gets a copy of its own, so nothing it changes reaches
another test, in well under a second, where migrating and seeding a new database took
about 25 s of CPU. The fault tests' throwaway PostgreSQL cluster loads the template's dump.

A copy has the same rows and primary keys as the test database, so a test looks its ids
up there, in-process.
"""

import contextlib
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

# Accounts for the tests that sign in to a server. Their password hash is PBKDF2 with few
# rounds, so every settings module checks it (the test settings list PBKDF2 after MD5, and
# production's default hashers put it first) without spending a second on each sign-in.
SERVER_PASSWORD = "a throwaway test-only passphrase"
SUPERUSERS = [
    "csp-editor",
    "editor-in-chief",
    "careful-editor",
    "figure-checker",
    "cluster-editor",
    "phone-editor",
]
EDITORS = ["userbar-editor"]  # in the Editors group, not superusers


def add_server_accounts():
    """The accounts above, in the test database (and so in every copy); idempotent."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.contrib.auth.models import Group

    hasher = PBKDF2PasswordHasher()
    password = hasher.encode(SERVER_PASSWORD, hasher.salt(), iterations=1000)
    model = get_user_model()
    for username in SUPERUSERS:
        model.objects.update_or_create(
            username=username,
            defaults={"password": password, "is_staff": True, "is_superuser": True},
        )
    editors = Group.objects.get(name="Editors")
    for username in EDITORS:
        user, _ = model.objects.update_or_create(username=username, defaults={"password": password})
        user.groups.add(editors)


def query(database_url, sql, *params):
    """Run `sql` (with %s placeholders) in the database of a copy's URL, and commit; the
    rows it returns, if any."""
    if database_url.startswith("sqlite:///"):
        path = database_url.removeprefix("sqlite:///")
        with contextlib.closing(sqlite3.connect(path)) as db, db:
            cursor = db.execute(sql.replace("%s", "?"), params)
            return cursor.fetchall() if cursor.description else []
    import psycopg

    with psycopg.connect(database_url) as db:
        cursor = db.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


class SiteTemplate:
    """A snapshot of the test database; `copy()` gives each server a database of its own."""

    def __init__(self, connection):
        self.folder = Path(tempfile.mkdtemp(prefix="truvisory-site-"))
        self.vendor = connection.vendor
        self.settings = connection.settings_dict
        self.copies = 0
        if self.vendor == "sqlite":
            self.path = self.folder / "template.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()
        elif self.vendor == "postgresql":
            self.name = f"{self.settings['NAME']}_template"
            # CREATE DATABASE … TEMPLATE wants nobody else connected to its source.
            connection.close()
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.settings["NAME"]}"')
        else:
            raise NotImplementedError(f"no site copies on {self.vendor}")

    def url(self, database):
        """A DATABASE_URL for a database on the test database's server."""
        s = self.settings
        credentials = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        return f"postgres://{credentials}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{database}"

    def _admin(self, sql):
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(sql)

    def copy(self):
        """A new copy of the site: its DATABASE_URL."""
        self.copies += 1
        if self.vendor == "sqlite":
            path = self.folder / f"copy-{self.copies}.sqlite3"
            shutil.copyfile(self.path, path)
            return f"sqlite:///{path}"
        name = f"{self.name}_copy_{self.copies}"
        # A run stopped midway leaves its copies behind, under the names this one gives out.
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
        return self.url(name)

    def dump(self):
        """The template as a plain SQL script for `psql` (PostgreSQL only), made once."""
        dump = self.folder / "template.sql"
        if not dump.exists():
            from tests.services import postgres_bin

            command = [postgres_bin("pg_dump"), "--no-owner", "--file", str(dump)]
            subprocess.run([*command, self.url(self.name)], check=True, capture_output=True)
        return dump

    def delete(self):
        if self.vendor == "postgresql":
            for number in range(1, self.copies + 1):
                self._admin(f'DROP DATABASE IF EXISTS "{self.name}_copy_{number}" WITH (FORCE)')
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.folder, ignore_errors=True)
