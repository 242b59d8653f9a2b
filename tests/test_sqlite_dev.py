"""`make run` on SQLite never answers "database is locked" while an editor autosaves with the
preview open: the settings give SQLite a write-ahead log, a busy timeout and transactions
that take the write lock when they begin (truvisory/settings/base.py).

Each run is a process of its own (tests/sqlite_load.py) with the development settings on a
SQLite file in a temporary folder, so this runs on CI too, where the tests' own database is
PostgreSQL.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def run_load(path, *options):
    result = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_load", str(path), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_autosaves_and_previews_at_once_all_succeed(tmp_path):
    from tests.sqlite_load import SAVES, WRITERS

    outcome = run_load(tmp_path / "db.sqlite3")
    assert outcome["journal_mode"] == "wal"
    assert outcome["errors"] == []
    assert outcome["stored"] == WRITERS * SAVES  # every autosave was kept


def test_without_the_options_the_same_editing_locks(tmp_path):
    """The load above is real: with Django's own SQLite defaults it fails."""
    outcome = run_load(tmp_path / "db.sqlite3", "--django-defaults")
    assert outcome["journal_mode"] == "delete"
    assert "database is locked" in outcome["errors"]
