"""Serve the tests' own site from a subprocess and drive Debian's Chromium at it.

Each server gets its own copy of the tests' site (tests/site_copies.py), so it never
shares pytest-django's test database, and nothing one module changes reaches another.
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


@pytest.fixture(scope="session")
def chromium_path():
    if not CHROMIUM.exists():
        missing_tool(f"{CHROMIUM} is missing: install Debian's chromium package")
    return str(CHROMIUM)


@contextlib.contextmanager
def seeded_server(site_template, workdir):
    """Serve a new copy of the tests' site (tests/site_copies.py) from a subprocess, with
    the test settings (DEBUG off, real 404s). Yields (URL, the copy's DATABASE_URL)."""
    log_path = workdir / "server.log"
    database_url = site_template.copy()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "truvisory.settings.test",
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)  # a private cache, so nothing leaks to or from other tests
    port = free_port()
    with log_path.open("w") as log:
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
        yield url, database_url
    finally:
        stop(server, timeout=10)


@pytest.fixture(scope="session")
def seeded_site(chromium_path, site_template, tmp_path_factory):
    """The seeded site on a free port, shared by the page checks: (URL, its DATABASE_URL)."""
    with seeded_server(site_template, tmp_path_factory.mktemp("site")) as served:
        yield served


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
        self.navigations = 0  # documents the tab has asked for
        self.started_in = {}  # request -> self.navigations when it started
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_request(self, request):
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self.navigations += 1
        self.started_in[request] = self.navigations

    def _on_request_failed(self, request):
        # A load the browser cancels because the tab went on to another document (a link
        # followed while the favicon still loads) is not the page's fault; any other is.
        left = self.started_in.get(request, self.navigations) < self.navigations
        if not (left and request.failure == "net::ERR_ABORTED"):
            self.failed_requests.append(f"{request.url}: {request.failure}")

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


def pytest_generate_tests(metafunc):
    """Light and dark only for a test marked `colours` (contrast, colours compared, dark
    screenshots): elsewhere the colour scheme cannot change what the test sees."""
    if "color_scheme" in metafunc.fixturenames:
        both = metafunc.definition.get_closest_marker("colours") is not None
        metafunc.parametrize("color_scheme", ["light", "dark"] if both else ["light"])


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
