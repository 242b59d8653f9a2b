"""IndexNow (page_cache/indexnow.py): the key file, and the changed URLs posted after a commit.

The endpoint is a real HTTP server on 127.0.0.1 (tests/recorder.py) that keeps every post;
it can answer 500, or hang. Changes are made as an editor makes them and committed
(django_capture_on_commit_callbacks); the posts are sent by the task worker of the database
backend, as in production (the `task_queue` fixture, tests/tasks.py).
"""

import json
import math
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from guides.models import Statistic
from tests.content import site as content
from tests.editor import edit_form_data
from tests.fixtures import GUIDE_URL
from tests.recorder import Recorder
from tests.tasks import run_worker
from tests.test_production_services import (
    PLANNED_URL,
    cloudflare_api,  # noqa: F401  (a fixture, asked for by name below)
    purged_urls,
)
from tests.test_statistic_editing import save

KEY = "5d0c3f9a8b7e4a21b6c4d2e0f1a39b7c"
# The tests' site is localhost on port 80; its canonical links are https://localhost/…
SITE = "https://localhost"
SUBMIT = "page_cache.tasks.submit_to_indexnow"
RETRY = "page_cache.tasks.post_to_indexnow"


@contextmanager
def endpoint(settings, **answer):
    """IndexNow on, posting to a local endpoint that answers as `answer` says."""
    with Recorder(**answer) as recorder:
        settings.INDEXNOW_KEY = KEY
        settings.INDEXNOW_ENDPOINT = recorder.url + "/indexnow"
        yield recorder


@pytest.fixture
def indexnow(settings):
    with endpoint(settings) as recorder:
        yield recorder


def posts(recorder):
    """The JSON bodies the endpoint received, each checked to be a protocol POST."""
    bodies = []
    for method, path, headers, body in recorder.requests:
        assert (method, path) == ("POST", "/indexnow")
        assert headers["Content-Type"] == "application/json; charset=utf-8"
        bodies.append(json.loads(body))
    return bodies


def submitted(recorder):
    """The URLs of the one post the endpoint received, after checking its other fields."""
    [body] = posts(recorder)
    assert body["host"] == "localhost"
    assert body["key"] == KEY
    assert body["keyLocation"] == f"{SITE}/{KEY}.txt"
    urls = body["urlList"]
    assert urls == sorted(set(urls))  # each once
    assert all(url.startswith(SITE + "/") for url in urls)
    return set(urls)


@contextmanager
def committed():
    """Run the block's changes as one committed transaction would: its on-commit work too."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def publish(page, **changes):
    with committed():
        for name, value in changes.items():
            setattr(page, name, value)
        page.save_revision().publish()


def publish_in_the_admin(admin_client, page, title):
    data = edit_form_data(admin_client, page)
    data["title"] = title
    data["action-publish"] = "action-publish"
    with committed():
        response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


# The key file


def test_the_key_file_is_the_key_at_its_own_name(client, db, settings):
    settings.INDEXNOW_KEY = KEY
    response = client.get(f"/{KEY}.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == KEY
    assert client.head(f"/{KEY}.txt").status_code == 200
    # Only that name: another key, the same key in capitals, or a prefix of it is a 404.
    for path in [f"/{KEY[::-1]}.txt", f"/{KEY.upper()}.txt", f"/{KEY[:8]}.txt", f"/{KEY}.txt/"]:
        assert client.get(path).status_code == 404, path
    # The other text files are still themselves.
    assert client.get("/llms-full.txt").content.decode() != KEY
    assert client.get("/robots.txt").status_code == 200


def test_without_a_key_no_key_file_is_served(client, db, settings):
    settings.INDEXNOW_KEY = KEY
    assert client.get(f"/{KEY}.txt").status_code == 200
    settings.INDEXNOW_KEY = ""
    # Never cached, so the removed key is gone at once.
    assert client.get(f"/{KEY}.txt").status_code == 404


# What is submitted, and when


@pytest.mark.parametrize("key", [KEY, ""], ids=["with a key", "without one"])
def test_a_publish_queues_one_submission_and_the_worker_sends_it(settings, guide, task_queue, key):
    """With a key, the publish queues one task and sends nothing itself; the worker sends
    the post. Without one, nothing is queued and the same endpoint hears nothing."""
    with endpoint(settings) as recorder:
        settings.INDEXNOW_KEY = key
        publish(guide, title="A republished title")
        assert recorder.requests == []
        assert task_queue.filter(task_path=SUBMIT).count() == int(bool(key))
        run_worker()
        assert len(recorder.requests) == int(bool(key))
    assert not task_queue.filter(task_path=RETRY).exists()


def test_a_publish_submits_the_page_and_the_pages_that_list_it(indexnow, guide, task_queue, caplog):
    publish(guide, title="A republished title")
    run_worker()
    urls = submitted(indexnow)
    [record] = indexnow_records(caplog)
    assert record.getMessage() == "IndexNow accepted the changed URLs"
    assert (record.levelname, record.status, record.urls) == ("INFO", 200, len(urls))
    for path in [
        GUIDE_URL,
        GUIDE_URL + "index.html.md",
        content.TOPIC_URL,  # the guide's pillar, which lists it
        "/guides/",
        "/",
        "/sitemap.xml",
        "/feeds/guides/",
        "/llms.txt",
    ]:
        assert SITE + path in urls, path
    assert SITE + PLANNED_URL not in urls  # a draft is not on the site


def test_indexnow_hears_of_the_same_urls_as_the_cdn(indexnow, guide, task_queue, request):
    """One rule for both: the URLs submitted are the CDN purge's, on the canonical host.
    (Wagtail writes a port-80 Site's URLs as http://; canonical links say https://.)"""
    cdn = request.getfixturevalue("cloudflare_api")
    publish(guide, title="A republished title")
    run_worker()
    purged = {url.replace("http://localhost/", SITE + "/", 1) for url in purged_urls(cdn)}
    assert submitted(indexnow) == purged


@pytest.mark.parametrize("kind", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD])
def test_a_private_pages_addresses_are_purged_but_never_submitted(
    indexnow, guide, task_queue, request, kind
):
    """A search engine never learns a private guide's address, its markdown copy or its
    share card from IndexNow; the CDN still purges them, as it may hold a public copy."""
    cdn = request.getfixturevalue("cloudflare_api")
    with committed():
        PageViewRestriction.objects.create(page=guide, restriction_type=kind, password="pw")
    run_worker()
    indexnow.requests.clear()
    publish(Page.objects.get(url_path__endswith=content.TOPIC_URL).specific, title="A new title")
    run_worker()
    card = f"{SITE}/social/{guide.pk}-"  # the generated share card: the guide chose no image
    urls = submitted(indexnow)
    assert SITE + content.TOPIC_URL in urls
    assert not [url for url in urls if url.startswith((SITE + GUIDE_URL, card))]
    purged = {url.replace("http://localhost/", SITE + "/", 1) for url in purged_urls(cdn)}
    assert {SITE + GUIDE_URL, SITE + GUIDE_URL + "index.html.md"} <= purged
    assert [url for url in purged if url.startswith(card)]


