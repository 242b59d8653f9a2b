"""The analytics collector (POST /_a/): what it counts, what it refuses, and what it keeps.

Every answer is a 204 with no cookie; the tests read the stored rows, in the database the
site uses, or in a Redis of their own (tests/services.py) for the Redis path.
"""

import datetime
import subprocess
import sys
import textwrap
import time
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from analytics import buffer, counting, store, tasks
from analytics.models import (
    CampaignDay,
    DailySalt,
    DeviceDay,
    GoalDay,
    PageDay,
    SearchTermDay,
    SiteDay,
    SourceDay,
    VisitorMark,
)
from analytics.views import forget_sites
from pages.models import SiteSettings
from tests.fixtures import GUIDE_URL
from tests.services import ThrowawayRedis, free_port

pytestmark = pytest.mark.django_db

COLLECTOR = "/_a/"
DESKTOP = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
FORM = "application/x-www-form-urlencoded;charset=UTF-8"
COUNTED = [PageDay, SiteDay, SourceDay, CampaignDay, DeviceDay, GoalDay, SearchTermDay]


def view(**fields):
    return {"t": "pageview", "p": GUIDE_URL, "r": "", "d": "desktop", **fields}


def post(fields, user_agent=DESKTOP, address="203.0.113.7", client=None, **headers):
    """Post a beacon as static/js/analytics.js does (URLSearchParams: a urlencoded body)."""
    response = (client or Client()).post(
        COLLECTOR,
        urlencode(fields),
        content_type=FORM,
        HTTP_USER_AGENT=user_agent,
        REMOTE_ADDR=address,
        **headers,
    )
    assert response.status_code == 204
    assert not response.cookies and "Set-Cookie" not in response
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]  # no cache or proxy keeps or replays it
    return response


def nothing_counted():
    return all(not model.objects.exists() for model in COUNTED) and not VisitorMark.objects.exists()


@pytest.fixture(autouse=True)
def fresh_process_state(settings, monkeypatch):
    settings.REDIS_URL = ""  # the database fallback, unless a test asks for Redis
    # The buffer is flushed by hand here, but by the thread in the test of the thread.
    monkeypatch.setattr(buffer, "THREADED", False)
    monkeypatch.setattr(counting, "_salt", {})  # this process has not read today's salt
    monkeypatch.setattr(counting, "_prune_checked", {})
    forget_sites()
    buffer.take()
    buffer.take_due()
    yield
    forget_sites()
    buffer.take()
    buffer.take_due()


def test_a_view_from_an_ai_assistant_with_a_campaign_is_counted():
    post(
        view(
            r="https://chatgpt.com/",
            us="newsletter",
            um="email",
            uc="december",
            d="mobile",
        )
    )
    page = PageDay.objects.get(path=GUIDE_URL)
    assert (page.views, page.visitors, page.entries) == (1, 1, 1)
    assert page.day == timezone.localdate()
    site = SiteDay.objects.get()
    assert (site.views, site.visitors, site.entries) == (1, 1, 1)
    source = SourceDay.objects.get()
    assert (source.path, source.label, source.kind, source.visits) == (
        GUIDE_URL,
        "ChatGPT",
        "ai",
        1,
    )
    campaign = CampaignDay.objects.get()
    assert (campaign.source, campaign.medium, campaign.campaign) == (
        "newsletter",
        "email",
        "december",
    )
    assert DeviceDay.objects.get().device == "mobile"


def test_a_visitor_counts_once_a_day_and_a_page_reached_from_the_site_is_no_entry():
    post(view(r="https://www.google.com/"))
    post(view(r="http://testserver/guides/"))  # the same reader, from another page here
    post(view(p="/guides/", r="http://testserver/guides/topic/example-guide/"))
    post(view(), user_agent=PHONE)  # someone else
    page = PageDay.objects.get(path=GUIDE_URL)
    assert (page.views, page.visitors, page.entries) == (3, 2, 2)
    other = PageDay.objects.get(path="/guides/")
    assert (other.views, other.visitors, other.entries) == (1, 1, 0)
    site = SiteDay.objects.get()
    assert (site.views, site.visitors, site.entries) == (4, 2, 2)
    sources = {(row.label, row.kind): row.visits for row in SourceDay.objects.all()}
    assert sources == {("Google", "search"): 1, ("Direct", "direct"): 1}
    assert not CampaignDay.objects.exists()


