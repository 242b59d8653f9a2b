import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.fixture
def credentials_file(tmp_path, settings):
    settings.DEBUG = True
    settings.LOCAL_ADMIN_FILE = tmp_path / ".local-admin.txt"
    return settings.LOCAL_ADMIN_FILE


def test_first_run_creates_an_admin_and_later_runs_print_the_same_login(
    credentials_file, db, client, capsys
):
    call_command("ensure_local_admin")
    first = capsys.readouterr().out
    saved = json.loads(credentials_file.read_text())
    assert saved["username"] == "admin"
    assert saved["password"] in first
    assert "http://127.0.0.1:8000/admin/" in first

    call_command("ensure_local_admin")
    assert saved["password"] in capsys.readouterr().out
    assert get_user_model().objects.filter(username="admin").count() == 1

    assert client.login(username="admin", password=saved["password"])
    assert client.get("/admin/").status_code == 200


def test_refuses_to_run_without_debug(settings, db):
    settings.DEBUG = False
    with pytest.raises(Exception, match="local development only"):
        call_command("ensure_local_admin")
