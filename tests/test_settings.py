"""Production settings refuse to start without their required variables."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 64 + "production-test-key-with-enough-entropy-1234567890",
    "ALLOWED_HOSTS": "truvisory.example",
    # Outside the work tree: the canonical-host check (pages/checks.py) opens the database.
    "DATABASE_URL": "sqlite:///" + str(Path(tempfile.gettempdir()) / "truvisory-check.sqlite3"),
}


def run_manage(*args, env_overrides, drop=()):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "truvisory.settings.production"}
    for name in (*drop, "REDIS_URL"):
        env.pop(name, None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow  # starts Django in a process of its own
@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_variable(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run_manage("check", env_overrides=env, drop=[missing])
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert missing in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # starts Django in a process of its own
def test_production_deploy_check_is_clean():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


SETTINGS_MODULE = "from django.conf import settings; print(settings.SETTINGS_MODULE)"


@pytest.mark.slow  # starts Django in a process of its own
def test_wsgi_defaults_to_production_and_manage_to_dev():
    """What gunicorn (truvisory.wsgi) and a developer's manage.py run, when nothing says."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    served = subprocess.run(
        [sys.executable, "-c", f"import truvisory.wsgi; {SETTINGS_MODULE}"],
        cwd=ROOT,
        env={**env, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert served.stdout.split()[-1:] == ["truvisory.settings.production"], served.stderr
    managed = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SETTINGS_MODULE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert managed.stdout.split()[-1:] == ["truvisory.settings.dev"], managed.stderr


CACHES_SCRIPT = (
    "import json; from django.conf import settings; "
    "print(json.dumps({alias: cache['BACKEND'] for alias, cache in settings.CACHES.items()}))"
)


def production_caches(**env):
    result = run_manage("shell", "-c", CACHES_SCRIPT, env_overrides={**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # starts Django in a process of its own
def test_production_never_keeps_a_cache_in_one_process():
    # The page cache has its own alias; without Redis, both live in the database.
    assert production_caches() == {
        "default": "django.core.cache.backends.db.DatabaseCache",
        "pages": "django.core.cache.backends.db.DatabaseCache",
    }
    assert production_caches(REDIS_URL="redis://127.0.0.1:6379/9") == {
        "default": "django_redis.cache.RedisCache",
        "pages": "django_redis.cache.RedisCache",
    }


def test_migrate_makes_the_database_caches_tables(db):
    from django.conf import settings
    from django.db import connection

    tables = connection.introspection.table_names()
    assert set(settings.CACHE_TABLES.values()) <= set(tables)