def test_a_slug_change_submits_the_old_and_the_new_address(indexnow, guide, task_queue):
    publish(guide, slug="a-renamed-guide")
    run_worker()
    urls = submitted(indexnow)
    renamed = content.TOPIC_URL + "a-renamed-guide/"
    # The old address, now a redirect, so that an engine drops it; and the new one.
    for path in [GUIDE_URL, GUIDE_URL + "index.html.md", renamed, renamed + "index.html.md"]:
        assert SITE + path in urls, path


def test_unpublishing_submits_the_address_it_took_away(indexnow, guide, task_queue):
    with committed():
        guide.unpublish()
    run_worker()
    urls = submitted(indexnow)
    assert SITE + GUIDE_URL in urls
    assert SITE + content.TOPIC_URL in urls  # which listed it


def test_a_move_submits_the_old_and_the_new_address(indexnow, guide, task_queue):
    with committed():
        guide.move(Page.objects.get(slug="guides"), pos="last-child")
    run_worker()
    urls = submitted(indexnow)
    assert SITE + GUIDE_URL in urls
    assert SITE + "/guides/" + guide.slug + "/" in urls


def test_a_changed_statistic_submits_the_pages_that_show_it(
    indexnow, admin_client, site_ids, task_queue
):
    statistic = Statistic.objects.get(pk=site_ids.statistic)
    with committed():
        save(admin_client, statistic, figure="≈96%")
    assert statistic.figure == "≈96%"
    run_worker()
    urls = submitted(indexnow)
    for path in [GUIDE_URL, "/evidence/", "/evidence.csv", "/evidence.json"]:
        assert SITE + path in urls, path


def test_only_the_canonical_hosts_urls_are_submitted(indexnow, guide, task_queue, request):
    """Another Site's pages are purged from the CDN, but they belong to another host."""
    cdn = request.getfixturevalue("cloudflare_api")
    other_home = Page.get_first_root_node().add_child(
        instance=Page(title="Another site", slug="another-site")
    )
    with committed():
        Site.objects.create(hostname="other.example", port=443, root_page=other_home)
    run_worker()
    assert "https://other.example/" in purged_urls(cdn)
    urls = submitted(indexnow)
    assert SITE + GUIDE_URL in urls
    assert not [url for url in urls if "other.example" in url]


def test_a_long_list_is_split_into_posts_of_the_batch_size(indexnow, guide, settings, task_queue):
    settings.INDEXNOW_BATCH_SIZE = 7
    publish(guide, title="A republished title")
    run_worker()
    bodies = posts(indexnow)
    urls = [url for body in bodies for url in body["urlList"]]
    assert len(urls) > 7
    assert len(bodies) == math.ceil(len(urls) / 7)
    assert all(len(body["urlList"]) <= 7 for body in bodies)
    assert len(urls) == len(set(urls))  # no URL in two posts
    assert urls == sorted(urls)
    assert {(body["host"], body["key"], body["keyLocation"]) for body in bodies} == {
        ("localhost", KEY, f"{SITE}/{KEY}.txt")
    }


