"""The content version (page_cache/cache.py): it lives in the database, changes in
the same transaction as the content, is read by each process at most once a second, and a
cache that fails makes pages render afresh, never stale. A failed write is logged and
counted."""

import logging
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from guides.models import Statistic
from page_cache import cache as page_cache
from page_cache.cache import ALIAS
from page_cache.models import ContentVersion, PageCacheFailures
from tests.content import site as content
from tests.fixtures import GUIDE_URL, render_afresh


def token():
    return ContentVersion.objects.get(pk=1).token


def hit(client, url=GUIDE_URL):
    return client.get(url).get("X-Page-Cache") == "hit"


@pytest.fixture
def statistic(db):
    return Statistic.objects.get(anchor=content.STATISTIC_ANCHORS[0])


@pytest.fixture
def clock(settings):
    """This process's monotonic clock, moved by hand; the version is trusted for a second."""
    settings.PAGE_CACHE_VERSION_SECONDS = 1.0
    now = [1000.0]
    with mock.patch("page_cache.cache.time.monotonic", side_effect=lambda: now[0]):
        yield now


def test_a_change_writes_a_new_version_in_its_own_transaction(client, statistic):
    client.get(GUIDE_URL)
    before = token()
    with transaction.atomic():
        statistic.figure = "≈96%"
        statistic.save()
        assert token() != before  # written with the change, before it commits
    assert not hit(client)
    assert "≈96%" in client.get(GUIDE_URL).content.decode()


def test_a_change_rolled_back_leaves_the_version_and_the_cache(client, statistic):
    client.get(GUIDE_URL)
    before = token()
    with pytest.raises(RuntimeError), transaction.atomic():
        statistic.figure = "≈96%"
        statistic.save()
        raise RuntimeError("the editor's save failed")
    assert token() == before
    response = client.get(GUIDE_URL)
    assert response["X-Page-Cache"] == "hit"
    assert "≈96%" not in response.content.decode()


def test_each_process_reads_the_version_at_most_once_a_second(client, db, clock):
    client.get(GUIDE_URL)
    # Another process commits a change: this one trusts what it read for up to a second...
    ContentVersion.objects.filter(pk=1).update(token="0123456789abcdef")
    clock[0] += 0.5
    with CaptureQueriesContext(connection) as queries:
        assert hit(client)
    assert len(queries) == 0
    # ...then reads it again, with one query, and renders afresh.
    clock[0] += 0.6
    with CaptureQueriesContext(connection) as queries:
        assert not hit(client)
    versions = [q["sql"] for q in queries if "truvisory_contentversion" in q["sql"]]
    assert len(versions) == 1
    clock[0] += 0.1
    with CaptureQueriesContext(connection) as queries:
        assert hit(client)
    assert len(queries) == 0


def test_a_process_answers_from_its_own_copies_under_the_same_check(client, db, clock):
    client.get(GUIDE_URL)
    # The shared cache loses everything (restarted empty): this process still has its copy,
    # kept under the current version, and answers without asking the cache.
    caches[ALIAS].clear()
    with mock.patch.object(caches[ALIAS], "get_many") as asked:
        assert hit(client)
    asked.assert_not_called()
    # For a minute at most: then it asks the cache again, which has lost it.
    clock[0] += 61
    assert not hit(client)
    assert hit(client)
    # A new version, read a second later, drops the copies as it drops the shared entries.
    ContentVersion.objects.filter(pk=1).update(token="0123456789abcdef")
    clock[0] += 1.1
    assert not hit(client)
    assert hit(client)


def test_with_the_cache_not_answering_pages_render_afresh_and_nothing_is_kept(client, db, caplog):
    cache = caches[ALIAS]
    with (
        mock.patch.object(cache, "get_many", side_effect=ConnectionError("Redis is down")),
        mock.patch.object(cache, "set_many") as set_many,
        caplog.at_level(logging.WARNING, logger="truvisory.page_cache"),
    ):
        for url in [GUIDE_URL, "/faq/", "/"]:
            response = client.get(url)
            assert response.status_code == 200
            assert "X-Page-Cache" not in response
        render_afresh(client, GUIDE_URL)  # its fragments and menu are not read either
    set_many.assert_not_called()
    lines = [record for record in caplog.records if "did not answer" in record.getMessage()]
    assert len(lines) == 4  # one a request


def test_with_the_database_down_the_version_read_last_still_serves_cached_pages(client, db):
    client.get(GUIDE_URL)
    page_cache.state.read_at = float("-inf")  # due to be read again
    with mock.patch("page_cache.cache.read_version", side_effect=DatabaseError):
        # Nothing can change while the database is down: the version read last holds.
        assert hit(client)
        # A process that never read one (started during the outage) keeps nothing.
        page_cache.state.reset()
        response = client.get("/llms.txt")
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert not hit(client, "/llms.txt")


def test_a_failed_write_is_logged_and_counted(client, admin_client, db, clock, caplog):
    cache = caches[ALIAS]
    with (
        mock.patch.object(cache, "set_many", side_effect=TimeoutError("Timeout writing")) as w,
        caplog.at_level(logging.WARNING, logger="truvisory.page_cache"),
    ):
        assert client.get(GUIDE_URL).status_code == 200
        # After one failure, this process writes nothing for a few seconds: a paused
        # Redis would otherwise hold every request for its socket timeout.
        assert client.get("/faq/").status_code == 200
    assert w.call_count == 1
    [line] = [r for r in caplog.records if "could not keep" in r.getMessage()]
    assert line.levelno == logging.WARNING and line.name == "truvisory.page_cache"
    assert "TimeoutError" in line.getMessage() and line.exc_info is None  # one line
    assert PageCacheFailures.objects.get().failed_writes == 1
    clock[0] += 10
    client.get(GUIDE_URL)
    assert hit(client)  # writing again
    page = admin_client.get("/admin/page-cache/").content.decode()
    assert "1 write to the page cache failed" in page


def test_fragments_and_the_menu_live_no_longer_than_a_whole_page(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 600
    with mock.patch.object(caches[ALIAS], "set_many", wraps=caches[ALIAS].set_many) as kept:
        client.get(GUIDE_URL)
    timeouts = {call.args[1] for call in kept.call_args_list}
    keys = [key for call in kept.call_args_list for key in call.args[0]]
    kinds = {key.split(":", 1)[0].removesuffix("." + key.rsplit(".", 1)[-1]) for key in keys}
    assert {"page", "menu", "template.cache.content", "template.cache.json-ld"} <= kinds
    assert timeouts == {600}
