"""Slow clients do not stall everyone else (gunicorn.conf.py: threads).

Against the real thing: gunicorn with the production settings and its two workers. Two
clients send a request a byte at a time, one its headers and one its body (as the attack
that held both sync workers did, making a normal request wait 18 s); meanwhile normal
requests, each on a new connection, must be answered promptly.
"""

import socket
import threading
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from scripts.prodserver import production_server
from tests.fixtures import GUIDE_URL

pytestmark = pytest.mark.slow  # starts gunicorn

PROMPT = 5  # seconds: generous for a page on a busy machine, far below a stall
BYTE_EVERY = 0.2  # seconds between the slow clients' bytes


@pytest.fixture(scope="module")
def server(site_template, collected_static):
    with production_server(
        database_url=site_template.copy(), seed=False, static_root=collected_static
    ) as (base, _env):
        yield base


class SlowClient(threading.Thread):
    """Sends `head`, then dribbles `dribble` a byte at a time until stopped (or done)."""

    def __init__(self, base, head, dribble):
        super().__init__(daemon=True)
        parts = urlsplit(base)
        self.connection = socket.create_connection((parts.hostname, parts.port), timeout=30)
        self.connection.sendall(head.encode())
        self.dribble = dribble.encode()
        self.sent = 0
        self.stopped = threading.Event()

    def run(self):
        for byte in self.dribble:
            if self.stopped.wait(BYTE_EVERY):
                break
            try:
                self.connection.sendall(bytes([byte]))
            except OSError:
                break
            self.sent += 1

    def stop(self):
        self.stopped.set()
        self.join()
        self.connection.close()


def slow_headers(base):
    return SlowClient(base, "GET / HTTP/1.1\r\nHost: localhost\r\n", "X-Slow: " + "a" * 1000)


def slow_body(base):
    message = "name=Slow&message=" + "b" * 1000
    head = (
        "POST /contact/ HTTP/1.1\r\nHost: localhost\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(message)}\r\n\r\n"
    )
    return SlowClient(base, head, message)


def timed_get(url):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=3 * PROMPT) as response:  # noqa: S310
            status = response.status
    except OSError as error:  # a timeout, or an error status
        status = str(error)
    return status, time.monotonic() - started


def test_two_slow_clients_do_not_stall_a_normal_request(server):
    assert timed_get(server + GUIDE_URL)[0] == 200  # rendered once, before the slow clients
    slow = [slow_headers(server), slow_body(server)]
    for client in slow:
        client.start()
    try:
        time.sleep(1)  # both are sending, each holding whatever reads its request
        answers = [timed_get(server + url) for url in (GUIDE_URL, "/", "/healthz") * 3]
        still_sending = all(client.is_alive() and client.sent > 0 for client in slow)
    finally:
        for client in slow:
            client.stop()
    assert still_sending  # the slow clients were at it the whole time
    slowest = max(seconds for _status, seconds in answers)
    assert [status for status, _seconds in answers] == [200] * len(answers), answers
    assert slowest < PROMPT, f"a normal request waited {slowest:.1f} s behind two slow clients"
