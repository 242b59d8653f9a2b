"""A small HTTP client for tests against a real server, and a traffic generator.

Cookies are kept by hand: the production settings mark them Secure, and the tests speak
plain HTTP on loopback while saying `X-Forwarded-Proto: https`, as a TLS proxy would.
"""

import http.client
import itertools
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    base: str
    host: str = ""  # the Host header; the base URL's host and port unless given
    cookies: dict = field(default_factory=dict)

    def request(self, method, path, form=None, headers=None, timeout=10):
        parts = urlsplit(self.base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        host = self.host or parts.netloc
        sent = {"X-Forwarded-Proto": "https", "Host": host, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://{host}"
            sent["Referer"] = f"https://{host}{path}"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, dict(response.getheaders()), response.read())
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    for name, morsel in SimpleCookie(value).items():
                        self.cookies[name] = morsel.value
            return answer
        finally:
            connection.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, form, **kwargs):
        return self.request("POST", path, form=form, **kwargs)


def get(base, path, timeout=10, host=""):
    return Browser(base, host=host).get(path, timeout=timeout)


@dataclass
class Outcome:
    started: float
    finished: float
    path: str
    status: int | None  # None: no HTTP answer at all
    error: str = ""

    @property
    def ok(self):
        return self.status is not None and self.status < 500


def wait_until(condition, timeout, what, interval=0.05):
    """Return as soon as `condition()` is true; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(interval)


class Traffic:
    """Threads that request `paths` in turn until stopped; `{n}` in a path becomes a counter."""

    def __init__(self, base, paths, threads=4, timeout=10):
        self.base, self.paths, self.timeout = base, paths, timeout
        self.outcomes = []
        self.counter = itertools.count()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(threads)]

    def run(self):
        browser = Browser(self.base)
        for path in itertools.cycle(self.paths):
            if self.stopping.is_set():
                return
            path = path.replace("{n}", str(next(self.counter)))
            started = time.monotonic()
            try:
                status, error = browser.get(path, timeout=self.timeout).status, ""
            except OSError as exc:
                status, error = None, type(exc).__name__
            self.outcomes.append(Outcome(started, time.monotonic(), path, status, error))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=self.timeout + 5)

    def between(self, start, end=float("inf"), prefix=""):
        return [o for o in self.outcomes if start <= o.started < end and o.path.startswith(prefix)]
