"""The page cache under faults, against gunicorn with production settings on a throwaway
PostgreSQL and Redis (tests/services.py), as tests/test_production_faults.py runs them:

- Redis refuses writes for a while (`CLIENT PAUSE … WRITE`) while an editor makes a page
  private, changes a guide's title and a figure: once the changes are committed, no
  visitor gets the private page or the old title or figure, during the pause or after it.
- Redis restarts from a snapshot older than the last changes: no page of the snapshot is
  served.

The content version lives in the database (page_cache/cache.py); each
worker reads it at least once a second, so a lost write to Redis can leave an old page
showing for a second at most.
"""

import json
import shutil
import subprocess
import time

import pytest
import redis as redis_client

from page_cache.cache import WRITE_PAUSE_SECONDS
from scripts.prodserver import BIN, ROOT
from tests import test_production_faults as faults
from tests.content import site as content
from tests.fixtures import GUIDE_URL
from tests.live_server import get
from tests.services import ThrowawayRedis
from tests.test_production_faults import log_lines, serve

# The throwaway servers and the copy of the site that the production fault tests use.
throwaway_servers, postgres, database = faults.throwaway_servers, faults.postgres, faults.database

pytestmark = pytest.mark.slow

FAQ_URL = "/faq/"
NEW_TITLE = "A title changed while the cache was paused"
NEW_FIGURE = "≈61% (changed in the fault test)"
VERSION_SECONDS = 1.0  # settings.PAGE_CACHE_VERSION_SECONDS in production
EDIT = """
import json
from wagtail.models import Page, PageViewRestriction
from guides.models import GuidePage, Statistic

change = json.loads({change!r})
if change.get("private"):
    faq = Page.objects.get(url_path__endswith=change["private"])
    PageViewRestriction.objects.create(page=faq, restriction_type=PageViewRestriction.LOGIN)
guide = GuidePage.objects.get(url_path__endswith=change["guide"])
guide.title = change["title"]
guide.save_revision().publish()
statistic = Statistic.objects.get(anchor=change["anchor"])
statistic.figure = change["figure"]
statistic.save()
"""


def edit(env, private=None):
    """An editor's changes, made by the site's own code in a process of its own (as the
    admin's would be), each committed in its own transaction."""
    change = {
        "private": private,
        "guide": GUIDE_URL,
        "title": NEW_TITLE,
        "anchor": content.STATISTIC_ANCHORS[0],
        "figure": NEW_FIGURE,
    }
    script = EDIT.format(change=json.dumps(change))
    subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


def warm(base, urls):
    for url in urls:
        for _ in range(6):  # both workers, and a hit
            get(base, url)
        assert get(base, url).headers.get("X-Page-Cache") == "hit", url


def visit(base, until):
    """Anonymous visits of the FAQ and the guide until `until` (a monotonic time)."""
    answers = []
    while time.monotonic() < until:
        for url in (FAQ_URL, GUIDE_URL):
            answers.append((url, get(base, url)))
    return answers


def heading(answer):
    return answer.text.split("<h1>", 1)[-1].split("</h1>", 1)[0]


def stale(answers, private=True):
    """The answers that show what the editor has hidden (the private FAQ) or changed (the
    guide without its new title and figure)."""
    found = []
    for url, answer in answers:
        shown = url == FAQ_URL and private and answer.status == 200
        old = url == GUIDE_URL and (heading(answer) != NEW_TITLE or NEW_FIGURE not in answer.text)
        if shown or old:
            found.append((url, answer.status, answer.headers.get("X-Page-Cache")))
    return found


@pytest.fixture
def redis_with_snapshots(tmp_path):
    folder = tmp_path / "redis"
    folder.mkdir()
    with ThrowawayRedis(folder=folder) as server:
        yield server


def test_a_redis_write_pause_during_a_privacy_change_never_serves_the_old_pages(
    postgres, database, redis_with_snapshots, collected_static, tmp_path
):
    redis = redis_with_snapshots
    log_path = tmp_path / "gunicorn.log"
    with serve(database, redis, collected_static, log_path) as (base, env):
        warm(base, [FAQ_URL, GUIDE_URL])
        assert stale([(GUIDE_URL, get(base, GUIDE_URL))])  # the old title, the old figure

        pause = 20
        paused_at = time.monotonic()
        redis_client.Redis(port=redis.port).execute_command(
            "CLIENT", "PAUSE", pause * 1000, "WRITE"
        )
        edit(env, private=FAQ_URL)  # its writes to Redis time out; its commits do not
        edited_at = time.monotonic()
        assert edited_at < paused_at + pause - 4, "the edit outlasted the pause"
        # Every worker reads the version again within a second.
        time.sleep(VERSION_SECONDS + 0.2)
        during = visit(base, until=paused_at + pause - 0.5)
        time.sleep(max(0, paused_at + pause + 0.5 - time.monotonic()))
        # Long enough for writes to resume: a worker whose write failed writes nothing for
        # WRITE_PAUSE_SECONDS.
        after = visit(base, until=time.monotonic() + WRITE_PAUSE_SECONDS + 3)
        failures = postgres.query(
            database.rsplit("/", 1)[1], "SELECT failed_writes FROM truvisory_pagecachefailures"
        )

    assert during and after
    assert stale(during) == []
    assert stale(after) == []
    assert all(answer.status == 302 for url, answer in during + after if url == FAQ_URL)
    # Once writes resume, the new pages are kept again.
    assert any(a.headers.get("X-Page-Cache") == "hit" for url, a in after if url == GUIDE_URL)
    # The failed writes were logged, one line each, and counted.
    lines = [
        line
        for line in log_lines(log_path)
        if line["logger"] == "truvisory.page_cache" and "could not keep" in line["message"]
    ]
    assert lines and all(line["level"] == "WARNING" for line in lines)
    assert failures and failures[0][0] >= len(lines)
    print(
        f"\nRedis write pause: {len(during)} visits during it and {len(after)} after, none "
        f"stale; {failures[0][0]} failed writes counted"
    )


def test_redis_restarted_from_a_stale_snapshot_never_serves_the_old_pages(
    postgres, database, redis_with_snapshots, collected_static, tmp_path
):
    redis = redis_with_snapshots
    with serve(database, redis, collected_static, tmp_path / "gunicorn.log") as (base, env):
        warm(base, [FAQ_URL, GUIDE_URL])
        assert stale([(GUIDE_URL, get(base, GUIDE_URL))])
        # A snapshot with the old pages, their fragments and the change hint of the time.
        redis_client.Redis(port=redis.port).save()
        snapshot = tmp_path / "old-dump.rdb"
        shutil.copy(redis.folder / "dump.rdb", snapshot)

        edit(env)
        assert NEW_TITLE in get(base, GUIDE_URL).text
        warm(base, [GUIDE_URL])  # the new page kept

        redis.stop()
        shutil.copy(snapshot, redis.folder / "dump.rdb")
        redis.start()
        restored = redis_client.Redis(port=redis.port)
        assert restored.dbsize() > 0  # the old entries are back
        # As after the pause above: long enough for a worker's writes to resume.
        answers = visit(base, until=time.monotonic() + WRITE_PAUSE_SECONDS + 3)

    assert answers
    assert stale(answers, private=False) == []
    assert any(a.headers.get("X-Page-Cache") == "hit" for url, a in answers if url == GUIDE_URL)
    print(f"\nRedis restored from an old snapshot: {len(answers)} visits, none stale")