def test_goals_and_search_terms_are_counted():
    post({"t": "goal", "p": "/contact/", "g": "contact_opened"})
    post({"t": "goal", "p": "/contact/", "g": "contact_opened"})
    post({"t": "search", "q": "  Fractional   CTO ", "n": "3"})
    post({"t": "search", "q": "fractional cto", "n": "0"})
    goal = GoalDay.objects.get()
    assert (goal.path, goal.goal, goal.count) == ("/contact/", "contact_opened", 2)
    term = SearchTermDay.objects.get()
    assert (term.term, term.searches, term.without_results) == ("fractional cto", 2, 1)
    assert not PageDay.objects.exists()  # a goal or a search is not a view


BOTS = [
    "",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2)",
    "Mozilla/5.0 (compatible; bingbot/2.0)",
    "Mozilla/5.0 (compatible; Yahoo! Slurp)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 11) Chrome-Lighthouse",
    "python-requests/2.32.3",
    "curl/8.5.0",
    "Wget/1.21.4",
    "ApacheBench/2.3",
    "facebookexternalhit/1.1",
    "Some-Spider/1.0",
    "AhrefsCrawler",
]


@pytest.mark.parametrize("user_agent", BOTS)
def test_robots_are_not_counted(user_agent):
    post(view(), user_agent=user_agent)
    assert nothing_counted()


@pytest.mark.parametrize("header", [{"HTTP_SEC_GPC": "1"}, {"HTTP_DNT": "1"}])
def test_global_privacy_control_and_do_not_track_are_honoured(header):
    post(view(r="https://chatgpt.com/"), **header)
    post({"t": "goal", "p": "/contact/", "g": "lead_sent"}, **header)
    assert nothing_counted()


JUNK = [
    {},
    {"t": "pageview"},
    {"t": "click", "p": GUIDE_URL},
    view(p="guides/"),  # not a path
    view(p="https://example.com/"),
    view(p="//example.com/"),
    view(p="/guides/?q=x"),
    view(p="/guides/#top"),
    view(p="/" + "a" * 400),
    view(p="/admin/pages/"),
    view(p="/static/css/site.css"),
    view(p="/_a/"),
    view(p="/guides/\x00"),
    view(p="/guides/<script>"),
    view(d="watch"),
    view(d=""),
    view(r="https://example.com/" + "a" * 3000),
    view(r="https://example.com/\n"),
    view(us="x" * 101),
    view(uc="line\nbreak"),
    {"t": "goal", "p": GUIDE_URL, "g": "made_up"},
    {"t": "goal", "p": GUIDE_URL, "g": ""},
    {"t": "goal", "p": "nope", "g": "lead_sent"},
    {"t": "search", "q": "", "n": "1"},
    {"t": "search", "q": "x" * 201, "n": "1"},
    {"t": "search", "q": "cto", "n": "-1"},
    {"t": "search", "q": "cto", "n": "many"},
    {"t": "search", "q": "cto", "n": "99999999999"},
    {"t": "search", "q": "cto\x07", "n": "1"},
]


@pytest.mark.parametrize("fields", JUNK)
def test_junk_is_dropped_with_a_204(fields):
    post(fields)
    assert nothing_counted()


