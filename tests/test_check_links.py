"""manage.py check_links, against a local HTTP server: never the internet."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from guides.models import Source, SourceLinkCheck
from tests.factories import SourceFactory
from tests.html import soup, table_rows, text_of
from tests.tasks import run_worker

SLOW_SECONDS = 3
REPORT_URL = "/admin/guide-reports/content-plan/source-links/"
CHECK_NOW_URL = REPORT_URL + "check/"
TIMEOUT = "0.5"


STATUSES = {"/missing": 404, "/gone": 410, "/locked": 403, "/fault": 500, "/unavailable": 503}


class Handler(BaseHTTPRequestHandler):
    """/ok answers 200, /no-head refuses HEAD with 405, /slow never in time, and the
    addresses in STATUSES their status."""

    seen = []

    def answer(self, method):
        self.seen.append((method, self.path))
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            status = 200
        elif self.path in STATUSES:
            status = STATUSES[self.path]
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
    report = table_rows(admin_client.get(REPORT_URL))
    by_source = {row["Source"].split(",")[0]: row for row in report}
    assert by_source["missing"]["Result"] == "The page is gone (404)"
    assert by_source["missing"]["Details"] == "HTTP 404"
    assert by_source["slow"]["Result"] == "The site did not answer in time"
    assert "timed out" in by_source["slow"]["Details"]
    assert by_source["ok"]["Result"] == "Works (200)"
    assert by_source["ok"]["Details"] == ""
    assert [row["Source"].split(",")[0] for row in report[:2]] == ["missing", "slow"]  # first


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


def self_signed_certificate(folder):
    """A certificate for 127.0.0.1 that no authority signed, and its key: (cert, key) paths."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def https_server(tmp_path):
    """An HTTPS server on 127.0.0.1 whose certificate no authority signed."""
    import ssl

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*self_signed_certificate(tmp_path))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def hang_up_server():
    """A server that takes the connection and closes it without a word."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            client.recv(1024)
            client.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_each_kind_of_failure_is_said_in_plain_words(
    db, local_server, https_server, closed_port, hang_up_server
):
    Source.objects.all().delete()
    links = {
        f"{local_server}/missing": "The page is gone (404)",
        f"{local_server}/gone": "The page is gone (410)",
        f"{local_server}/locked": "The site would not let the checker in (403)",
        f"{local_server}/fault": "The site has a fault of its own (500); try again later",
        f"{local_server}/unavailable": "The site has a fault of its own (503); try again later",
        f"{local_server}/slow": "The site did not answer in time",
        f"{https_server}/ok": "The site’s security certificate is not valid",
        f"http://127.0.0.1:{closed_port}/": "The site refused the connection",
        f"{hang_up_server}/": "The site closed the connection without answering",
        # .invalid is reserved: no name in it is ever found (RFC 2606).
        "http://no-such-host.invalid/": "The address could not be found",
        f"{local_server}/ok": "Works (200)",
    }
    for url in links:
        SourceFactory(publisher=url, url=url)
    run_check_links()
    checks = {check.url: check for check in SourceLinkCheck.objects.all()}
    assert {url: check.result for url, check in checks.items()} == links
    # The technical detail stays, for whoever fixes it.
    assert checks[f"{local_server}/missing"].detail == "HTTP 404"
    assert "certificate verify failed" in checks[f"{https_server}/ok"].detail.lower()
    assert "refused" in checks[f"http://127.0.0.1:{closed_port}/"].detail.lower()


@pytest.fixture
def quick_timeout(monkeypatch):
    monkeypatch.setattr("guides.tasks.LINK_TIMEOUT", float(TIMEOUT))


def test_check_links_now_checks_them_and_shows_the_results(
    local_sources, admin_client, quick_timeout
):
    report = soup(admin_client.get(REPORT_URL))
    assert "The links have not been checked yet." in text_of(report)
    form = report.select_one("form[action]:has([data-check-links-now])")
    assert form["action"] == CHECK_NOW_URL and form["method"] == "post"

    response = admin_client.post(CHECK_NOW_URL, follow=True)
    assert response.redirect_chain == [(REPORT_URL, 302)]
    page = soup(response)
    assert "Checked 4 links: 2 are broken, listed first." in text_of(page.select_one(".messages"))
    assert SourceLinkCheck.objects.count() == 4
    assert "2 of 4 links are broken, listed first." in text_of(page)
    rows = table_rows(response)
    assert [row["Result"] for row in rows][:2] == [
        "The page is gone (404)",
        "The site did not answer in time",
    ]
    # Nothing is done by a GET: it leads back to the report.
    assert admin_client.get(CHECK_NOW_URL).url == REPORT_URL


def test_check_links_now_queues_a_task_when_a_worker_runs_them(
    local_sources, admin_client, task_queue, quick_timeout
):
    response = admin_client.post(CHECK_NOW_URL, follow=True)
    assert "being checked in the background" in text_of(soup(response).select_one(".messages"))
    assert task_queue.filter(task_path="guides.tasks.check_all_links").count() == 1
    assert not SourceLinkCheck.objects.exists()
    run_worker()
    assert SourceLinkCheck.objects.count() == 4
    assert "2 of 4 links are broken" in text_of(soup(admin_client.get(REPORT_URL)))


def test_only_those_who_edit_pages_may_check_links(local_sources, client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x")  # noqa: S106
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.post(CHECK_NOW_URL)
    assert (response.status_code, response.url) == (302, "/admin/")  # Wagtail's "no permission"
    assert not SourceLinkCheck.objects.exists()
