"""/healthz (liveness: the process can serve pages, from the page cache or by rendering) and
/readyz (readiness: the database answers and a task worker beats), as plain JSON."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from worker.models import WorkerHeartbeat

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_answers_ok_and_is_never_cached(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "page_cache": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_healthz_stays_200_without_the_page_cache_and_says_so(client, db, monkeypatch):
    """Pages still render from the database: a load balancer should keep the node."""

    class Unavailable:
        def set(self, *args, **kwargs):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr("page_cache.cache.store", Unavailable)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "page_cache": "unavailable", "database": "ok"}


def test_readyz_needs_a_worker_heartbeat_within_the_lease(client, db, task_queue, settings):
    settings.TASK_LEASE_SECONDS = 300
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "worker": "no heartbeat within the lease",
    }
    assert "no-store" in response["Cache-Control"]

    beat = WorkerHeartbeat.objects.create(worker_id="w1", host="h", pid=1, last_beat=timezone.now())
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok", "worker": "ok"}

    # Stopped of its own accord, or silent longer than the lease: not ready.
    beat.stopped_at = timezone.now()
    beat.save()
    assert client.get("/readyz").status_code == 503
    beat.stopped_at = None
    beat.last_beat = timezone.now() - timedelta(seconds=301)
    beat.save()
    assert client.get("/readyz").status_code == 503


def test_readyz_needs_no_worker_where_tasks_run_at_once(client, db):
    response = client.get("/readyz")  # the tests' settings run tasks in-process
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "worker": "not used"}


def health_without_database(path):
    """`path` answered by Django in a process of its own, whose database port has no server."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        f"r = Client().get('{path}');"
        "print(r.status_code, r['Cache-Control']); print(r.content.decode())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "truvisory.settings.test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/unreachable",
    }
    env.pop("REDIS_URL", None)  # the page cache in this process's memory: it still serves
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    first, body = result.stdout.split("\n", 1)
    status, cache_control = first.split(" ", 1)
    assert "no-store" in cache_control
    return int(status), json.loads(body)


@pytest.mark.slow  # starts Django in a process of its own
def test_without_the_database_the_node_is_alive_but_not_ready():
    # Cached pages can still be served: a load balancer keeps the node.
    assert health_without_database("/healthz") == (
        200,
        {"status": "degraded", "page_cache": "ok", "database": "unavailable"},
    )
    status, body = health_without_database("/readyz")
    assert status == 503
    assert body["database"] == "unavailable"