def test_an_oversized_or_malformed_body_is_dropped_with_a_204():
    client = Client(HTTP_USER_AGENT=DESKTOP)
    big = client.post(
        COLLECTOR, "t=pageview&p=/&d=desktop&r=" + "a" * 5000, content_type="text/plain"
    )
    odd = client.post(COLLECTOR, b"\xff\xfe\x00junk", content_type="application/octet-stream")
    broken = client.post(COLLECTOR, "t=pageview&p=%ZZ&d=desktop", content_type=FORM)
    not_utf8 = client.post(COLLECTOR, urlencode(view()) + "&x=%FF", content_type=FORM)
    latin = client.post(COLLECTOR, urlencode(view()), content_type=FORM.replace("UTF-8", "latin-1"))
    many = client.post(COLLECTOR, urlencode(view()) + "&x=1" * 30, content_type=FORM)
    multipart = client.post(COLLECTOR, view())  # not what analytics.js sends
    answers = [big, odd, broken, not_utf8, latin, many, multipart]
    assert [answer.status_code for answer in answers] == [204] * 7
    assert nothing_counted()


def test_a_host_the_site_does_not_serve_is_dropped_with_a_204():
    post(view(), client=Client(HTTP_HOST="evil.example"))
    assert nothing_counted()


def test_only_a_post_is_collected():
    response = Client().get(COLLECTOR, view(), HTTP_USER_AGENT=DESKTOP)
    assert response.status_code == 405
    assert "Set-Cookie" not in response
    assert nothing_counted()


def test_nothing_is_counted_while_analytics_are_switched_off():
    settings = SiteSettings.for_default_site()
    settings.analytics_enabled = False
    settings.save()
    post(view())
    assert nothing_counted()


