"""The Atom feed, checked against RFC 4287's own schema and rules, and the W3C feed
validator's DuplicateUpdated warning; each entry carries the guide's full text."""

import datetime
import re
import threading
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup
from django.db import connections
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone
from wagtail.models import Site

from guides.models import GuidePage, Statistic
from pages.models import SiteSettings
from tests.checkers import atom_errors, duplicate_updated
from tests.content import site as content
from tests.fixtures import GUIDE_URL, clear_caches
from tests.html import text_of

NS = {"a": "http://www.w3.org/2005/Atom"}
ORGANISATION = content.SETTINGS["organisation_name"]


def entries(content):
    feed = ET.fromstring(content)
    return {
        entry.find("a:title", NS).text: (
            entry.find("a:id", NS).text,
            entry.find("a:link", NS).get("href"),
        )
        for entry in feed.findall("a:entry", NS)
    }


def test_the_feed_passes_the_rfc_4287_check(client, guide):
    response = client.get("/feeds/guides/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert atom_errors(response.content) == []
    feed = ET.fromstring(response.content)
    assert feed.find("a:author/a:name", NS).text == ORGANISATION
    assert feed.find("a:title", NS).text == f"{ORGANISATION} guides"
    titles = set(entries(response.content))
    live_guides = GuidePage.objects.live().values_list("title", flat=True)
    assert titles == set(live_guides) and guide.title in titles
    drafts = GuidePage.objects.filter(live=False).values_list("title", flat=True)
    assert drafts and titles.isdisjoint(drafts)


def test_the_feed_stays_valid_when_a_guide_has_no_author(client, db):
    topic = GuidePage.objects.get(url_path__endswith=content.TOPIC_URL)
    GuidePage.objects.filter(pk=topic.pk).update(author=None)
    feed = client.get("/feeds/guides/").content
    assert topic.title in entries(feed)
    assert atom_errors(feed) == []


def test_the_rfc_4287_check_rejects_a_feed_without_authors():
    """The check can fail: an entry with no author in a feed with no author."""
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>tag:x,2025:f</id>'
        b"<updated>2025-01-01T00:00:00Z</updated><entry><title>e</title><id>tag:x,2025:e</id>"
        b'<updated>2025-01-01T00:00:00Z</updated><link href="https://x/"/></entry></feed>'
    )
    assert any("must have an atom:author" in error for error in atom_errors(feed))


def entry_of(feed, page):
    """The feed entry whose link is the page's."""
    for entry in ET.fromstring(feed).findall("a:entry", NS):
        if entry.find("a:link", NS).get("href") == f"https://localhost{page.url}":
            return entry
    raise AssertionError(f"no entry for {page.url}")


def test_each_entry_carries_the_guides_full_text_with_absolute_links(client, guide):
    entry = entry_of(client.get("/feeds/guides/").content, guide)
    assert entry.find("a:summary", NS).text == guide.summary
    content_element = entry.find("a:content", NS)
    assert content_element.get("type") == "html"
    body = BeautifulSoup(content_element.text, "html.parser")
    shown = text_of(body)
    for heading in content.GUIDE_HEADINGS:
        assert heading in shown
    for statistic in Statistic.objects.filter(anchor__in=content.STATISTIC_ANCHORS):
        assert statistic.figure in shown
    for question, answer in content.FAQ_ANSWERS.items():
        assert (question in shown) == (answer is not None)  # None: awaiting an answer
    links = [tag["href"] for tag in body.find_all(href=True)]
    links += [tag["src"] for tag in body.find_all(src=True)]
    assert links and all(re.match(r"(https://|mailto:)", link) for link in links), links
    # Links within the site point at the canonical host; anchors at the guide's own URL.
    assert "https://localhost/guides/topic/" in links
    assert f"https://localhost{GUIDE_URL}#{content.STATISTIC_ANCHORS[0]}" in links


