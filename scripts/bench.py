"""`make bench`: how fast the site serves, under gunicorn with production settings.

It uses PostgreSQL and Redis on 127.0.0.1 when they answer (SQLite and local memory
otherwise), measures each target with wrk for a bounded time at 16 connections, prints
requests per second with p50 and p99 latency, the ratios against the stylesheet, and the
query count of each page type rendered uncached. It stops everything it started.

"Uncached" is a request with a session cookie (an unknown one), which the page cache
neither answers nor keeps, as it does for a signed-in editor: a query string no longer
bypasses it (page_cache/query.py). The content fragments and the menu stay warm.

The analytics collector (POST /_a/, scripts/collector.lua) is loaded with 64 connections
for COLLECTOR_SECONDS (30), and the cached guide is timed at 16 connections alone and then
during that load: their ratio says how much the collector slows a page. Beside it, the same
with 64 connections reading the cached guide itself instead, for comparison: a load the site
must carry anyway, made by the same Lua script from the same visitors, so that both loads
cost wrk (on the same two cores) alike. After the load, the beacons are flushed from Redis
and counted.

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
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from prodserver import BIN, ROOT, ServerError, fetch, fresh_postgres, fresh_redis, production_server  # noqa: E402

sys.path.insert(0, str(ROOT))
from guides.content import site as content  # noqa: E402
from guides.content.paths import page_paths  # noqa: E402

PATHS = page_paths(content)  # the seeded site's pages (guides/content/site.py)

DURATION = os.environ.get("BENCH_SECONDS", "10")
CONNECTIONS = "16"
COLLECTOR_SECONDS = int(os.environ.get("COLLECTOR_SECONDS", "30"))
COLLECTOR_CONNECTIONS = "64"
COLLECTOR_LUA = Path(__file__).resolve().parent / "collector.lua"
AB_ROUNDS = 5  # turns of GET and HEAD, DURATION in all for each
# Parallel checkouts on one machine each bench on their own database and Redis number.
DATABASE = os.environ.get("BENCH_DATABASE", "truvisory_bench")
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "3"))
GUIDE = PATHS["guide"]
SETTLE_SECONDS = 3
CAMPAIGN = "?utm_source=newsletter&utm_medium=email&utm_campaign=launch&gclid=abc123"
# A session cookie that names no session: the page cache is bypassed, and no query is made.
UNCACHED = "sessionid=unknown"
# A parameter the guide does not read, different on every request (wrk's Lua).
RANDOM_PARAMETER = """
request = function()
  return wrk.format(nil, wrk.path .. "?x=" .. math.random(1, 1000000000))
end
"""
PAGE_TYPES = {
    "home": PATHS["home"],
    "guide index": PATHS["guides"],
    "pillar": PATHS["pillar"],
    "cluster guide": GUIDE,
    "faq": PATHS["faq"],
    "contact": PATHS["contact"],
    "search": "/search/?q=ai",
}
QUERY_COUNT_SCRIPT = """
import json, os
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1", HTTP_COOKIE=os.environ["UNCACHED"])
counts = {}
for name, url in json.loads(os.environ["PAGES"]).items():
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


def wrk(url, cookie=None, script=None):
    """Requests per second, p50 and p99 latency in ms, and the count of non-2xx answers."""
    options = ["-H", f"Cookie: {cookie}"] if cookie else []
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
            options += ["-s", lua.name]
        output = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", *options, url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return wrk_figures(output)


def wrk_figures(output):
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


def background_load(base, read=False):
    """wrk at 64 connections for COLLECTOR_SECONDS, started now, running
    scripts/collector.lua: its beacons, or (`read`) GETs of the guide by the same visitors."""
    command = ["wrk", "-t2", f"-c{COLLECTOR_CONNECTIONS}", f"-d{COLLECTOR_SECONDS}s", "--latency"]
    return subprocess.Popen(
        [*command, "-s", str(COLLECTOR_LUA), base],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLLECTOR_PATH": GUIDE, "COLLECTOR_READ": "1" if read else "0"},
    )


def guide_during(base, load):
    """The cached guide's figures while `load` runs, measured in its middle."""
    time.sleep(min(5, COLLECTOR_SECONDS / 4))
    figures = wrk(base + GUIDE)
    output = load.communicate(timeout=COLLECTOR_SECONDS + 60)[0]
    return figures, output


