"""The dates a crawler reads, against a real server: gunicorn with the production settings
(scripts/prodserver.py) on a copy of the tests' site (tests/site_copies.py), changed through
the admin as an editor changes it, and read over HTTP as a crawler reads it.

After a statistic on the guide changes, the guide's dateModified, its sitemap lastmod, its
feed entry's <updated> and its Last-Modified all move past the moment of the change, and
so do the evidence page's; republishing other pages without a change moves none of theirs.
"""

import datetime
import json
import re
import time
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from guides.models import Statistic
from scripts.prodserver import production_server
from tests.content import site as content
from tests.fixtures import GUIDE_URL
from tests.live_server import Browser
from tests.site_copies import SERVER_PASSWORD
from tests.test_statistic_editing import STATISTICS_URL, edit_form

pytestmark = pytest.mark.slow

EDITOR = "figure-checker"  # a superuser in every copy of the site
HOST = "localhost"  # the Site's own host name, as a load balancer passes it on
EVIDENCE_URL = "/evidence/"
REPUBLISHED = ["/engagements/", content.ABOUT_URL]
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def instant(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def crawl(browser):
    """Every date a crawler reads: {(what, path): datetime}."""
    found = {}
    sitemap = ET.fromstring(browser.get("/sitemap.xml").body)
    for url in sitemap.findall("s:url", SITEMAP):
        path = urlsplit(url.find("s:loc", SITEMAP).text).path
        found["lastmod", path] = instant(url.find("s:lastmod", SITEMAP).text)
    feed = ET.fromstring(browser.get("/feeds/guides/").body)
    for entry in feed.findall("a:entry", ATOM):
        path = urlsplit(entry.find("a:link", ATOM).get("href")).path
        found["feed updated", path] = instant(entry.find("a:updated", ATOM).text)
    for path in [GUIDE_URL, EVIDENCE_URL, *REPUBLISHED]:
        answer = browser.get(path)
        assert answer.status == 200, path
        found["Last-Modified", path] = parsedate_to_datetime(answer.headers["Last-Modified"])
        page = BeautifulSoup(answer.body, "html.parser")
        graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
        for node in graph:
            if "dateModified" in node:
                found[f"{node['@type']} dateModified", path] = instant(node["dateModified"])
    return found


def form_post(browser, path, fields=None):
    """GET an admin screen, then POST its form back with the CSRF token and `fields`."""
    screen = browser.get(path)
    assert screen.status == 200, screen.text[:1000]
    answer = browser.post(path, {"csrfmiddlewaretoken": csrf_token(screen), **(fields or {})})
    assert answer.status == 302, answer.text[:2000]


def csrf_token(screen):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', screen.text).group(1)


def publish_unchanged_from_the_editor(browser, page_id):
    """Open the page in the editor and press Publish without changing anything."""
    path = f"/admin/pages/{page_id}/edit/"
    screen = browser.get(path)
    assert screen.status == 200, screen.text[:1000]
    data = querydict_from_html(screen.text, form_id="page-edit-form")
    data["action-publish"] = "action-publish"
    data["csrfmiddlewaretoken"] = csrf_token(screen)
    answer = browser.post(path, {key: data.getlist(key) for key in data})
    assert answer.status == 302, answer.text[:2000]


def test_a_changed_statistic_moves_every_date_of_its_pages_and_a_republish_none(
    site_template, collected_static, db
):
    statistic = Statistic.objects.get(anchor=content.STATISTIC_ANCHORS[0])
    page_ids = {url: Page.objects.get(url_path__endswith=url).pk for url in REPUBLISHED}
    database = site_template.copy()
    served = production_server(database_url=database, seed=False, static_root=collected_static)
    with served as (base, _env):
        visitor, editor = Browser(base, host=HOST), Browser(base, host=HOST)
        before = crawl(visitor)
        form_post(editor, "/admin/login/", {"username": EDITOR, "password": SERVER_PASSWORD})
        # Headers and the sitemap give whole seconds: a second on, a moved date is later
        # than every date before, however recently the copy was made.
        time.sleep(1.1)
        changed_at = datetime.datetime.now(datetime.UTC)
        form_post(
            editor, f"{STATISTICS_URL}edit/{statistic.pk}/", edit_form(statistic, figure="≈96%")
        )
        form_post(editor, f"/admin/bulk/wagtailcore/page/publish/?id={page_ids['/engagements/']}")
        publish_unchanged_from_the_editor(editor, page_ids[content.ABOUT_URL])

        assert "≈96%" in visitor.get(GUIDE_URL).text
        after = crawl(visitor)

    moved = {key: after[key] for key in after if key[1] in (GUIDE_URL, EVIDENCE_URL)}
    assert {what for what, _path in moved} == {
        "lastmod",
        "feed updated",
        "Last-Modified",
        "Article dateModified",
        "Dataset dateModified",
    }
    since = changed_at.replace(microsecond=0)
    late = {key: value for key, value in moved.items() if value < since}
    assert not late, f"dates that did not move past {changed_at}: {late}"
    assert all(after[key] > before[key] for key in moved)
    kept = {key: value for key, value in after.items() if key[1] in REPUBLISHED}
    assert kept and all(value == before[key] for key, value in kept.items()), (before, kept)