def test_the_visitors_address_comes_from_the_trusted_proxy_only(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    # Behind the proxy: two readers, told apart by X-Forwarded-For.
    post(view(), address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    post(view(), address="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.2")
    # Not behind it: a forged header changes nothing, so one reader.
    post(view(), address="192.0.2.9", HTTP_X_FORWARDED_FOR="198.51.100.3")
    post(view(), address="192.0.2.9", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert PageDay.objects.get().visitors == 3


def test_no_address_or_user_agent_is_stored():
    post(view(r="https://chatgpt.com/"), address="198.51.100.77")
    stored = " ".join(
        str(value)
        for model in [*COUNTED, VisitorMark, DailySalt]
        for row in model.objects.values()
        for value in row.values()
    )
    assert "198.51.100.77" not in stored
    assert "Mozilla" not in stored and "Chrome" not in stored
    assert "chatgpt.com" not in stored  # the source's name only, not the referrer


def on(day):
    return mock.patch("analytics.counting.timezone.localdate", return_value=day)


def test_the_salt_rotates_daily_and_yesterdays_visitors_cannot_be_linked_to_todays():
    yesterday, today = datetime.date(2026, 12, 6), datetime.date(2026, 12, 7)
    with on(yesterday):
        post(view())
    yesterdays_salt = DailySalt.objects.get(day=yesterday).value
    yesterdays_mark = VisitorMark.objects.get(day=yesterday, path=GUIDE_URL).digest
    with on(today):
        post(view())  # the same reader: same address, same browser
        counting.prune()
    # Yesterday's salt is gone, so yesterday's digest can never be made again...
    assert list(DailySalt.objects.values_list("day", flat=True)) == [today]
    assert DailySalt.objects.get().value != yesterdays_salt
    # ...and yesterday's marks are gone too; today's is another digest altogether.
    assert not VisitorMark.objects.filter(day=yesterday).exists()
    todays_mark = VisitorMark.objects.get(day=today, path=GUIDE_URL).digest
    assert todays_mark != yesterdays_mark
    # Each day counted one visitor.
    assert [row.visitors for row in PageDay.objects.order_by("day")] == [1, 1]


def test_counts_older_than_the_retention_are_pruned():
    settings = SiteSettings.for_default_site()
    settings.analytics_retention_days = 30
    settings.save()
    today = timezone.localdate()
    for age in (0, 30, 31, 400):
        with on(today - datetime.timedelta(days=age)):
            post(view(r="https://claude.ai/"))
            post({"t": "search", "q": "cto", "n": "0"})
    counting.prune(today)
    for model in (PageDay, SiteDay, SourceDay, DeviceDay, SearchTermDay):
        ages = sorted((today - day).days for day in model.objects.values_list("day", flat=True))
        assert ages == [0, 30], model


def test_the_database_fallback_never_answers_500_when_the_database_fails():
    with mock.patch("analytics.store.add_counts", side_effect=RuntimeError("disk full")):
        post(view())
    assert not PageDay.objects.exists()


# The Redis path: counters and HyperLogLogs, moved into the database by the flush task.


@pytest.fixture(scope="module")
def redis_server():
    with ThrowawayRedis() as server:
        yield server


@pytest.fixture
def with_redis(settings, redis_server):
    url = redis_server.url(0)
    settings.REDIS_URL = url
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url},
    }
    connection = store.redis_connection()
    connection.flushdb()
    yield connection
    connection.flushdb()


def test_with_redis_the_counts_wait_for_the_flush_task(with_redis, task_queue):
    from tests.tasks import run_worker

    post(view(r="https://www.perplexity.ai/", us="linkedin"))
    post(view(r="https://www.perplexity.ai/"), user_agent=PHONE)
    post(view(r="http://testserver/"))  # the first reader again
    post({"t": "goal", "p": GUIDE_URL, "g": "assessment_started"})
    assert nothing_counted()  # nothing written during the requests
    assert not with_redis.exists(f"{store.PREFIX}:counts:{timezone.localdate().isoformat()}")
    assert buffer.flush() == 17  # the process's buffer, as its thread does every second
    assert with_redis.exists(f"{store.PREFIX}:counts:{timezone.localdate().isoformat()}")
    assert not task_queue.filter(task_path="analytics.tasks.flush_analytics").exists()
    post({"t": "search", "q": "pilot", "n": "2"})  # the next beacon queues the flush
    # One flush was queued, to run a minute later, however many beacons came.
    queued = list(task_queue.all())
    assert [task.task_path for task in queued if "flush" in task.task_path] == [
        "analytics.tasks.flush_analytics"
    ]
    assert queued[0].run_after > timezone.now()
    task_queue.update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    run_worker()
    page = PageDay.objects.get()
    assert (page.views, page.visitors, page.entries) == (3, 2, 2)
    assert SiteDay.objects.get().visitors == 2
    assert SourceDay.objects.get().visits == 2
    assert SourceDay.objects.get().label == "Perplexity"
    assert CampaignDay.objects.get().source == "linkedin"
    assert GoalDay.objects.get().count == 1
    # A second flush adds only what came since, and never lowers the visitors.
    post(view(r="http://testserver/"))
    assert counting.flush() == 3  # its views: the page's, the site's, the device's
    page.refresh_from_db()
    assert (page.views, page.visitors) == (4, 2)
    assert not VisitorMark.objects.exists()  # Redis keeps no digest: only its HyperLogLog


def test_the_flush_command_moves_the_counts(with_redis, task_queue):
    from io import StringIO

    from django.core.management import call_command

    post(view())
    out = StringIO()
    call_command("flush_analytics", stdout=out)
    assert out.getvalue().startswith("6 counts moved into the database")
    assert PageDay.objects.get().views == 1


def redis_down(settings):
    url = f"redis://127.0.0.1:{free_port()}/0"
    settings.REDIS_URL = url
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        },
    }


def test_with_redis_down_the_collector_still_answers_204_and_nothing_is_lost(settings):
    redis_down(settings)
    post(view())
    post(view(), user_agent=PHONE)
    assert buffer.flush() == 0  # Redis failed: the counts wait for the next flush
    assert nothing_counted()
    buffer.stop()  # the process exits: they cannot wait any longer
    page = PageDay.objects.get()
    assert (page.views, page.visitors, page.entries) == (2, 2, 2)
    assert SiteDay.objects.get().visitors == 2


