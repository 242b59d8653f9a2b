"""Two Sites, two trees: each Site's feed, llms.txt, llms-full.txt, evidence page and its
downloads, and sitemap hold its own pages and none of the other's (pages/visibility.py,
`visible_pages_of_site`).

The tests' site is the first Site (localhost); `second_site` (tests/fixtures.py) adds a
second one (second.example) with its own home page, guide index, pillar, guide with a figure,
and evidence page.
"""

import json
import xml.etree.ElementTree as ET

import pytest

from guides.models import GuidePage
from tests.content import site as content
from tests.fixtures import SECOND_HOST
from tests.html import soup, text_of

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


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
    theirs = body(get(client, path, SECOND_HOST))
    first, second = first_guide(), second_site["guide"]
    assert first.title in mine
    assert second.title not in mine
    assert second.title in theirs
    assert first.title not in theirs
    assert "Second pillar" in theirs and "Second pillar" not in mine


def test_each_sites_feed_links_its_own_guide_index(client, second_site):
    mine = ET.fromstring(get(client, "/feeds/guides/", "localhost").content)
    theirs = ET.fromstring(get(client, "/feeds/guides/", SECOND_HOST).content)
    atom = "{http://www.w3.org/2005/Atom}"
    links = [
        link.get("href") for link in theirs.findall(f"{atom}link") if link.get("rel") != "self"
    ]
    assert links == [f"https://{SECOND_HOST}/guides/"]
    entries = [entry.find(f"{atom}link").get("href") for entry in theirs.findall(f"{atom}entry")]
    assert f"https://{SECOND_HOST}/guides/pillar/second-only/" in entries
    assert all(entry.startswith(f"https://{SECOND_HOST}/guides/pillar/") for entry in entries)
    assert all(
        SECOND_HOST not in e.find(f"{atom}link").get("href") for e in mine.iter(f"{atom}entry")
    )


def test_each_sites_evidence_lists_its_own_figures(client, second_site):
    figure = second_site["figure"]
    theirs = soup(get(client, "/evidence/", SECOND_HOST))
    mine = soup(get(client, "/evidence/", "localhost"))
    assert figure in text_of(theirs.find("main"))
    assert figure not in text_of(mine.find("main"))
    assert not first_figures() & set(text_of(theirs.find("main")).split(" | "))
    their_json = json.loads(get(client, "/evidence.json", SECOND_HOST).content)
    my_json = json.loads(get(client, "/evidence.json", "localhost").content)
    assert {row["figure"] for row in their_json["statistics"]} == {figure}
    assert {row["figure"] for row in my_json["statistics"]} == first_figures()
    their_csv = body(get(client, "/evidence.csv", SECOND_HOST))
    my_csv = body(get(client, "/evidence.csv", "localhost"))
    assert figure in their_csv and figure not in my_csv
    assert all(first in my_csv and first not in their_csv for first in first_figures())


def test_each_sites_sitemap_lists_its_own_pages(client, second_site):
    def locations(host):
        tree = ET.fromstring(body(get(client, "/sitemap.xml", host)))
        return [loc.text for loc in tree.iter(f"{SITEMAP}loc")]

    mine, theirs = locations("localhost"), locations(SECOND_HOST)
    assert f"https://{SECOND_HOST}/guides/pillar/second-only/" in theirs
    assert all(url.startswith(f"https://{SECOND_HOST}/") for url in theirs)
    assert not [url for url in mine if SECOND_HOST in url]
    assert any(url.endswith(content.GUIDE_URL) for url in mine)
