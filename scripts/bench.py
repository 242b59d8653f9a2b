"""`make bench`: how fast the site serves, under gunicorn with production settings.

It uses PostgreSQL and Redis on 127.0.0.1 when they answer (SQLite and local memory
otherwise), measures each target with wrk for a bounded time at 16 connections, prints
requests per second with p50 and p99 latency, the ratios against the stylesheet, and the
query count of each page type rendered uncached. It stops everything it started.

A HEAD is timed with ApacheBench (`ab -i`), beside a GET of the same page with ab too, for
their ratio: wrk reads a HEAD's answer as a GET's, and waits for the body its
Content-Length announces, which a HEAD never has. The two take turns, in short rounds, so
that a shared machine's changing load weighs on both alike.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from prodserver import BIN, ROOT, ServerError, fetch, fresh_postgres, fresh_redis, production_server  # noqa: E402

DURATION = os.environ.get("BENCH_SECONDS", "10")
CONNECTIONS = "16"
AB_ROUNDS = 5  # turns of GET and HEAD, DURATION in all for each
# Parallel checkouts on one machine each bench on their own database and Redis number.
DATABASE = os.environ.get("BENCH_DATABASE", "truvisory_bench")
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "3"))
GUIDE = "/guides/fractional-cto/fractional-ai-cto/"
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


def wrk(url):
    """Requests per second, p50 and p99 latency in ms, and the count of non-2xx answers."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", url],
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


def ab(url, method, seconds):
    """As wrk() above, with ApacheBench, which knows that a HEAD's answer has no body. Its
    errors are the answers it counted as failed (no answer, or a length other than the
    first's) and those that were not 2xx."""
    head = ["-i"] if method == "HEAD" else []
    # -n after -t: ab's -t alone stops at 50,000 requests.
    command = ["ab", "-q", "-c", CONNECTIONS, "-t", str(seconds), "-n", "10000000", *head, url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    failures = re.findall(r"^(?:Failed requests|Non-2xx responses):\s+(\d+)", output, re.M)
    return {
        "rps": float(re.search(r"Requests per second:\s+([\d.]+)", output).group(1)),
        "p50": float(re.search(r"^\s+50%\s+(\d+)", output, re.M).group(1)),
        "p99": float(re.search(r"^\s+99%\s+(\d+)", output, re.M).group(1)),
        "errors": sum(int(count) for count in failures),
    }


def ab_get_and_head(url):
    """A GET and a HEAD of `url`, taking turns: the mean req/s, the median p50, the worst
    p99 and all errors of each."""
    seconds = max(1, round(int(DURATION) / AB_ROUNDS))
    runs = {"GET": [], "HEAD": []}
    for _ in range(AB_ROUNDS):
        for method, results in runs.items():
            results.append(ab(url, method, seconds))
    return {
        method: {
            "rps": statistics.mean(run["rps"] for run in results),
            "p50": statistics.median(run["p50"] for run in results),
            "p99": max(run["p99"] for run in results),
            "errors": sum(run["errors"] for run in results),
        }
        for method, results in runs.items()
    }


def main():
    for tool, package in [("wrk", "wrk"), ("ab", "apache2-utils")]:
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is missing: install it with `apt-get install {package}`")
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
        }
        results = {}
        for name, path in targets.items():
            fetch(base + path)  # warm the cache
            print(f"  wrk {name}: {path} for {DURATION}s", flush=True)
            results[name] = wrk(base + path)
        print(f"  ab (g) GET and (h) HEAD: {GUIDE}, taking turns, {DURATION}s each", flush=True)
        by_method = ab_get_and_head(base + GUIDE)
        results["(g) guide, cached, GET, ab"] = by_method["GET"]
        results["(h) guide, cached, HEAD, ab"] = by_method["HEAD"]
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
        f"{CONNECTIONS} connections, {DURATION}s each, gunicorn with 2 workers of "
        f"{os.environ.get('GUNICORN_THREADS', '4')} threads (gunicorn.conf.py)\n"
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
    get_ab, head_ab = results["(g) guide, cached, GET, ab"], results["(h) guide, cached, HEAD, ab"]
    print(
        f"h/g = {head_ab['rps'] / get_ab['rps']:.2f} (a HEAD as fast as a cached GET: target ≥ 0.9)"
    )
    print(f"p99 of the cached guide = {cached['p99']:.1f} ms (target < 50 ms)")
    print("\nQueries per page type, page cache bypassed (content fragments warm):")
    for name, count in query_counts.items():
        print(f"  {name}: {count}")


if __name__ == "__main__":
    try:
        main()
    except ServerError as error:
        sys.exit(f"bench: {error}")
