"""Two Sites, two trees: each Site's feed, llms.txt, llms-full.txt, evidence page and its
downloads, and sitemap hold its own pages and none of the other's (pages/visibility.py,
`visible_pages_of_site`).

The tests' site is the first Site (localhost); a second one (second.example) gets its own
home page, guide index, pillar, guide with a figure, and evidence page.
"""

import json
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Page, Site

from guides.models import EvidencePage, GuideIndexPage, GuidePage
from pages.models import HomePage, SiteSettings
from tests.content import site as content
from tests.factories import add_page, build_guide
from tests.html import soup, text_of

SECOND = "second.example"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def second_site(guide, settings):
    """A second Site, with a tree of its own; {"guide": its guide, "figure": its figure}."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, SECOND]
    home = add_page(
        Page.get_first_root_node(),
        HomePage(title="Second home", slug="second", introduction="<p>Two.</p>"),
    )
    site = Site.objects.create(hostname=SECOND, port=80, root_page=home)
    SiteSettings.objects.create(site=site, organisation_name="Second Org", description="Two.")
    index = add_page(home, GuideIndexPage(title="Second guides", slug="guides"))
    pillar = add_page(index, GuidePage(title="Second pillar", slug="pillar", summary="P."))
    second_guide = build_guide(pillar, slug="second-only", size=1)
    # Its own byline: a profile lists its author's guides wherever they are.
    second_guide.author = None
    second_guide.save_revision().publish()
    add_page(home, EvidencePage(title="Second evidence", slug="evidence"))
    statistic = second_guide.body[2].value["statistics"][0]
    # A figure no page of the first Site can hold (the factory's are whole numbers, which
    # another figure's text may contain, as "30%" is in "30% (≈3 of 10)").
    statistic.figure = "42.42%"
    statistic.save()
    return {"guide": second_guide, "figure": statistic.figure}


def first_guide():
    return GuidePage.objects.get(url_path__endswith=content.GUIDE_URL)


def first_figures():
    guide = first_guide()
    table = next(block for block in guide.body if block.block_type == "statistics_table")
    return {statistic.figure for statistic in table.value["statistics"]}


def get(client, path, host):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (host, path)
    return response


def body(response):
    content_ = getattr(response, "streaming_content", None)
    return (b"".join(content_) if content_ is not None else response.content).decode()


@pytest.mark.parametrize("path", ["/feeds/guides/", "/llms.txt", "/llms-full.txt"])
def test_each_sites_files_list_its_own_guides_only(client, second_site, path):
    mine = body(get(client, path, "localhost"))
    theirs = body(get(client, path, SECOND))
    first, second = first_guide(), second_site["guide"]
    assert first.title in mine
    assert second.title not in mine
    assert second.title in theirs
    assert first.title not in theirs
    assert "Second pillar" in theirs and "Second pillar" not in mine


def test_each_sites_feed_links_its_own_guide_index(client, second_site):
    mine = ET.fromstring(get(client, "/feeds/guides/", "localhost").content)
    theirs = ET.fromstring(get(client, "/feeds/guides/", SECOND).content)
    atom = "{http://www.w3.org/2005/Atom}"
    links = [
        link.get("href") for link in theirs.findall(f"{atom}link") if link.get("rel") != "self"
    ]
    assert links == [f"https://{SECOND}/guides/"]
    entries = [entry.find(f"{atom}link").get("href") for entry in theirs.findall(f"{atom}entry")]
    assert f"https://{SECOND}/guides/pillar/second-only/" in entries
    assert all(entry.startswith(f"https://{SECOND}/guides/pillar/") for entry in entries)
    assert all(SECOND not in e.find(f"{atom}link").get("href") for e in mine.iter(f"{atom}entry"))


def test_each_sites_evidence_lists_its_own_figures(client, second_site):
    figure = second_site["figure"]
    theirs = soup(get(client, "/evidence/", SECOND))
    mine = soup(get(client, "/evidence/", "localhost"))
    assert figure in text_of(theirs.find("main"))
    assert figure not in text_of(mine.find("main"))
    assert not first_figures() & set(text_of(theirs.find("main")).split(" | "))
    their_json = json.loads(get(client, "/evidence.json", SECOND).content)
    my_json = json.loads(get(client, "/evidence.json", "localhost").content)
    assert {row["figure"] for row in their_json["statistics"]} == {figure}
    assert {row["figure"] for row in my_json["statistics"]} == first_figures()
    their_csv = body(get(client, "/evidence.csv", SECOND))
    my_csv = body(get(client, "/evidence.csv", "localhost"))
    assert figure in their_csv and figure not in my_csv
    assert all(first in my_csv and first not in their_csv for first in first_figures())


def test_each_sites_sitemap_lists_its_own_pages(client, second_site):
    def locations(host):
        tree = ET.fromstring(body(get(client, "/sitemap.xml", host)))
        return [loc.text for loc in tree.iter(f"{SITEMAP}loc")]

    mine, theirs = locations("localhost"), locations(SECOND)
    assert f"https://{SECOND}/guides/pillar/second-only/" in theirs
    assert all(url.startswith(f"https://{SECOND}/") for url in theirs)
    assert not [url for url in mine if SECOND in url]
    assert any(url.endswith(content.GUIDE_URL) for url in mine)
