"""The time what a reader sees of a page last changed (pages/changes.py), and everything that
reads it: the guide's "Updated" line, the Article's dateModified, the sitemap's lastmod, the
feed's <updated> and the Last-Modified header.

Each test first sets the pages it watches to an old time, so that "moved" and "stayed" are
plain to see; a moved time is at or after the moment the test made its change. The same
check against a real server is tests/test_change_dates_server.py.
"""

import datetime
import json
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.http import http_date, parse_http_date
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

from guides.models import EvidencePage, Source, Statistic
from pages.models import HomePage
from tests.checkers import sitemap_errors
from tests.editor import edit_form_data
from tests.factories import add_image, add_page
from tests.fixtures import GUIDE_URL, clear_caches
from tests.html import soup, text_of
from tests.new_snippet.models import Announcement

OLD = datetime.datetime(2025, 1, 2, 10, 30, tzinfo=datetime.UTC)
EVIDENCE_URL = "/evidence/"
OTHER_URL = "/engagements/"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def page_at(url):
    return Page.objects.get(url_path__endswith=url).specific


def set_changed(url, moment):
    """Set a page's last-change time in place, as a migration would: no signal, so the page
    cache is emptied here."""
    page = page_at(url)
    type(page).objects.filter(pk=page.pk).update(content_changed_at=moment)
    clear_caches()


def age(*urls):
    """Set the pages' last-change times to OLD, as if nothing had changed them since."""
    for url in urls:
        set_changed(url, OLD)


def stored(url):
    return page_at(url).content_changed_at


def sitemap_lastmods(client):
    xml = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        urlsplit(url.find("s:loc", SITEMAP).text).path: url.find("s:lastmod", SITEMAP).text
        for url in xml.findall("s:url", SITEMAP)
    }


def feed_entries(client):
    """{path: (updated, published)} of each feed entry."""
    feed = ET.fromstring(client.get("/feeds/guides/").content)
    return {
        urlsplit(entry.find("a:link", ATOM).get("href")).path: (
            entry.find("a:updated", ATOM).text,
            entry.find("a:published", ATOM).text,
        )
        for entry in feed.findall("a:entry", ATOM)
    }


def date_modified(client, url):
    page = soup(client.get(url))
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    return {node["@type"]: node.get("dateModified") for node in graph}


def last_modified_header(client, url):
    return parse_http_date(client.get(url)["Last-Modified"])


