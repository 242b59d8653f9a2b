"""Serve the tests' own site from a subprocess and drive Debian's Chromium at it.

The server gets its own SQLite file, so it never shares pytest-django's test database.
Playwright never downloads a browser here: it launches /usr/bin/chromium.
"""

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.prodserver import free_port, stop, wait_until_up
from tests.content import site as content
from tests.factories import SITE_CONTENT
from tests.tools import missing_tool

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# The rows of the tests' guide's statistics table, as (finding, figure, source).
STATISTICS_TABLE = [
    [cell.strip() for cell in line.strip("|").split("|")]
    for line in content.GUIDE_TEXT.read_text().splitlines()
    if line.startswith("|") and not line.startswith("|-")
][1:]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _manage(env, *args, log):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=log, stderr=log, check=True
    )


@pytest.fixture(scope="session")
def chromium_path():
    if not CHROMIUM.exists():
        missing_tool(f"{CHROMIUM} is missing: install Debian's chromium package")
    return str(CHROMIUM)


@contextlib.contextmanager
def seeded_server(workdir, setup=""):
    """Serve a freshly migrated and seeded site from a subprocess, on its own SQLite file
    (workdir/db.sqlite3), with the test settings (DEBUG off, real 404s). `setup` is Python
    run through `manage.py shell` before the server starts. Yields (URL, the last line
    setup printed).
    """
    log_path = workdir / "server.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "truvisory.settings.test",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)  # a private cache, so nothing leaks to or from other tests
    port = free_port()
    with log_path.open("w") as log:
        _manage(env, "migrate", "--noinput", log=log)
        _manage(env, "load_site_content", "--content", SITE_CONTENT, log=log)
        printed = ""
        if setup:
            printed = subprocess.run(
                [sys.executable, "manage.py", "shell", "-v", "0", "-c", setup],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, check=True, text=True,
            ).stdout.strip().splitlines()[-1]  # fmt: skip
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/healthz", server, log_path)
        yield url, printed
    finally:
        stop(server, timeout=10)


def create_superuser_code(username, password):
    """Python for `seeded_server(setup=...)` that adds a superuser."""
    return (
        "from django.contrib.auth import get_user_model\n"
        f"get_user_model().objects.create_superuser({username!r}, 'e@example.com', "
        f"{password!r})\n"
    )


@pytest.fixture(scope="session")
def seeded_site(chromium_path, tmp_path_factory):
    """The seeded site on a free port, shared by the page checks: (URL, its SQLite file)."""
    workdir = tmp_path_factory.mktemp("site")
    with seeded_server(workdir) as (url, _printed):
        yield url, workdir / "db.sqlite3"


@pytest.fixture(scope="session")
def site_url(seeded_site):
    return seeded_site[0]


@pytest.fixture(scope="module")
def browser(chromium_path):
    # Module scope: Playwright's sync API holds an event loop, which would make Django
    # refuse database access in the tests that run after these.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class Tab:
    """A browser tab that records console errors and failed requests."""

    def __init__(self, page, site_url, width=360):
        self.page = page
        self.site_url = site_url
        self.width = width
        self.console_errors = []
        self.failed_requests = []
        self.documents = {}  # navigated URL -> HTTP status; tests assert on these themselves
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("requestfailed", lambda r: self.failed_requests.append(f"{r.url}: {r.failure}"))
        page.on("response", self._on_response)

    def _on_response(self, response):
        if response.request.is_navigation_request():
            self.documents[response.url] = response.status
        elif response.status >= 400:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def _on_console(self, message):
        if message.type != "error":
            return
        # Chromium logs a document's own 4xx (the 404 page, a form's error state) as a
        # console error; the test checks that status itself.
        if message.text.startswith("Failed to load resource") and (
            message.location.get("url") in self.documents
        ):
            return
        self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def goto(self, path):
        return self.page.goto(self.site_url + path)


def admin_tab(browser, url, username, password, problems=None):
    """A desktop-sized tab that has sent the admin's sign-in form. With a `problems` list,
    the tab adds every console error and script error to it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    if problems is not None:
        page.on("console", lambda m: m.type == "error" and problems.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    page.goto(f"{url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    return context, page


def screenshot_if_failed(request, page):
    """A full-page screenshot in test-artifacts/ when the test just run has failed."""
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1]).strip("_")
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def save_screenshot(page, name):
    """A full-page screenshot, test-artifacts/screens/<name>.png, for people to look at."""
    folder = ARTIFACTS / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


@pytest.fixture(params=["light", "dark"])
def color_scheme(request):
    return request.param


@pytest.fixture(params=[360, 1280], ids=lambda width: f"{width}px")
def screen_width(request):
    """A phone and a desktop screen."""
    return request.param


@pytest.fixture
def tab(request, browser, site_url, color_scheme, screen_width):
    """A fresh tab; if the test fails, a full-page screenshot goes to test-artifacts/."""
    context = browser.new_context(
        viewport={"width": screen_width, "height": 800}, color_scheme=color_scheme
    )
    page = context.new_page()
    yield Tab(page, site_url, screen_width)
    screenshot_if_failed(request, page)
    context.close()
