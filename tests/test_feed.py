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

NS = {"a": "http://www.w3.org/2005/Atom"}
GUIDE_TITLE = "Fractional AI CTO: What It Is, When You Need One, and What One Actually Does"


def entries(content):
    feed = ET.fromstring(content)
    return {
        entry.find("a:title", NS).text: (
            entry.find("a:id", NS).text,
            entry.find("a:link", NS).get("href"),
        )
        for entry in feed.findall("a:entry", NS)
    }


def test_the_feed_passes_the_rfc_4287_check(client, db):
    response = client.get("/feeds/guides/")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert atom_errors(response.content) == []
    feed = ET.fromstring(response.content)
    assert feed.find("a:author/a:name", NS).text == "Truvisory"
    assert feed.find("a:title", NS).text == "Truvisory guides"
    titles = list(entries(response.content))
    assert GUIDE_TITLE in titles and "Why AI pilots fail" not in titles


def test_the_feed_stays_valid_when_a_guide_has_no_author(client, db):
    GuidePage.objects.filter(slug="fractional-cto").update(author=None)
    content = client.get("/feeds/guides/").content
    assert "The fractional CTO guide" in entries(content)
    assert atom_errors(content) == []


def test_the_rfc_4287_check_rejects_a_feed_without_authors():
    """The check can fail: an entry with no author in a feed with no author."""
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>tag:x,2025:f</id>'
        b"<updated>2025-01-01T00:00:00Z</updated><entry><title>e</title><id>tag:x,2025:e</id>"
        b'<updated>2025-01-01T00:00:00Z</updated><link href="https://x/"/></entry></feed>'
    )
    assert any("must have an atom:author" in error for error in atom_errors(feed))


def test_entry_ids_never_change_when_a_slug_does(client, guide):
    entry_id, link = entries(client.get("/feeds/guides/").content)[GUIDE_TITLE]
    assert re.fullmatch(rf"tag:localhost,\d{{4}}-\d{{2}}-\d{{2}}:page-{guide.pk}", entry_id)
    assert link == f"https://localhost{GUIDE_URL}"

    guide.slug = "what-is-a-fractional-ai-cto"
    guide.save_revision().publish()
    content = client.get("/feeds/guides/").content
    assert atom_errors(content) == []
    assert entries(content)[GUIDE_TITLE] == (
        entry_id,
        "https://localhost/guides/fractional-cto/what-is-a-fractional-ai-cto/",
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
        ("localhost", "Truvisory", "A build-capable, AI-native fractional CTO firm."),
        ("other.example", "Other Org", "Another site's guides."),
    ]:
        feed = ET.fromstring(answers[host])
        assert feed.find("a:title", NS).text == f"{organisation} guides", host
        assert feed.find("a:subtitle", NS).text == description, host
        assert feed.find("a:author/a:name", NS).text == organisation, host
