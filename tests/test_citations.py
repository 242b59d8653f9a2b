"""Every claim cited: passages of the guide carry citation links to their sources, the
Article's structured data lists every source of the page, and a claim still without a
source is listed in the content plan report."""

import json

import pytest
from wagtail.test.utils.form_data import rich_text, streamfield

from guides.models import GuidePage, Source
from guides.usage import pages_referencing
from tests.content.site import CITED_PASSAGES, GUIDE_TEXT, GUIDE_URL, SOURCES, TOPIC_URL
from tests.editor import edit_form_data
from tests.html import soup, squeeze, text_of

LINES = [line.strip() for line in GUIDE_TEXT.read_text().splitlines() if line.strip()]
# Each cited phrase, with the addresses of its sources (none: it still needs one).
CLAIMS = {
    passage["phrase"]: [SOURCES[key]["url"] for key in passage["sources"]]
    for passage in CITED_PASSAGES
}


def passage_with(page, phrase):
    """The paragraph or list item that holds a phrase, with anything cited after it."""
    node = page.find("article").find(string=lambda text: text and phrase in text)
    passage = node.find_parent(["li", "p"])
    return passage.find_parent("div", class_="cited") or passage


def citation_links(node):
    return [a["href"] for a in node.select(".citations cite a")]


@pytest.fixture
def page(client, db):
    return soup(client.get(GUIDE_URL))


@pytest.mark.parametrize("phrase", CLAIMS)
def test_each_claim_carries_a_link_to_its_sources(page, phrase):
    assert citation_links(passage_with(page, phrase)) == CLAIMS[phrase]


def test_citing_changes_no_word_of_the_guides_text(page):
    for passage in CITED_PASSAGES:
        seed = next(line for line in LINES if passage["phrase"] in line)
        node = passage_with(page, passage["phrase"])
        for citations in node.select(".citations"):
            citations.decompose()
        expected = seed[2:] if seed.startswith("- ") else seed  # a list item loses its "- "
        assert squeeze(text_of(node)) == squeeze(expected)


def test_the_article_cites_every_source_of_the_page(page):
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    article = next(node for node in graph if node["@type"] == "Article")
    cited = {work["url"] for work in article["citation"]}
    visible = {a["href"] for a in page.select("article cite a")}
    assert cited == visible
    assert cited == {fields["url"] for fields in SOURCES.values()}
    assert len(article["citation"]) == len(cited) == len(SOURCES)
    trial = SOURCES["Example Trial (Jul 2025)"]
    work = next(work for work in article["citation"] if work["url"] == trial["url"])
    assert work["publisher"] == {"@type": "Organization", "name": trial["publisher"]}
    assert work["datePublished"] == trial["publication_date"]


def test_a_claim_without_a_source_is_listed_as_needing_one(admin_client, db):
    report = soup(admin_client.get("/admin/guide-reports/content-plan/needs-a-source/"))
    rows = [[text_of(td) for td in tr.select("td")] for tr in report.select("tbody tr")]
    assert len(rows) == 1
    guide, claim = rows[0]
    needing = next(passage for passage in CITED_PASSAGES if not passage["sources"])
    assert guide == GuidePage.objects.get(url_path__endswith=GUIDE_URL).title
    assert claim == needing["needs_source"]


def test_an_editor_attaches_a_source_to_a_passage(admin_client, client, db):
    guide = GuidePage.objects.get(url_path__endswith=TOPIC_URL)
    source = Source.objects.get(publisher="Example Trial")
    body = [
        (
            "cited_paragraph",
            {
                "text": rich_text("<p>Experienced developers were slower with AI tools.</p>"),
                "sources": streamfield([("item", source.pk)]),
                "needs_source": "",
            },
        )
    ]
    data = edit_form_data(admin_client, guide, body=body)
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{guide.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    page = soup(client.get(TOPIC_URL))
    passage = passage_with(page, "slower with AI tools")
    assert citation_links(passage) == [source.url]
    assert "10 Jul 2025" in text_of(passage.select_one(".citations"))
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    article = next(node for node in graph if node["@type"] == "Article")
    assert [work["url"] for work in article["citation"]] == [source.url]
    # Wagtail's reference index, which the admin's usage screens read, knows it too.
    assert guide.pk in [page.pk for page in pages_referencing([source])[source.pk]]
