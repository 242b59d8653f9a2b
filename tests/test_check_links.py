"""manage.py check_links, against a local HTTP server: never the internet."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from guides.models import Source, SourceLinkCheck
from tests.factories import SourceFactory
from tests.tasks import run_worker

SLOW_SECONDS = 3
TIMEOUT = "0.5"


class Handler(BaseHTTPRequestHandler):
    """/ok answers 200, /missing 404, /no-head refuses HEAD with 405, /slow never in time."""

    seen = []

    def answer(self, method):
        self.seen.append((method, self.path))
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            status = 200
        elif self.path == "/missing":
            status = 404
        elif self.path == "/no-head" and method == "HEAD":
            status = 405
        else:
            status = 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.answer("HEAD")

    def do_GET(self):
        self.answer("GET")

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Handler.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_sources(db, local_server):
    # Only local links: the site's own sources point at the internet, so they go.
    Source.objects.all().delete()
    return {
        name: SourceFactory(publisher=name, url=f"{local_server}/{name}")
        for name in ("ok", "missing", "no-head", "slow")
    }


def run_check_links():
    out = StringIO()
    call_command("check_links", "--timeout", TIMEOUT, stdout=out)
    return out.getvalue()


def test_each_link_gets_its_status_and_date(local_sources):
    started = time.monotonic()
    output = run_check_links()
    assert time.monotonic() - started < SLOW_SECONDS  # the timeout, not the server, decides

    checks = {check.source.publisher: check for check in SourceLinkCheck.objects.all()}
    assert set(checks) == set(local_sources)
    assert (checks["ok"].status_code, checks["ok"].error) == (200, "")
    assert checks["missing"].status_code == 404
    assert checks["no-head"].status_code == 200  # asked again with GET
    assert checks["slow"].status_code is None
    assert "timed out" in checks["slow"].error
    assert all(check.checked_at for check in checks.values())
    assert all(check.url == local_sources[name].url for name, check in checks.items())

    assert ("HEAD", "/no-head") in Handler.seen
    assert ("GET", "/no-head") in Handler.seen
    assert ("GET", "/ok") not in Handler.seen  # HEAD was enough

    lines = output.strip().splitlines()
    assert len(lines) == 5  # one progress line per link, then the summary
    assert lines[0].startswith("[1/4] ")
    assert any("HTTP 404" in line and line.endswith("/missing") for line in lines)
    assert lines[-1] == "Checked 4 links: 2 fine, 2 broken."


def test_a_second_run_replaces_the_last_result(local_sources):
    run_check_links()
    first = SourceLinkCheck.objects.get(source=local_sources["missing"]).checked_at
    source = local_sources["missing"]
    source.url = source.url.replace("/missing", "/ok")
    source.save()
    run_check_links()
    check = SourceLinkCheck.objects.get(source=source)
    assert SourceLinkCheck.objects.count() == 4
    assert check.status_code == 200
    assert check.checked_at > first


def test_only_web_links_are_opened(db):
    Source.objects.all().delete()
    SourceFactory(publisher="file", url="file:///etc/passwd")
    output = run_check_links()
    check = SourceLinkCheck.objects.get()
    assert check.status_code is None
    assert check.error == "Only http and https links can be checked"
    assert "1 broken" in output


def test_the_report_shows_the_result(local_sources, admin_client):
    run_check_links()
    html = admin_client.get("/admin/guide-reports/content-plan/source-links/").content.decode()
    assert "Broken: HTTP 404" in html
    assert "timed out" in html


def test_a_link_an_editor_adds_is_checked_in_the_background(local_server, admin_client, task_queue):
    Source.objects.all().delete()
    response = admin_client.post(
        "/admin/snippets/guides/source/add/",
        {"publisher": "Local Institute", "url": f"{local_server}/ok", "publication_date": "2025"},
    )
    assert response.status_code == 302
    source = Source.objects.get()
    # The editor did not wait for the link: the check is queued for the worker.
    assert Handler.seen == []
    assert not SourceLinkCheck.objects.exists()
    assert task_queue.filter(task_path="guides.tasks.check_source_link").count() == 1

    run_worker()
    check = SourceLinkCheck.objects.get(source=source)
    assert (check.status_code, check.url) == (200, source.url)
    assert Handler.seen == [("HEAD", "/ok")]

    # Saved again with the same link: nothing new to check.
    edit = f"/admin/snippets/guides/source/edit/{source.pk}/"
    data = {"publisher": "Local Institute (renamed)", "url": source.url, "publication_date": "2025"}
    assert admin_client.post(edit, data).status_code == 302
    assert task_queue.filter(task_path="guides.tasks.check_source_link").count() == 1
