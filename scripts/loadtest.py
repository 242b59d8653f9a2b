"""`make loadtest`: 60 s of mixed traffic at 64 connections against gunicorn, on loopback.

It serves the seeded site as production does (scripts/prodserver.py: gunicorn with the
production settings, PostgreSQL and Redis on 127.0.0.1 when they answer, SQLite and
local memory otherwise), sends wrk's mixed traffic (scripts/loadtest.lua: cached pages,
pages rendered afresh, search and static files), and reports requests per second,
latency percentiles, 5xx answers and socket errors. It stops by itself, stops everything
it started, and exits non-zero unless there were no 5xx answers and no socket errors.

LOADTEST_SECONDS and LOADTEST_CONNECTIONS change the duration and the connection count.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import (
    GUIDE,
    PATHS,
    content,
    latency_ms,
    non_2xx_3xx,
    requests_per_second,
    stylesheet_path,
)  # noqa: E402
from prodserver import ServerError, fetch, fresh_postgres, fresh_redis, production_server  # noqa: E402

DURATION = int(os.environ.get("LOADTEST_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "64"))
THREADS = 2
LUA = Path(__file__).resolve().parent / "loadtest.lua"


def traffic(stylesheet):
    """The mix, one entry per request in a cycle of 22: what a crawler-heavy day looks like."""
    pages = [PATHS[key] for key in ("home", "guides", "pillar", "guide", "faq", "engagements")]
    return [
        *pages,  # 6 cached pages
        GUIDE,
        "/sitemap.xml",
        "/llms.txt",
        GUIDE + "index.html.md",  # 10 cached in all
        PATHS["contact"],  # a form with a CSRF cookie: rendered every time
        GUIDE + "?n={n}",
        PATHS["faq"] + "?n={n}",  # 3 rendered afresh
        "/search/?q=ai",
        "/search/?" + urlencode({"q": content.DEFINITION_TERM.lower()}),
        "/search/?q=pilot+{n}",  # 3 searches
        stylesheet,
        stylesheet,
        "/static/img/favicon.svg",
        stylesheet,  # 4 static files
        f"POST /_a/ {GUIDE}",
        f"POST /_a/ {PATHS['faq']}",  # 2 analytics beacons (scripts/loadtest.lua)
    ]


def parse(output):
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    requests = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    return {
        "requests": int(requests.group(1)),
        "rps": requests_per_second(output),
        "p50_ms": latency_ms(output, 50),
        "p90_ms": latency_ms(output, 90),
        "p99_ms": latency_ms(output, 99),
        "server_errors_5xx": int(re.search(r"LOADTEST 5xx=(\d+)", output).group(1)),
        "non_2xx_3xx": non_2xx_3xx(output),
        "socket_errors": dict(
            zip(("connect", "read", "write", "timeout"), map(int, socket.groups()), strict=True)
        )
        if socket
        else {"connect": 0, "read": 0, "write": 0, "timeout": 0},
    }


def main():
    if not shutil.which("wrk"):
        sys.exit("loadtest: wrk is missing: install it with `apt-get install wrk`")
    print("Preparing", flush=True)
    database, redis = fresh_postgres("truvisory_loadtest"), fresh_redis(4)
    workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
    with production_server(database_url=database, redis_url=redis, workers=workers) as (base, _):
        paths = traffic(stylesheet_path(base))
        for path in set(paths) - {p for p in paths if p.startswith("POST ")}:
            fetch(base + path.replace("{n}", "warm"))  # fill the page cache
        print(f"  wrk: {CONNECTIONS} connections for {DURATION}s of mixed traffic", flush=True)
        result = subprocess.run(
            [
                "wrk",
                f"-t{THREADS}",
                f"-c{CONNECTIONS}",
                f"-d{DURATION}s",
                "--timeout",
                "10s",
                "--latency",
                "-s",
                str(LUA),
                base,
            ],  # fmt: skip
            capture_output=True,
            text=True,
            env={**os.environ, "LOADTEST_PATHS": "\n".join(paths)},
            timeout=DURATION + 60,
            check=True,
        )
    figures = parse(result.stdout)
    socket_errors = sum(figures["socket_errors"].values())
    print(
        f"\nDatabase: {'PostgreSQL' if database else 'SQLite'}; "
        f"cache: {'Redis' if redis else 'local memory'}; gunicorn with {workers} workers of "
        f"{os.environ.get('GUNICORN_THREADS', '4')} threads; "
        f"{CONNECTIONS} connections for {DURATION}s; mix per 22 requests: 10 cached pages, "
        "1 contact form, 2 pages rendered afresh, 3 searches, 4 static files, 2 beacons\n"
    )
    print(
        "| requests | req/s | p50 ms | p90 ms | p99 ms | 5xx | other non-2xx/3xx | socket errors |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {figures['requests']} | {figures['rps']:.0f} | {figures['p50_ms']:.1f} "
        f"| {figures['p90_ms']:.1f} | {figures['p99_ms']:.1f} | {figures['server_errors_5xx']} "
        f"| {figures['non_2xx_3xx'] - figures['server_errors_5xx']} | {socket_errors} |"
    )
    print("\n" + json.dumps(figures))
    if figures["server_errors_5xx"] or socket_errors:
        sys.exit("loadtest: failed: there were 5xx answers or socket errors")


if __name__ == "__main__":
    try:
        main()
    except ServerError as error:
        sys.exit(f"loadtest: {error}")
