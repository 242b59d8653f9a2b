"""The first run as `make run` does it: the development server's output is short and
readable, ends its banner with the admin's login, and logs each request once."""

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from scripts.prodserver import ROOT, free_port, stop

SETTINGS = """from truvisory.settings.dev import *  # noqa: F403

LOCAL_ADMIN_FILE = {login_file!r}
"""
REQUEST_LINE = re.compile(
    r"^\d\d:\d\d:\d\d  (GET|HEAD) (\S+) (\d{3})  [\d.]+ ms(  \(page cache\))?$"
)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def dev_site(tmp_path, site_template):
    """A copy of the tests' site and a local admin, with the development settings."""
    (tmp_path / "first_run_settings.py").write_text(
        SETTINGS.format(login_file=str(tmp_path / ".local-admin.txt"))
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "first_run_settings",
        "DATABASE_URL": site_template.copy(),
    }
    env.pop("REDIS_URL", None)
    command = [sys.executable, "manage.py", "ensure_local_admin", "-v", "0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return env, json.loads((tmp_path / ".local-admin.txt").read_text())


@pytest.mark.slow  # starts Django in a process of its own
def test_the_server_ends_its_banner_with_the_login_and_logs_each_request_once(dev_site):
    env, login = dev_site
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        while "Ctrl+C" not in "".join(lines):  # the banner's last line
            line = server.stdout.readline()
            assert line, "the server stopped:\n" + "".join(lines)
            lines.append(line)
        base = f"http://127.0.0.1:{port}"
        assert [get(base + "/"), get(base + "/no-such-page/"), get(base + "/")] == [200, 404, 200]
    finally:
        stop(server)
    output = "".join(lines) + server.stdout.read()
    banner, _, log = output.partition("One line per request follows.\n")

    # Nothing before the banner; in it, the address, user name and password, set apart.
    assert banner.lstrip().startswith("-" * 64), output
    assert f"The site:   {base}/\n" in banner
    assert f"The admin:  {base}/admin/\n" in banner
    assert f"User name:  {login['username']}\n" in banner
    assert f"Password:   {login['password']}\n" in banner
    # After it, one readable line per request, and nothing else.
    log_lines = [line for line in log.splitlines() if line.strip()]
    requests = [REQUEST_LINE.match(line) for line in log_lines]
    assert all(requests), log
    assert [(m[2], m[3]) for m in requests] == [
        ("/", "200"),
        ("/no-such-page/", "404"),
        ("/", "200"),
    ]


@pytest.mark.slow  # starts Django in a process of its own
def test_a_page_scheduled_a_moment_ago_goes_live_while_the_server_runs(dev_site):
    """Nobody runs `publish_scheduled`: the development server does (worker/scheduler.py)."""
    env, _ = dev_site
    schedule = (
        "from datetime import timedelta; from django.utils import timezone; "
        "from guides.models import GuidePage; "
        "page = GuidePage.objects.get(url_path__endswith='/another-planned-guide/'); "
        "page.save_revision(approved_go_live_at=timezone.now() - timedelta(seconds=1))"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", schedule], cwd=ROOT, env=env, check=True
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}/guides/another-planned-guide/"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        while "Ctrl+C" not in server.stdout.readline():
            assert server.poll() is None, "the server stopped"
        deadline = time.monotonic() + 30
        while get(url) != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert get(url) == 200
    finally:
        stop(server)