def test_with_redis_down_a_full_buffer_goes_into_the_database(settings, monkeypatch):
    redis_down(settings)
    monkeypatch.setattr(buffer, "MAX_PENDING", 10)
    post(view())  # 6 counts and 2 digests held
    assert nothing_counted()
    post(view(), user_agent=PHONE)  # 2 more digests: full, Redis fails, so the database
    page = PageDay.objects.get()
    assert (page.views, page.visitors, page.entries) == (2, 2, 2)
    assert buffer.take() == ({}, {})


def test_a_full_buffer_is_flushed_by_the_beacon_that_fills_it(with_redis, task_queue, monkeypatch):
    monkeypatch.setattr(buffer, "MAX_PENDING", 5)
    post(view())
    site_id = Site.objects.get(is_default_site=True).pk
    field = store.count_field(("page", site_id, GUIDE_URL, "views"))
    assert (
        with_redis.hget(f"{store.PREFIX}:counts:{timezone.localdate().isoformat()}", field) == b"1"
    )
    assert buffer.take() == ({}, {})


def test_a_redis_outage_during_a_flush_keeps_the_counts_for_the_next(with_redis):
    for n in range(3):
        post(view(), address=f"198.51.100.{n}")
    with mock.patch("analytics.store.record_in_redis", side_effect=ConnectionError):
        assert buffer.flush() == 0
    assert not with_redis.keys(f"{store.PREFIX}:counts:*")
    post(view(), address="198.51.100.0")
    counting.flush()
    page = PageDay.objects.get()
    assert (page.views, page.visitors, page.entries) == (4, 3, 4)


def test_every_beacon_is_counted_through_the_buffers_thread(with_redis, monkeypatch):
    monkeypatch.setattr(buffer, "THREADED", True)
    monkeypatch.setattr(buffer, "FLUSH_SECONDS", 0.05)
    # Redis counts visitors by HyperLogLog, an estimate: with a random salt, two of the 60
    # digests shared a register about one run in eight, and 59 were counted. A fixed salt
    # makes the digests, and so the count, the same on every run.
    monkeypatch.setattr(counting, "salt_for", lambda day: "a salt fixed for this test")
    queued = []
    monkeypatch.setattr(tasks, "queue", queued.append)
    client = Client()
    for n in range(240):
        post(view(), address=f"198.51.100.{n % 60}", client=client)
    counts_key = f"{store.PREFIX}:counts:{timezone.localdate().isoformat()}"
    for _ in range(100):  # the thread moves them into Redis within its FLUSH_SECONDS
        if with_redis.exists(counts_key):
            break
        time.sleep(0.05)
    assert with_redis.exists(counts_key)
    post(view(), address="198.51.100.0", client=client)  # the next beacon queues the flush
    buffer.stop()  # what is still held goes at exit
    assert [due for due in queued if "flush" in due] == [{"flush"}]  # the flush task, once
    counting.flush()
    page = PageDay.objects.get()
    assert (page.views, page.visitors, page.entries) == (241, 60, 241)
    assert SiteDay.objects.get().views == 241


EXITING = """
import datetime, django
django.setup()
from analytics import buffer
buffer.add(datetime.date(2026, 1, 2), {("page", 1, "/x/", "views"): 1}, {(1, "/x/"): {"ab" * 16}})
"""


def test_a_process_flushes_its_buffer_as_it_exits(with_redis, redis_server, monkeypatch):
    monkeypatch.setenv("REDIS_URL", redis_server.url(0))
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "truvisory.settings.test")
    # Under pytest-xdist the test settings give each worker a Redis database of its own; the
    # process must use this server's database 0, as the test reads it.
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    with_redis.set(f"{store.PREFIX}:flush-due", 1)  # no flush task to queue
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(EXITING)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert with_redis.hgetall(f"{store.PREFIX}:counts:2026-01-02") == {
        b'["page",1,"/x/","views"]': b"1"
    }, done.stderr  # the process's log says why not
    assert with_redis.pfcount(f"{store.PREFIX}:visitors:2026-01-02:1:/x/") == 1