def instant(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def dates_of(client, url):
    """Every date a crawler reads of the page at `url`, as datetimes."""
    return {
        "sitemap": instant(sitemap_lastmods(client)[url]),
        "header": datetime.datetime.fromtimestamp(last_modified_header(client, url), datetime.UTC),
        "stored": stored(url),
    }


def moved_past(dates, moment):
    """Whether every date is at or after `moment` (to the second, as headers and the
    sitemap give it)."""
    return all(value >= moment.replace(microsecond=0) for value in dates.values())


def stayed_at_old(dates):
    return all(value == OLD for value in dates.values())


def guide_statistic():
    guide = page_at(GUIDE_URL)
    table = next(child for child in guide.body if child.block_type == "statistics_table")
    return table.value["statistics"][0]


# A statistic, a source, an image: what a page shows


def test_a_changed_statistic_moves_every_date_of_the_guide_and_the_evidence_page(client, db):
    age(GUIDE_URL, EVIDENCE_URL, OTHER_URL)
    assert stayed_at_old(dates_of(client, GUIDE_URL))
    assert date_modified(client, GUIDE_URL)["Article"] == OLD.isoformat()
    assert feed_entries(client)[GUIDE_URL][0] == OLD.isoformat()

    changed_at = timezone.now()
    statistic = guide_statistic()
    statistic.figure = "≈96%"
    statistic.save()

    assert "≈96%" in text_of(soup(client.get(GUIDE_URL)).find("main"))
    assert moved_past(dates_of(client, GUIDE_URL), changed_at)
    assert instant(date_modified(client, GUIDE_URL)["Article"]) >= changed_at
    assert instant(feed_entries(client)[GUIDE_URL][0]) >= changed_at
    # The evidence page lists every figure: its dates and its Dataset's move too.
    assert moved_past(dates_of(client, EVIDENCE_URL), changed_at)
    assert instant(date_modified(client, EVIDENCE_URL)["Dataset"]) >= changed_at
    # A page that does not show the figure keeps its dates.
    assert stayed_at_old(dates_of(client, OTHER_URL))


def test_a_changed_source_moves_the_pages_that_show_its_figures(client, db):
    age(GUIDE_URL, EVIDENCE_URL, OTHER_URL)
    changed_at = timezone.now()
    source = guide_statistic().source
    source.method_note = "Counted again, by hand."
    source.save()
    assert moved_past(dates_of(client, GUIDE_URL), changed_at)
    assert moved_past(dates_of(client, EVIDENCE_URL), changed_at)
    assert stayed_at_old(dates_of(client, OTHER_URL))


def test_a_statistic_saved_unchanged_or_shown_nowhere_moves_nothing(client, db):
    age(GUIDE_URL, EVIDENCE_URL)
    guide_statistic().save()  # as an editor who presses Save without editing
    unused = Statistic.objects.create(finding="Shown on no page", figure="1%")
    unused.figure = "2%"
    unused.save()
    Source.objects.create(publisher="Nobody cites it", publication_date="2025").delete()
    assert stayed_at_old(dates_of(client, GUIDE_URL))
    assert stayed_at_old(dates_of(client, EVIDENCE_URL))


def test_a_deleted_statistic_moves_the_guide_that_showed_it(client, db):
    age(GUIDE_URL, OTHER_URL)
    changed_at = timezone.now()
    guide_statistic().delete()
    assert moved_past(dates_of(client, GUIDE_URL), changed_at)
    assert stayed_at_old(dates_of(client, OTHER_URL))


def test_an_image_a_page_shows_moves_it_when_it_changes(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = add_image(title="Diagram", description="Blue")
    guide = page_at(GUIDE_URL)
    guide.social_image = image
    guide.save_revision().publish()
    age(GUIDE_URL, OTHER_URL)
    image.get_file_size()  # Wagtail's own bookkeeping saves the image: not a change
    assert stayed_at_old(dates_of(client, GUIDE_URL))

    changed_at = timezone.now()
    image.description = "A blue diagram of the gap between demo and production"
    image.save()
    assert soup(client.get(GUIDE_URL)).find("meta", property="og:image:alt")["content"] == (
        image.description
    )
    assert moved_past(dates_of(client, GUIDE_URL), changed_at)
    assert stayed_at_old(dates_of(client, OTHER_URL))


def test_a_snippet_of_a_new_app_moves_the_page_that_chose_it(client, db):
    """The rule is the page cache's, read from Wagtail's registries: a snippet model that no
    code names (tests/new_snippet) needs no wiring."""
    from tests.new_snippet.models import NoticePage

    announcement = Announcement.objects.create(text="Office closed on Friday")
    notice = add_page(
        HomePage.objects.get(),
        NoticePage(title="Notices", slug="notices", announcement=announcement),
    )
    NoticePage.objects.filter(pk=notice.pk).update(content_changed_at=OLD)
    changed_at = timezone.now()
    announcement.text = "Office open on Friday after all"
    announcement.save()
    assert NoticePage.objects.get(pk=notice.pk).content_changed_at >= changed_at


# A page's own content


def test_the_first_publish_is_the_first_change(db):
    from tests.new_snippet.models import NoticePage

    notice = add_page(HomePage.objects.get(), NoticePage(title="Notices", slug="notices"))
    notice.refresh_from_db()
    assert notice.content_changed_at == notice.first_published_at == notice.last_published_at


def test_a_republish_without_changes_moves_none_of_the_pages_dates(client, db):
    age(OTHER_URL)
    before = sitemap_lastmods(client)[OTHER_URL], client.get(OTHER_URL)["Last-Modified"]
    page = page_at(OTHER_URL)
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.last_published_at > OLD  # Wagtail's own time moved ...
    assert stayed_at_old(dates_of(client, OTHER_URL))  # ... what readers see did not
    assert (sitemap_lastmods(client)[OTHER_URL], client.get(OTHER_URL)["Last-Modified"]) == before


def test_a_new_slug_or_menu_label_is_not_new_content(db):
    age(OTHER_URL)
    page = page_at(OTHER_URL)
    page.slug = "how-engagements-work"
    page.menu_title = "How we work"
    page.save_revision().publish()
    assert stored("/how-engagements-work/") == OLD


def test_a_real_edit_moves_the_date(client, db):
    age(OTHER_URL)
    changed_at = timezone.now()
    page = page_at(OTHER_URL)
    page.summary = "How an engagement runs, from the first call to the handover."
    page.save_revision().publish()
    assert moved_past(dates_of(client, OTHER_URL), changed_at)
    assert stored(OTHER_URL) == page_at(OTHER_URL).last_published_at


def publish_from_the_editor(admin_client, page, **fields):
    data = edit_form_data(admin_client, page)
    data.update(fields)
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_editor_publishes_a_minor_fix_a_real_change_and_no_change(admin_client, client, db):
    age(EVIDENCE_URL)
    evidence = EvidencePage.objects.get()
    form = admin_client.get(f"/admin/pages/{evidence.pk}/edit/").content.decode()
    assert 'name="minor_fix"' in form

    # Nothing changed in the form: the date stays.
    publish_from_the_editor(admin_client, evidence)
    assert stored(EVIDENCE_URL) == OLD

    # A typo fixed, marked as a minor fix: readers see the fix, and the date stays.
    publish_from_the_editor(
        admin_client,
        evidence,
        introduction=rich_text("<p>Every figure we cite.</p>"),
        minor_fix="on",
    )
    assert "Every figure we cite." in text_of(soup(client.get(EVIDENCE_URL)).find("main"))
    assert stayed_at_old(dates_of(client, EVIDENCE_URL))

    # A real change, not marked: the date moves.
    changed_at = timezone.now()
    publish_from_the_editor(
        admin_client, evidence, introduction=rich_text("<p>Every figure, and its source.</p>")
    )
    assert moved_past(dates_of(client, EVIDENCE_URL), changed_at)

    # The tick is not kept: the next edit starts unticked.
    form = soup(admin_client.get(f"/admin/pages/{evidence.pk}/edit/"))
    assert not form.find("input", attrs={"name": "minor_fix"}).has_attr("checked")


def test_a_saved_page_never_writes_back_an_old_time_from_a_revision(db):
    """A revision keeps the time it was saved with; publishing it later must not bring that
    time back over a newer one."""
    page = page_at(OTHER_URL)
    revision = page.save_revision()  # holds the current time
    age(OTHER_URL)
    newer = OLD + datetime.timedelta(days=30)
    set_changed(OTHER_URL, newer)
    revision.publish()
    assert stored(OTHER_URL) == newer


# What reads it


def test_the_sitemap_gives_full_w3c_datetimes_and_stays_valid(client, db):
    age(GUIDE_URL)
    response = client.get("/sitemap.xml")
    assert sitemap_errors(response.content) == []
    lastmods = sitemap_lastmods(client)
    assert lastmods[GUIDE_URL] == "2025-01-02T10:30:00Z"
    assert all(len(value) == len("2025-01-02T10:30:00Z") for value in lastmods.values())


def test_a_page_answers_if_modified_since_with_a_304(client, db):
    age(OTHER_URL)
    assert client.get(OTHER_URL)["Last-Modified"] == http_date(OLD.timestamp())
    since = http_date((OLD + datetime.timedelta(hours=1)).timestamp())
    assert client.get(OTHER_URL, HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    earlier = http_date((OLD - datetime.timedelta(hours=1)).timestamp())
    assert client.get(OTHER_URL, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_page_with_a_visitors_form_sends_no_last_modified(client, db):
    """Its copy holds the visitor's CSRF token: a 304 would keep an old one in use."""
    assert "Last-Modified" not in client.get("/contact/")


def test_the_byline_shows_updated_only_on_a_later_day(client, db):
    guide = page_at(GUIDE_URL)
    set_changed(GUIDE_URL, guide.first_published_at)
    byline = text_of(soup(client.get(GUIDE_URL)).select_one(".byline"))
    assert "Published" in byline and "Updated" not in byline
    later = guide.first_published_at + datetime.timedelta(days=3)
    set_changed(GUIDE_URL, later)
    byline = text_of(soup(client.get(GUIDE_URL)).select_one(".byline"))
    assert f"Updated {later.day} {later:%B %Y}" in byline
