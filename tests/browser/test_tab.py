"""The browser tests' Tab (conftest.py) reports every failed request, except a load the
browser cancels because the tab went on to another document."""

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.conftest import Tab

pytestmark = pytest.mark.browser

PAGES = {
    # The favicon and the image take a second: long enough to follow the link first.
    "/leaves": b'<link rel="icon" href="/slow.svg"><img src="/slow.png" alt="">'
    b'<a href="/next">On</a>',
    "/next": b"<p>The next page</p>",
    "/broken": b'<img src="/missing.png" alt="">',
}


class Pages(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/slow"):
            time.sleep(1)
        body = PAGES.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        with contextlib.suppress(ConnectionError):  # the browser may have cancelled the load
            self.wfile.write(body or b"")


@pytest.fixture(scope="module")
def pages_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def new_tab(browser, pages_url):
    context = browser.new_context()
    yield Tab(context.new_page(), pages_url)
    context.close()


def test_a_load_cut_off_by_following_a_link_is_not_a_failure(new_tab):
    new_tab.page.goto(new_tab.site_url + "/leaves", wait_until="commit")
    with new_tab.page.expect_event("requestfinished", lambda r: r.url.endswith("/next")):
        new_tab.page.get_by_role("link", name="On").click()
    # The browser cancels the old page's loads before it shows the next one.
    new_tab.page.wait_for_load_state()
    assert new_tab.failed_requests == []


def test_a_load_stopped_on_the_page_itself_is_a_failure(new_tab):
    new_tab.page.goto(new_tab.site_url + "/leaves", wait_until="commit")
    with new_tab.page.expect_event("requestfailed"):
        new_tab.page.evaluate("window.stop()")
    stopped = f"{new_tab.site_url}/slow.png: net::ERR_ABORTED"
    assert stopped in new_tab.failed_requests


def test_a_missing_image_is_a_failure(new_tab):
    new_tab.page.goto(new_tab.site_url + "/broken")
    assert new_tab.failed_requests == [f"{new_tab.site_url}/missing.png: HTTP 404"]
