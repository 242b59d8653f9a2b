"""The page cache against a real server: gunicorn with the production settings, its page
cache in the database (no Redis), on a copy of the tests' site. The bytes are read off the
socket, so a HEAD's missing body is seen as a client sees it (Django's test client drops
it by itself; gunicorn sends whatever it is given). Two releases are two servers, one after
the other, on one database."""

import socket
import subprocess
import time
from urllib.parse import urlsplit

import pytest
from django.utils.http import http_date, parse_http_date

from scripts.prodserver import BIN, ROOT, production_server
from tests.fixtures import GUIDE_URL
from tests.site_copies import query

pytestmark = pytest.mark.slow

HOST = "localhost"  # as a load balancer sends it
PER_REQUEST = {"date", "x-request-id"}


def send(base, method, path, **headers):
    """(status, headers with lower-cased names, every byte after the headers), over a
    connection the server closes after its answer."""
    parts = urlsplit(base)
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {HOST}",
        "X-Forwarded-Proto: https",
        "Accept-Encoding: gzip",
        "Connection: close",
        *(f"{name.replace('_', '-')}: {value}" for name, value in headers.items()),
    ]
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, rest = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    sent = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        sent[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), sent, rest


def comparable(headers):
    return {name: value for name, value in headers.items() if name not in PER_REQUEST}


@pytest.fixture(scope="module")
def server(site_template, collected_static, tmp_path_factory):
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with production_server(
        database_url=site_template.copy(),
        seed=False,
        static_root=collected_static,
        log_path=log,
    ) as (base, _env):
        yield base


def test_a_head_sends_the_get_s_headers_and_no_body(server):
    # A miss first: the HEAD renders the page, keeps it, and sends none of it.
    status, head_miss, rest = send(server, "HEAD", GUIDE_URL)
    assert status == 200
    assert "x-page-cache" not in head_miss
    assert rest == b""
    status, get_hit, body = send(server, "GET", GUIDE_URL)
    assert status == 200 and get_hit["x-page-cache"] == "hit"
    assert int(get_hit["content-length"]) == len(body) > 1000
    # The same headers, the stored body's length included; only the hit is marked.
    assert comparable(head_miss) | {"x-page-cache": "hit"} == comparable(get_hit)
    status, head_hit, rest = send(server, "HEAD", GUIDE_URL)
    assert status == 200 and rest == b""
    assert comparable(head_hit) == comparable(get_hit)
    for name in ["etag", "last-modified", "cache-control", "vary", "content-encoding"]:
        assert name in head_hit, name


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_conditional_requests_get_a_304_with_the_validators(server, method):
    _status, reference, _body = send(server, "GET", "/guides/")
    for validator, value in [
        ("If-None-Match", reference["etag"]),
        ("If-Modified-Since", reference["last-modified"]),
    ]:
        status, headers, rest = send(server, method, "/guides/", **{validator: value})
        assert status == 304, validator
        assert rest == b""
        for name in ["etag", "last-modified", "cache-control", "vary"]:
            assert headers[name] == reference[name], (validator, name)
    older = http_date(parse_http_date(reference["last-modified"]) - 86400)
    status, headers, rest = send(server, method, "/guides/", If_Modified_Since=older)
    assert status == 200
    assert len(rest) == (int(headers["content-length"]) if method == "GET" else 0)


def kept(database):
    """The page cache's keys in the database's table, without Django's `:1:` prefix."""
    rows = query(database, "SELECT cache_key FROM truvisory_page_cache")
    return {key.split(":", 2)[2] for (key,) in rows}


def releases_kept(database):
    return {key.split(":")[1] for key in kept(database) if key.startswith("page:")}


def test_two_releases_never_share_an_entry_and_clear_page_cache_empties_it(
    site_template, collected_static, tmp_path
):
    database = site_template.copy()

    def serve(release):
        return production_server(
            database_url=database,
            seed=False,
            static_root=collected_static,
            log_path=tmp_path / f"{release}.log",
            extra_env={"RELEASE": release},
        )

    with serve("one") as (base, _env):
        assert "x-page-cache" not in send(base, "GET", GUIDE_URL)[1]
        assert send(base, "GET", GUIDE_URL)[1]["x-page-cache"] == "hit"
    [one] = releases_kept(database)

    # The next release, with the first's entries still in the table, renders afresh.
    with serve("two") as (base, env):
        status, headers, _body = send(base, "GET", GUIDE_URL)
        assert status == 200 and "x-page-cache" not in headers
        assert send(base, "GET", GUIDE_URL)[1]["x-page-cache"] == "hit"
        assert len(releases_kept(database)) == 2 and one in releases_kept(database)

        emptied = subprocess.run(
            [str(BIN / "python"), "manage.py", "clear_page_cache"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        assert "The page cache is empty" in emptied.stdout
        assert '"message": "Page cache emptied"' in emptied.stdout
        assert '"by": "manage.py clear_page_cache"' in emptied.stdout
        assert kept(database) == set()
        time.sleep(1.1)  # every worker reads the new content version within a second
        assert "x-page-cache" not in send(base, "GET", GUIDE_URL)[1]
        assert send(base, "GET", GUIDE_URL)[1]["x-page-cache"] == "hit"
