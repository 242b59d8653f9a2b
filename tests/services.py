"""Throwaway PostgreSQL and Redis servers on free loopback ports, for the fault tests.

They are the machine's own binaries, started in a temporary folder and stopped and
deleted afterwards. The shared servers on 5432 and 6379, which CI and everyone else
use, are never touched.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from scripts.prodserver import free_port, stop


def postgres_bin(name):
    """A PostgreSQL server program: Debian keeps them out of PATH, in /usr/lib/postgresql/N/bin."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return shutil.which(name) or (candidates[0] if candidates else None)


def available():
    """Why the throwaway servers cannot run here, or None when they can."""
    missing = [name for name in ("initdb", "pg_ctl") if not postgres_bin(name)]
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    if os.geteuid() == 0 and not (shutil.which("runuser") and _has_user("postgres")):
        missing.append("a postgres user and runuser (PostgreSQL will not run as root)")
    return f"missing {', '.join(missing)}" if missing else None


def _has_user(name):
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


class ThrowawayPostgres:
    """initdb into a temporary folder, then start, stop and restart on a free port.

    PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
    """

    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="truvisory-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.as_user = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def run(self, *args, **kwargs):
        return subprocess.run([*self.as_user, *args], check=True, capture_output=True, **kwargs)

    def url(self, database="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def __enter__(self):
        self.run(postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                 "--no-sync", "-E", "UTF8")  # fmt: skip
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop(check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.run(postgres_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                 "-o", options, "-w", "-t", "30", "start")  # fmt: skip

    def stop(self, mode="fast", check=True):
        try:
            self.run(postgres_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        except subprocess.CalledProcessError:
            if check:
                raise

    def create_database(self, name, template=None):
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            clause = f" TEMPLATE {template}" if template else ""
            connection.execute(f"CREATE DATABASE {name}{clause}")

    def load(self, database, script):
        """Run an SQL script (a plain pg_dump) in `database`, stopping at its first error."""
        command = [postgres_bin("psql"), "--quiet", "--no-psqlrc", "--set", "ON_ERROR_STOP=1"]
        subprocess.run([*command, "--file", str(script), self.url(database)], check=True,
                       capture_output=True)  # fmt: skip

    def query(self, database, sql, *params):
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()


class ThrowawayRedis:
    """redis-server on a free port, keeping nothing on disk; or, given a `folder`, saving a
    snapshot there (dump.rdb) when told to (SAVE) and loading it when it starts."""

    def __init__(self, folder=None):
        self.port = free_port()
        self.process = None
        self.folder = folder

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                *(["--dir", str(self.folder)] if self.folder else []),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            stop(self.process, timeout=10)
        self.process = None
