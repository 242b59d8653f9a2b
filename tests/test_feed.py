"""The Atom feed, checked against RFC 4287's own schema and rules."""

import re
import threading
import xml.etree.ElementTree as ET

from django.db import connections
from django.test import RequestFactory
from django.urls import resolve
from wagtail.models import Site

from guides.models import GuidePage
from pages.models import SiteSettings
from tests.checkers import atom_errors
from tests.conftest import GUIDE_URL
from tests.content import site as content

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