def collector_figures(base, env):
    """The collector under 64 connections, and the cached guide alone and during that load
    (and, for comparison, during 64 connections reading the guide); then the beacons are
    flushed from Redis into the database and counted."""
    alone = wrk(base + GUIDE)
    print(
        f"  wrk (j) collector: POST /_a/, {COLLECTOR_CONNECTIONS} connections for "
        f"{COLLECTOR_SECONDS}s, the cached guide timed meanwhile",
        flush=True,
    )
    during_collector, output = guide_during(base, background_load(base))
    collector = wrk_figures(output)
    collector["server_errors"] = int(re.search(r"COLLECTOR 5xx=(\d+)", output).group(1))
    collector["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    print(
        f"  wrk (m) the same, with {COLLECTOR_CONNECTIONS} connections reading the cached "
        "guide instead",
        flush=True,
    )
    during_pages, _ = guide_during(base, background_load(base, read=True))
    manage = [str(BIN / "python"), "manage.py"]
    subprocess.run([*manage, "flush_analytics"], cwd=ROOT, env=env, check=True, capture_output=True)
    counted = (
        subprocess.run(
            [*manage, "shell", "-c", COUNTED_SCRIPT],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return {
        "(j) collector, POST, 64 connections": collector,
        "(k) guide, cached, alone": alone,
        "(l) guide, cached, during (j)": during_collector,
        "(m) guide, cached, during 64 connections on the guide": during_pages,
    }, int(counted)


COUNTED_SCRIPT = """
from django.db.models import Sum
from analytics.models import PageDay
print(PageDay.objects.aggregate(views=Sum("views"))["views"] or 0)
"""


def main():
    for tool, package in [("wrk", "wrk"), ("ab", "apache2-utils")]:
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is missing: install it with `apt-get install {package}`")
    print("Preparing", flush=True)
    database, redis = fresh_postgres(DATABASE), fresh_redis(REDIS_DB)
    with production_server(database_url=database, redis_url=redis) as (base, env):
        targets = {
            "(a) stylesheet": (stylesheet_path(base), {}),
            "(b) guide, cached": (GUIDE, {}),
            "(c) guide, uncached": (GUIDE, {"cookie": UNCACHED}),
            "(d) home": ("/", {}),
            "(e) search": ("/search/?q=ai", {}),
            "(f) guide, campaign link": (GUIDE + CAMPAIGN, {}),
            "(i) guide, a random parameter": (GUIDE, {"script": RANDOM_PARAMETER}),
        }
        results = {}
        for name, (path, options) in targets.items():
            fetch(base + path)  # warm the cache
            how = " with a session cookie" if "cookie" in options else ""
            how += " and ?x=<random>" if "script" in options else ""
            print(f"  wrk {name}: {path}{how} for {DURATION}s", flush=True)
            results[name] = wrk(base + path, **options)
            # wrk stops, but the server still answers what it had taken: a slow target (a
            # search) would otherwise weigh on the next one's figures.
            time.sleep(SETTLE_SECONDS)
        print(f"  ab (g) GET and (h) HEAD: {GUIDE}, taking turns, {DURATION}s each", flush=True)
        by_method = ab_get_and_head(base + GUIDE)
        results["(g) guide, cached, GET, ab"] = by_method["GET"]
        results["(h) guide, cached, HEAD, ab"] = by_method["HEAD"]
        collector_results, counted = collector_figures(base, env)
        results.update(collector_results)
        counts = subprocess.run(
            [str(BIN / "python"), "manage.py", "shell", "-c", QUERY_COUNT_SCRIPT],
            cwd=ROOT,
            env={**env, "PAGES": json.dumps(PAGE_TYPES), "UNCACHED": UNCACHED},
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
    print(f"\nb/a = {cached['rps'] / static:.2f} (target ≥ 0.8)")
    print(f"c/a = {uncached / static:.3f} (target ≥ 0.06)")
    campaign = results["(f) guide, campaign link"]["rps"]
    print(f"f/b = {campaign / cached['rps']:.2f} (target ≥ 0.8)")
    random_parameter = results["(i) guide, a random parameter"]["rps"]
    print(
        f"i/b = {random_parameter / cached['rps']:.2f} (a hit each time; the Lua script "
        "that makes each URL costs wrk some of the rate)"
    )
    get_ab, head_ab = results["(g) guide, cached, GET, ab"], results["(h) guide, cached, HEAD, ab"]
    print(
        f"h/g = {head_ab['rps'] / get_ab['rps']:.2f} (a HEAD as fast as a cached GET: target ≥ 0.9)"
    )
    print(f"p99 of the cached guide = {cached['p99']:.1f} ms (target < 50 ms)")
    collector = results["(j) collector, POST, 64 connections"]
    alone = results["(k) guide, cached, alone"]["rps"]
    during = results["(l) guide, cached, during (j)"]["rps"]
    during_pages = results["(m) guide, cached, during 64 connections on the guide"]["rps"]
    print(
        f"collector: {collector['requests']} beacons, {collector['server_errors']} 5xx "
        f"(target 0), {counted} views counted after the flush (wrk leaves out the beacons "
        "still in flight when it stops)"
    )
    print(
        f"l/k = {during / alone:.2f} (the cached guide during the collector's load vs alone: "
        "no target, as any 64 connections share the same cores)"
    )
    print(
        f"l/m = {during / during_pages:.2f} (target ≥ 0.9: the cached guide no more than 10% "
        "slower during 64 connections of beacons than during 64 connections reading it, "
        "so a beacon costs no more than a cached page)"
    )
    print("\nQueries per page type, page cache bypassed (content fragments warm):")
    for name, count in query_counts.items():
        print(f"  {name}: {count}")


if __name__ == "__main__":
    try:
        main()
    except ServerError as error:
        sys.exit(f"bench: {error}")