def test_entries_give_exact_times_and_never_share_an_updated_by_chance(client, guide):
    feed = client.get("/feeds/guides/").content
    assert atom_errors(feed) == []
    assert duplicate_updated(feed) == []
    entry = entry_of(feed, guide)
    published = datetime.datetime.fromisoformat(entry.find("a:published", NS).text)
    updated = datetime.datetime.fromisoformat(entry.find("a:updated", NS).text)
    assert published == guide.first_published_at  # to the microsecond, not a midnight
    assert updated == guide.last_modified

    # A changed figure moves the guide's entry to the moment of the change.
    changed_at = timezone.now()
    statistic = Statistic.objects.get(anchor=content.STATISTIC_ANCHORS[0])
    statistic.figure = "≈71%"
    statistic.save()
    feed = client.get("/feeds/guides/").content
    updated = datetime.datetime.fromisoformat(entry_of(feed, guide).find("a:updated", NS).text)
    assert updated >= changed_at
    assert "≈71%" in entry_of(feed, guide).find("a:content", NS).text
    assert atom_errors(feed) == [] and duplicate_updated(feed) == []


def test_the_duplicate_updated_check_finds_two_entries_changed_at_one_instant(client, guide):
    """The check can fail: the test makes two guides share one time."""
    topic = GuidePage.objects.get(url_path__endswith=content.TOPIC_URL)
    moment = datetime.datetime(2025, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.UTC)
    GuidePage.objects.filter(pk__in=[guide.pk, topic.pk]).update(content_changed_at=moment)
    clear_caches()
    assert duplicate_updated(client.get("/feeds/guides/").content) == [moment.isoformat()]


def test_entry_ids_never_change_when_a_slug_does(client, guide):
    entry_id, link = entries(client.get("/feeds/guides/").content)[guide.title]
    assert re.fullmatch(rf"tag:localhost,\d{{4}}-\d{{2}}-\d{{2}}:page-{guide.pk}", entry_id)
    assert link == f"https://localhost{GUIDE_URL}"

    guide.slug = "renamed-guide"
    guide.save_revision().publish()
    feed = client.get("/feeds/guides/").content
    assert atom_errors(feed) == []
    assert entries(feed)[guide.title] == (
        entry_id,
        f"https://localhost{content.TOPIC_URL}renamed-guide/",
    )


def test_concurrent_feed_requests_each_get_their_own_site(db, settings):
    """urls.py makes one feed object for every request. Two requests to two sites at once
    (one paused at its first database query while the other runs) each get their own
    site's feed."""
    settings.ALLOWED_HOSTS = ["localhost", "other.example"]
    home = Site.objects.get(is_default_site=True).root_page
    other = Site.objects.create(hostname="other.example", port=80, root_page=home)
    SiteSettings.objects.create(
        site=other, organisation_name="Other Org", description="Another site's guides."
    )
    feed_view = resolve("/feeds/guides/").func
    paused, other_done, answers = threading.Event(), threading.Event(), {}

    def pause_once(execute, sql, params, many, context):
        if not paused.is_set():
            paused.set()
            other_done.wait(timeout=10)
        return execute(sql, params, many, context)

    # The thread uses this test's connection, so it sees the rows made above.
    shared = connections["default"]
    shared.inc_thread_sharing()

    def first_request():
        connections["default"] = shared
        try:
            with shared.execute_wrapper(pause_once):
                request = RequestFactory().get("/feeds/guides/", HTTP_HOST="localhost")
                answers["localhost"] = feed_view(request).content
        finally:
            paused.set()

    thread = threading.Thread(target=first_request)
    try:
        thread.start()
        assert paused.wait(timeout=10)
        request = RequestFactory().get("/feeds/guides/", HTTP_HOST="other.example")
        answers["other.example"] = feed_view(request).content
    finally:
        other_done.set()
        thread.join(timeout=20)
        shared.dec_thread_sharing()

    for host, organisation, description in [
        ("localhost", ORGANISATION, content.SETTINGS["description"]),
        ("other.example", "Other Org", "Another site's guides."),
    ]:
        feed = ET.fromstring(answers[host])
        assert feed.find("a:title", NS).text == f"{organisation} guides", host
        assert feed.find("a:subtitle", NS).text == description, host
        assert feed.find("a:author/a:name", NS).text == organisation, host
