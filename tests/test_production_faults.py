"""Fault and scale-out tests against gunicorn with production settings, all on loopback.

Each test starts its own gunicorn (scripts/prodserver.py) against a throwaway
PostgreSQL cluster and Redis server (tests/services.py), never the shared ones:
- PostgreSQL restarts under traffic: errors only while it is down, and recovery within
  seconds without restarting gunicorn (CONN_HEALTH_CHECKS).
- Redis stops: pages are still served, cache errors are logged, and contact
  submissions are still stored.
- Two gunicorn nodes share PostgreSQL and Redis: a publish through one shows through
  the other within a second.
- Without Redis, the two workers of one node share the page cache in PostgreSQL: a publish
  shows on every load within a second.

The cluster is made once for the module and loaded with the tests' own site from its
template's dump (tests/site_copies.py); each test copies that database. Each test is
bounded and takes well under a minute.
"""

import json
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.prodserver import BIN, production_server
from tests.content import site as content
from tests.factories import SITE_CONTENT
from tests.fixtures import GUIDE_URL
from tests.live_server import Browser, Traffic, get, wait_until
from tests.services import ThrowawayPostgres, ThrowawayRedis, available
from tests.site_copies import SERVER_PASSWORD
from tests.tools import missing_tool

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow

EDITOR, PASSWORD = "cluster-editor", SERVER_PASSWORD  # an account in the site's copies
PILLAR = content.TOPIC_URL
PLANNED = PILLAR + "planned-guide/"  # a draft that the topic guide lists once it is live
# Behind a load balancer every node gets the site's own host name.
PUBLIC_HOST = "localhost"
RECOVERY_LIMIT = 5.0  # seconds from PostgreSQL being back to pages rendering again
# Each worker reads the page cache's content version at least this often (in seconds):
# a change made through one node shows on every other within it.
VERSION_SECONDS = 1.0


def manage(database_url, *args, **env):
    import os
    import subprocess

    subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "truvisory.settings.dev",
            "DATABASE_URL": database_url,
            **env,
        },  # fmt: skip
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=120,
    )


@pytest.fixture(scope="module", autouse=True)
def throwaway_servers():
    """The module's servers are PostgreSQL's and Redis's own programs, run on free ports."""
    if available():
        missing_tool(f"throwaway servers: {available()}")


@pytest.fixture(scope="module")
def postgres(site_template):
    """A throwaway cluster holding `seeded`: the tests' site, with the editor's account."""
    with ThrowawayPostgres() as cluster:
        cluster.create_database("seeded")
        url = cluster.url("seeded")
        if site_template.vendor == "postgresql":
            cluster.load("seeded", site_template.dump())
        else:  # the suite runs on SQLite: build the site here
            manage(url, "migrate", "--noinput", "-v0")
            manage(url, "load_site_content", "--content", SITE_CONTENT)
            manage(url, "createsuperuser", "--noinput", "--username", EDITOR, "--email",
                   "editor@example.test", DJANGO_SUPERUSER_PASSWORD=PASSWORD)  # fmt: skip
        cluster.databases = iter(range(1000))
        yield cluster


@pytest.fixture
def database(postgres):
    name = f"site_{next(postgres.databases)}"
    postgres.create_database(name, template="seeded")
    return postgres.url(name)


@pytest.fixture
def redis():
    with ThrowawayRedis() as server:
        yield server


def serve(database, redis, static_root, log_path, workers=2):
    return production_server(
        database_url=database,
        redis_url=redis.url(),
        workers=workers,
        seed=False,
        static_root=static_root,
        log_path=log_path,
    )


