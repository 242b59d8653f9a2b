"""Serve the seeded site locally as production does: gunicorn, production settings.

Used by `make bench` (and fit for `make audit`): a context manager that seeds a
database, collects static files into a temporary folder, starts gunicorn on a free
loopback port, yields its base URL, and stops everything it started on the way out.
"""

import contextlib
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
SETTINGS = """from truvisory.settings.production import *  # noqa: F403

STATIC_ROOT = {static_root!r}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, timeout=10):
    """The body of a page, whatever its status."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as error:
        return error.read()


class ServerError(Exception):
    """A server that exited early or never answered; the message carries its log."""


def wait_until_up(url, server, log_path, workers=0, timeout=60):
    """Return once `url` answers 200 and as many gunicorn `workers` have logged that they
    are ready (gunicorn.conf.py); raise ServerError if `server` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ServerError(f"The server exited early:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (an error status raises)
                if log_path.read_text().count(" is ready") >= workers:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise ServerError(f"The server did not answer {url} within {timeout}s:\n{log_path.read_text()}")


def stop(process, timeout=20):
    """Ask a server process to stop; kill it if it has not within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def fresh_postgres(database):
    """A new, empty database on the local PostgreSQL, or None (then SQLite is used)."""
    try:
        import psycopg

        admin_url = "postgresql://postgres@127.0.0.1:5432/postgres"
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=2) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {database}")
        return f"postgres://postgres@127.0.0.1:5432/{database}"
    except Exception as error:  # noqa: BLE001
        print(f"  PostgreSQL not available ({error.__class__.__name__}); using SQLite")
        return None


def fresh_redis(db_number):
    """An emptied database on the local Redis, or None (then local memory is used)."""
    url = f"redis://127.0.0.1:6379/{db_number}"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
        return url
    except Exception as error:  # noqa: BLE001
        print(f"  Redis not available ({error.__class__.__name__}); using local memory")
        return None


@contextlib.contextmanager
def production_server(
    database_url=None,
    redis_url=None,
    workers=2,
    access_log=False,
    *,
    seed=True,
    content="guides.content.site",
    static_root=None,
    log_path=None,
    extra_env=None,
):
    """Serve the site under gunicorn; yields (base URL, environment).

    The fault and scaling tests pass `seed=False` for a database that is seeded already,
    a shared `static_root` (collected once, skipped when it has its manifest), and a
    `log_path` they read afterwards. `extra_env` adds or overrides variables. `content`
    is the content spec the seed loader builds (the tests pass their own).
    """
    with tempfile.TemporaryDirectory(prefix="truvisory-serve-") as tmp:
        workdir = Path(tmp)
        static_root = Path(static_root) if static_root else workdir / "static"
        (workdir / "serve_settings.py").write_text(SETTINGS.format(static_root=str(static_root)))
        port = free_port()
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
            "DJANGO_SETTINGS_MODULE": "serve_settings",
            "SECRET_KEY": "local-serve-only-not-secret",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            # Loopback stands in for the load balancer: its X-Forwarded-* headers are believed.
            "TRUSTED_PROXIES": "127.0.0.1",
            "DATABASE_URL": database_url or f"sqlite:///{workdir / 'db.sqlite3'}",
            "PORT": str(port),
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_ACCESS_LOG": "-" if access_log else "",
        }
        env.pop("REDIS_URL", None)
        if redis_url:
            env["REDIS_URL"] = redis_url
        env.update(extra_env or {})
        manage = [str(BIN / "python"), "manage.py"]
        quiet = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
        if seed:
            print("  migrating and seeding the database", flush=True)
            subprocess.run([*manage, "migrate", "--noinput", "-v0"], **quiet)
            load = [*manage, "load_site_content", "--content", content]
            subprocess.run(load, **quiet, stderr=subprocess.DEVNULL)
            # Production queues search and reference indexing for the task worker.
            worker = ["db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "-v0"]
            subprocess.run([*manage, *worker], **quiet)
        if not (static_root / "staticfiles.json").exists():
            print("  collecting static files", flush=True)
            subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], **quiet)

        log_path = Path(log_path) if log_path else workdir / "gunicorn.log"
        with log_path.open("w") as log:
            server = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "--config",
                    "gunicorn.conf.py",
                    "--bind",
                    f"127.0.0.1:{port}",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            base_url = f"http://127.0.0.1:{port}"
            try:
                wait_until_up(base_url + "/healthz", server, log_path, workers)
                print(f"  serving on {base_url}", flush=True)
                yield base_url, env
            except BaseException:
                print(
                    "gunicorn log, last lines:\n"
                    + "".join(log_path.read_text().splitlines(True)[-30:])
                )
                raise
            finally:
                stop(server)
