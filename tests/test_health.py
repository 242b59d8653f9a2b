import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_answers_ok_and_is_never_cached(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.slow  # starts Django in a process of its own
def test_healthz_answers_503_when_the_database_is_down():
    # A real connection attempt to a port where no database listens.
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode().strip(), r['Cache-Control'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "truvisory.settings.test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/unreachable",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status, *rest = result.stdout.split()
    assert status == "503"
    assert "no-store" in result.stdout