def log_lines(log_path):
    """The JSON lines of a server log (gunicorn's own lines are plain text)."""
    lines = []
    for line in Path(log_path).read_text().splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def test_postgres_restart_errors_only_while_down_and_recovers_without_restarting_gunicorn(
    postgres, database, redis, collected_static, tmp_path
):
    log_path = tmp_path / "gunicorn.log"
    with serve(database, redis, collected_static, log_path) as (base, _env):
        assert get(base, GUIDE_URL).status == 200  # into the page cache
        # One worker has served a page, the other perhaps nothing yet: both serve it from the
        # cache while the database is down (each read the content version as it started).
        postgres.stop(mode="fast")
        try:
            statuses = [get(base, GUIDE_URL).status for _ in range(20)]
        finally:
            postgres.start()
        assert statuses == [200] * 20
        wait_until(lambda: get(base, "/search/?q=guide").status == 200, 10, "the database back")
        paths = [GUIDE_URL, "/search/?q=guide{n}", "/search/?q=faq{n}", "/healthz"]
        with Traffic(base, paths, threads=4, timeout=5) as traffic:
            wait_until(lambda: len(traffic.between(0)) >= 20, 10, "traffic before the restart")
            down_at = time.monotonic()
            postgres.stop(mode="fast")
            # Down until the site has seen it: a rendered page fails.
            seen = lambda: {o.status for o in traffic.between(down_at)}  # noqa: E731
            wait_until(lambda: 500 in seen(), 10, "failures when down")
            postgres.start()
            up_at = time.monotonic()
            # Every kind of request again, all started after the recovery limit.
            recovered = up_at + RECOVERY_LIMIT
            wait_until(
                lambda: len(traffic.between(recovered)) >= 20, RECOVERY_LIMIT + 10, "recovery"
            )
        end = time.monotonic()

    before = [o for o in traffic.outcomes if o.finished < down_at]
    assert before and all(o.status == 200 for o in before), [o for o in before if o.status != 200]
    # Errors happen, and only while PostgreSQL is down (or in the requests already under way).
    failures = [o for o in traffic.outcomes if o.status != 200]
    assert failures
    assert all(down_at <= o.finished and o.started <= up_at + RECOVERY_LIMIT for o in failures)
    # A failure is a clear answer: the plain 500 page, never a hang.
    assert all(o.status == 500 for o in failures), failures
    # Cached pages never needed the database, and the liveness check said the node could
    # still serve: a load balancer keeps it (readiness, /readyz, is what the database fails).
    cached = [o for o in traffic.outcomes if o.path in (GUIDE_URL, "/healthz")]
    assert cached and all(o.status == 200 for o in cached), [o for o in cached if o.status != 200]
    # Recovery: every rendered page after the limit succeeded, and it came soon.
    after = traffic.between(up_at + RECOVERY_LIMIT, end)
    assert after and all(o.status == 200 for o in after), [o for o in after if o.status != 200]
    rendered = [o for o in traffic.between(up_at, end) if "?q=" in o.path and o.status == 200]
    recovery = rendered[0].finished - up_at
    print(
        f"\nPostgreSQL restart: {len(traffic.outcomes)} requests, {len(failures)} failed, all "
        f"while it was down ({up_at - down_at:.1f} s); pages rendered again {recovery:.2f} s "
        "after it was back"
    )
    # No worker died or was replaced: the same two workers served before and after.
    log = log_path.read_text()
    assert log.count("Booting worker") == 2, log[-2000:]
    errors = [line for line in log_lines(log_path) if line["level"] == "ERROR"]
    assert errors
    assert all(line["request_id"] for line in errors if line["logger"] == "django.request")


def contact_form(browser, **kwargs):
    """The contact form's fields as served; `kwargs` go with the request (headers=...)."""
    page = browser.get("/contact/", **kwargs)
    assert page.status == 200
    form = BeautifulSoup(page.text, "html.parser").find("form", method=re.compile("post", re.I))
    fields = {}
    for element in form.find_all(["input", "textarea"]):
        name = element.get("name")
        if name and element.get("type") not in ("checkbox", "radio"):
            fields[name] = element.get("value", "")
    radio = form.find("input", type="radio")
    return fields, radio["name"], radio["value"]


def test_redis_stops_pages_still_served_errors_logged_and_contact_submissions_stored(
    postgres, database, redis, collected_static, tmp_path
):
    log_path = tmp_path / "gunicorn.log"
    with serve(database, redis, collected_static, log_path) as (base, _env):
        get(base, GUIDE_URL)
        assert get(base, GUIDE_URL).headers.get("X-Page-Cache") == "hit"
        visitor = Browser(base)
        fields, radio_name, radio_value = contact_form(visitor)

        form_shown = time.monotonic()
        redis.stop()
        with Traffic(base, [GUIDE_URL, "/", "/guides/", "/faq/?n={n}"], threads=2) as traffic:
            wait_until(lambda: len(traffic.between(0)) >= 20, 10, "traffic without Redis")
            time.sleep(max(0, form_shown + 3.2 - time.monotonic()))  # the minimum fill time
            fields.update(
                {
                    "name": "Grace Hopper",
                    "email": "grace@example.com",
                    "message": "Sent while the cache was down.",
                    "consent": "on",
                    radio_name: radio_value,
                }
            )
            sent = visitor.post("/contact/", fields)
        guide_without_cache = get(base, GUIDE_URL)  # rendered, or a worker's own copy

        redis.start()
        # Cached again once Redis is back: a worker whose write failed writes nothing for
        # WRITE_PAUSE_SECONDS (page_cache/), so this may take that long.
        wait_until(
            lambda: get(base, GUIDE_URL).headers.get("X-Page-Cache") == "hit",
            15,
            "the guide cached again once Redis is back",
            interval=0.5,
        )

    assert traffic.outcomes and all(o.status == 200 for o in traffic.outcomes)
    assert guide_without_cache.status == 200
    assert sent.status == 302, sent.text[:2000]
    assert sent.headers["Location"].endswith("/contact/thanks/")
    stored = postgres.query(
        database.rsplit("/", 1)[1],
        "SELECT message FROM pages_contactsubmission WHERE email = %s",
        "grace@example.com",
    )
    assert stored == [("Sent while the cache was down.",)]
    cache_errors = [
        line
        for line in log_lines(log_path)
        if line["logger"] in ("django_redis.cache", "truvisory.page_cache")
    ]
    assert cache_errors, "the cache's errors are logged"
    print(
        f"\nRedis stopped: {len(traffic.outcomes)} page requests, all 200; the contact "
        f"submission was stored; {len(cache_errors)} cache errors logged and ignored"
    )


