"""`make bench`: how fast the site serves, under gunicorn with production settings.

It uses PostgreSQL and Redis on 127.0.0.1 when they answer (SQLite and local memory
otherwise), measures each target with wrk for a bounded time at 16 connections, prints
requests per second with p50 and p99 latency, the ratios against the stylesheet (and of a
HEAD against a GET of the cached guide), and the query count of each page type rendered
uncached. It stops everything it started.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from prodserver import BIN, ROOT, ServerError, fetch, fresh_postgres, fresh_redis, production_server  # noqa: E402

DURATION = os.environ.get("BENCH_SECONDS", "10")
CONNECTIONS = "16"
# Parallel checkouts on one machine each bench on their own database and Redis number.
DATABASE = os.environ.get("BENCH_DATABASE", "truvisory_bench")
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "3"))
GUIDE = "/guides/fractional-cto/fractional-ai-cto/"
HEAD_SCRIPT = Path(__file__).resolve().parent / "head.lua"  # wrk sends HEAD
CAMPAIGN = "?utm_source=newsletter&utm_medium=email&utm_campaign=launch&gclid=abc123"
PAGE_TYPES = {
    "home": "/",
    "guide index": "/guides/",
    "pillar": "/guides/fractional-cto/",
    "cluster guide": GUIDE,
    "faq": "/faq/",
    "contact": "/contact/",
    "search": "/search/?q=ai",
}
QUERY_COUNT_SCRIPT = """
import json, os
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for name, url in json.loads(os.environ["PAGES"]).items():
    url += ("&" if "?" in url else "?") + "uncached"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    counts[name] = len(queries)
print(json.dumps(counts))
"""


def latency_ms(output, percent):
    """A latency percentile from the output of `wrk --latency`, in milliseconds."""
    value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def requests_per_second(output):
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def non_2xx_3xx(output):
    """How many answers wrk counted as neither 2xx nor 3xx (it prints no line for none)."""
    found = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return int(found.group(1)) if found else 0


def stylesheet_path(base):
    """The hashed address of the site's stylesheet, as the home page links it."""
    found = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', fetch(base + "/"))
    return found.group(1).decode()


def wrk(url, method="GET"):
    """Requests per second, p50 and p99 latency in ms, and the count of non-2xx answers."""
    script = ["-s", str(HEAD_SCRIPT)] if method == "HEAD" else []
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", *script, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        "rps": requests_per_second(output),
        "p50": latency_ms(output, 50),
        "p99": latency_ms(output, 99),
        "errors": non_2xx_3xx(output),
    }


def main():
    if not shutil.which("wrk"):
        sys.exit("bench: wrk is missing: install it with `apt-get install wrk`")
    print("Preparing", flush=True)
    database, redis = fresh_postgres(DATABASE), fresh_redis(REDIS_DB)
    with production_server(database_url=database, redis_url=redis) as (base, env):
        targets = {
            "(a) stylesheet": stylesheet_path(base),
            "(b) guide, cached": GUIDE,
            "(c) guide, uncached": GUIDE + "?uncached",
            "(d) home": "/",
            "(e) search": "/search/?q=ai",
            "(f) guide, campaign link": GUIDE + CAMPAIGN,
            "(g) guide, cached, HEAD": GUIDE,
        }
        results = {}
        for name, path in targets.items():
            fetch(base + path)  # warm the cache
            method = "HEAD" if name.endswith("HEAD") else "GET"
            print(f"  wrk {name}: {method} {path} for {DURATION}s", flush=True)
            results[name] = wrk(base + path, method)
        counts = subprocess.run(
            [str(BIN / "python"), "manage.py", "shell", "-c", QUERY_COUNT_SCRIPT],
            cwd=ROOT,
            env={**env, "PAGES": json.dumps(PAGE_TYPES)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        query_counts = json.loads(counts.strip().splitlines()[-1])

    print(
        f"\nDatabase: {'PostgreSQL' if database else 'SQLite'}; "
        f"cache: {'Redis' if redis else 'local memory'}; "
        f"{CONNECTIONS} connections, {DURATION}s each, gunicorn with 2 sync workers\n"
    )
    print("| target | req/s | p50 ms | p99 ms | non-2xx |")
    print("|---|---:|---:|---:|---:|")
    for name, result in results.items():
        print(
            f"| {name} | {result['rps']:.0f} | {result['p50']:.2f} | {result['p99']:.2f} "
            f"| {result['errors']} |"
        )
    static = results["(a) stylesheet"]["rps"]
    cached = results["(b) guide, cached"]
    uncached = results["(c) guide, uncached"]["rps"]
    print(f"\nb/a = {cached['rps'] / static:.2f} (target ≥ 0.7)")
    print(f"c/a = {uncached / static:.3f} (target ≥ 0.06)")
    campaign = results["(f) guide, campaign link"]["rps"]
    print(f"f/b = {campaign / cached['rps']:.2f} (target ≥ 0.8)")
    head = results["(g) guide, cached, HEAD"]["rps"]
    print(f"g/b = {head / cached['rps']:.2f} (a HEAD as fast as a cached GET: target ≥ 0.9)")
    print(f"p99 of the cached guide = {cached['p99']:.1f} ms (target < 50 ms)")
    print("\nQueries per page type, page cache bypassed (content fragments warm):")
    for name, count in query_counts.items():
        print(f"  {name}: {count}")


if __name__ == "__main__":
    try:
        main()
    except ServerError as error:
        sys.exit(f"bench: {error}")