# When the endpoint fails


def make_due(task_queue):
    """Let the back-off pass: the queued retry may run now."""
    task_queue.filter(task_path=RETRY, status="READY").update(run_after=timezone.now())


def indexnow_records(caplog):
    return [record for record in caplog.records if record.name == "truvisory.indexnow"]


@pytest.mark.parametrize("status", [500, 429])
def test_a_failing_endpoint_is_tried_again_with_back_off_then_given_up(
    settings, guide, task_queue, caplog, status
):
    settings.INDEXNOW_ATTEMPTS = 3
    settings.INDEXNOW_BACKOFF_SECONDS = 30
    with endpoint(settings, status=status) as recorder:
        publish(guide, title="A republished title")
        run_worker()
        for attempt, backoff in [(1, 30), (2, 60)]:
            assert len(recorder.requests) == attempt
            [retry] = task_queue.filter(task_path=RETRY, status="READY")
            waited = retry.run_after - retry.enqueued_at
            assert timedelta(seconds=backoff - 2) < waited <= timedelta(seconds=backoff)
            run_worker()  # not yet due: nothing is sent
            assert len(recorder.requests) == attempt
            make_due(task_queue)
            run_worker()
        bodies = posts(recorder)
    assert len(bodies) == 3
    assert bodies[0] == bodies[1] == bodies[2]
    assert SITE + GUIDE_URL in bodies[0]["urlList"]
    assert not task_queue.filter(task_path=RETRY, status="READY").exists()
    logged = indexnow_records(caplog)
    assert [(record.levelname, record.attempt, record.status) for record in logged] == [
        ("WARNING", 1, status),
        ("WARNING", 2, status),
        ("ERROR", 3, status),
    ]
    assert [getattr(record, "retry_in_seconds", None) for record in logged] == [30, 60, None]
    assert logged[-1].getMessage() == "IndexNow did not take the changed URLs: given up"
    assert logged[-1].urls == len(bodies[0]["urlList"])


def test_a_refusal_is_logged_and_not_tried_again(settings, guide, task_queue, caplog):
    """A 422 (a URL of another host) or a 403 (a key the engine could not verify) would be
    refused again."""
    with endpoint(settings, status=422) as recorder:
        publish(guide, title="A republished title")
        run_worker()
    assert len(recorder.requests) == 1
    assert not task_queue.filter(task_path=RETRY).exists()
    [record] = indexnow_records(caplog)
    assert (record.levelname, record.status) == ("ERROR", 422)


def test_a_hanging_endpoint_leaves_the_publish_working(
    settings, admin_client, guide, task_queue, caplog
):
    settings.INDEXNOW_TIMEOUT = 0.5
    hang = 20  # seconds; the endpoint stops waiting when the test ends
    with endpoint(settings, delay=hang) as recorder:
        publish_in_the_admin(admin_client, guide, "A title published while IndexNow hangs")
        guide.refresh_from_db()
        assert guide.title == "A title published while IndexNow hangs"
        assert guide.live and not guide.has_unpublished_changes
        # The publish never waited for IndexNow: nothing was sent before the worker ran.
        assert recorder.requests == []

        started = time.monotonic()
        run_worker()
        working = time.monotonic() - started
        assert len(recorder.requests) == 1  # it was sent, and no answer came
    assert working < hang / 2  # the timeout ended it, not the hang
    [retry] = task_queue.filter(task_path=RETRY, status="READY")
    assert retry.args_kwargs["args"][1] == 2  # the second attempt, after its back-off
    [record] = indexnow_records(caplog)
    assert (record.levelname, record.status) == ("WARNING", None)
    assert "timed out" in record.error


def test_without_a_queue_a_failure_is_given_up_at_once(settings, guide, caplog):
    """`make run` runs tasks at once (the immediate backend), which cannot wait out a
    back-off: the failure is logged and nothing is retried."""
    with endpoint(settings, status=503) as recorder:
        publish(guide, title="A republished title")
    assert len(recorder.requests) == 1
    [record] = indexnow_records(caplog)
    assert (record.levelname, record.attempt, record.status) == ("ERROR", 1, 503)


# The settings


@pytest.mark.parametrize(
    "key", ["short", "has_an_underscore", "ends-in-padding=", "k" * 129], ids=repr
)
def test_a_key_the_protocol_would_refuse_stops_start_up(settings, key):
    settings.INDEXNOW_KEY = key
    with pytest.raises(SystemCheckError, match="INDEXNOW_KEY must be 8 to 128"):
        call_command("check")


def test_a_valid_key_and_endpoint_pass_the_checks(settings):
    settings.INDEXNOW_KEY = KEY
    call_command("check")
    settings.INDEXNOW_ENDPOINT = "file:///etc/passwd"
    with pytest.raises(SystemCheckError, match="INDEXNOW_ENDPOINT"):
        call_command("check")