def sign_in(browser):
    credentials = {"username": EDITOR, "password": PASSWORD, "next": "/admin/"}
    answer = admin_form_post(browser, "/admin/login/", credentials)
    assert answer.status == 302, answer.text[:2000]


def admin_form_post(browser, path, extra=None):
    """GET an admin confirmation page, then POST its form back with the CSRF token."""
    page = browser.get(path)
    assert page.status == 200, page.text[:1000]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return browser.post(path, {"csrfmiddlewaretoken": token, **(extra or {})})


def publish_planned_guide(editor, postgres, database):
    """Sign in as the editor and publish the planned guide through the admin; its page id."""
    sign_in(editor)
    page_id = postgres.query(
        database.rsplit("/", 1)[1],
        "SELECT id FROM wagtailcore_page WHERE url_path LIKE %s",
        "%" + PLANNED,
    )[0][0]
    published = admin_form_post(editor, f"/admin/bulk/wagtailcore/page/publish/?id={page_id}")
    assert published.status == 302, published.text[:2000]
    return page_id


def test_two_nodes_share_everything_and_a_publish_on_one_shows_on_the_other_at_once(
    postgres, database, redis, collected_static, tmp_path
):
    with (
        serve(database, redis, collected_static, tmp_path / "a.log") as (node_a, _),
        serve(database, redis, collected_static, tmp_path / "b.log") as (node_b, _),
    ):
        assert node_a != node_b
        on_a, on_b = Browser(node_a, host=PUBLIC_HOST), Browser(node_b, host=PUBLIC_HOST)
        # Node B has the pillar in the shared cache, and the planned guide is not live.
        on_b.get(PILLAR)
        before = on_b.get(PILLAR)
        assert before.headers.get("X-Page-Cache") == "hit"
        assert f'href="{PLANNED}"' not in before.text
        assert on_b.get(PLANNED).status == 404
        # Served as production serves it, behind a TLS proxy: the security headers are there.
        assert before.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert "frame-ancestors 'none'" in before.headers["Content-Security-Policy"]
        # Node A answers from the same shared entry.
        assert on_a.get(PILLAR).headers.get("X-Page-Cache") == "hit"

        # An editor signs in on node A and publishes the planned guide there.
        editor = Browser(node_a, host=PUBLIC_HOST)
        page_id = publish_planned_guide(editor, postgres, database)
        time.sleep(VERSION_SECONDS + 0.1)

        # Node B shows it: the page itself, and the pillar that lists it.
        assert on_b.get(PLANNED).status == 200
        after = on_b.get(PILLAR)
        assert "X-Page-Cache" not in after.headers
        assert f'href="{PLANNED}"' in after.text

        # The session made on node A is valid on node B: nothing lives on a node.
        editor.base = node_b
        assert editor.get("/admin/").status == 200

        # Unpublishing through node B hides it on node A within a second.
        assert on_a.get(PLANNED).status == 200
        unpublished = admin_form_post(editor, f"/admin/pages/{page_id}/unpublish/")
        assert unpublished.status == 302, unpublished.text[:2000]
        time.sleep(VERSION_SECONDS + 0.1)
        assert on_a.get(PLANNED).status == 404


def test_without_redis_every_worker_sees_a_publish(postgres, database, collected_static, tmp_path):
    """One node without Redis: the page cache lives in the database (a table `migrate` made),
    so the two gunicorn workers share it and its generation."""
    with production_server(
        database_url=database,
        workers=2,
        seed=False,
        static_root=collected_static,
        log_path=tmp_path / "gunicorn.log",
    ) as (base, env):
        assert "REDIS_URL" not in env
        visitor = Browser(base, host=PUBLIC_HOST)
        # Enough loads that both workers have answered, and kept, the pillar.
        warm = [visitor.get(PILLAR) for _ in range(20)]
        assert all(f'href="{PLANNED}"' not in answer.text for answer in warm)
        assert warm[-1].headers.get("X-Page-Cache") == "hit"

        publish_planned_guide(Browser(base, host=PUBLIC_HOST), postgres, database)
        time.sleep(VERSION_SECONDS + 0.1)
        loads = [visitor.get(PILLAR) for _ in range(40)]

    showing = [answer for answer in loads if f'href="{PLANNED}"' in answer.text]
    print(f"\nWithout Redis: {len(showing)} of {len(loads)} loads after a publish show it")
    assert len(showing) == len(loads) == 40
    # And the page cache still works: after the first render, the rest are cache hits.
    assert sum(answer.headers.get("X-Page-Cache") == "hit" for answer in loads) >= 38
