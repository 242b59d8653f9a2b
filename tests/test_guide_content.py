"""The seeded guide is complete, exactly as the client wrote it."""

import pytest

from guides.content.guide_text import table_cells
from guides.content.site import GUIDE_TEXT
from guides.models import GuidePage
from tests.conftest import GUIDE_URL
from tests.html import soup, squeeze, text_of

SEED_LINES = [line.strip() for line in GUIDE_TEXT.read_text().splitlines() if line.strip()]
SEED_TABLE = [
    table_cells(line) for line in SEED_LINES if line.startswith("|") and "---" not in line
][1:]


@pytest.fixture
def page(client, db):
    return soup(client.get(GUIDE_URL))


def test_every_heading_paragraph_and_list_item_is_on_the_page(page):
    article = squeeze(text_of(page.find("article")))
    missing = []
    for line in SEED_LINES:
        if line.startswith("|"):
            continue
        expected = line[2:] if line.startswith("- ") else line
        if squeeze(expected) not in article:
            missing.append(expected)
    assert missing == []


def test_the_definition_comes_within_the_first_60_words_of_main(page):
    """Answer first: tools that read the page in source order meet the definition early."""
    main = text_of(page.find("main"))
    before = main[: main.index("A fractional AI CTO is a part-time, senior technology leader")]
    assert len(before.split()) < 60, before
    assert page.find("main").find("h1").find_next(class_="definition")  # still under the h1


def test_headings_are_real_headings_with_anchors_in_the_contents(page):
    toc_targets = [link["href"] for link in page.select("nav.toc a")]
    for heading_text in ["What is a fractional AI CTO?", "Working with Truvisory"]:
        heading = page.find("h2", string=heading_text)
        assert heading is not None
        assert f"#{heading['id']}" in toc_targets
    ids = [node["id"] for node in page.select("[id]")]
    assert len(ids) == len(set(ids))


def test_the_five_findings_in_order_with_figure_source_link_and_date(page):
    table = page.select_one("table")
    assert table.caption and text_of(table.caption)
    assert [th["scope"] for th in table.select("thead th")] == ["col", "col", "col"]
    rows = table.select("tbody tr")
    assert len(rows) == len(SEED_TABLE) == 5
    for row, (finding, figure, source) in zip(rows, SEED_TABLE, strict=True):
        assert row.th["scope"] == "row"
        assert text_of(row.th) == finding
        cells = row.find_all("td")
        assert text_of(cells[0]) == figure
        assert text_of(cells[1]) == source
        assert cells[1].cite.a["href"].startswith("https://")
        assert cells[1].time["datetime"][:4] in source


def test_the_caveats_paragraph_follows_the_table(page):
    table = page.select_one("figure.stats")
    following = table.find_next("p")
    assert text_of(following).startswith("Read these carefully")


def test_ten_faq_entries_each_a_heading_with_a_real_answer(page):
    questions = SEED_LINES[SEED_LINES.index("Frequently asked") + 1 :][:10]
    entries = page.select("section.faq .faq__entry")
    assert [text_of(entry.h3) for entry in entries] == questions
    for entry in entries:
        assert len(text_of(entry.select_one(".prose"))) > 80


def test_cross_references_link_to_live_pages(page):
    assert page.find("a", string="the pillar guide")["href"] == "/guides/fractional-cto/"
    engagements = page.find("a", string="how Truvisory’s fractional CTO engagements work")
    assert engagements["href"] == "/engagements/"


PLANNED = {
    "why AI pilots fail": "/guides/fractional-cto/why-ai-pilots-fail/",
    "fractional CAIO vs fractional CTO": (
        "/guides/fractional-cto/fractional-caio-vs-fractional-cto/"
    ),
    "the fractional CTO who actually ships": "/guides/fractional-cto/fractional-cto-who-ships/",
    "what a fractional CTO ships in 90 days": (
        "/guides/fractional-cto/what-a-fractional-cto-ships-in-90-days/"
    ),
    "the federal practice": "/federal/",
}


def test_planned_pages_read_as_prose_never_as_links(page, client):
    """A reference to a planned page by its title reads as the title of a work (<cite>),
    never as a link, and no listing shows a planned page."""
    hrefs = {link["href"] for link in page.find_all("a", href=True)}
    article = text_of(page.find("article"))
    for phrase, url in PLANNED.items():
        assert phrase in article
        assert url not in hrefs
        assert page.find("a", string=phrase) is None
        assert page.find("cite", string=phrase), phrase
        assert client.get(url).status_code == 404
    # Every related guide of the seeded guide is planned, so there is no listing at all.
    assert page.select_one("#related") is None
    assert page.select(".planned") == []


def test_a_planned_page_becomes_a_link_once_published(client, db):
    planned = GuidePage.objects.get(slug="why-ai-pilots-fail")
    planned.save_revision().publish()
    page = soup(client.get(GUIDE_URL))
    url = PLANNED["why AI pilots fail"]
    assert page.find("a", string="why AI pilots fail")["href"] == url
    assert page.select_one("#related").find("a", string="Why AI pilots fail")["href"] == url
    pillar = soup(client.get("/guides/fractional-cto/"))
    assert pillar.find("a", href=url)
    assert client.get(url).status_code == 200


def test_cluster_shows_its_pillar_once_in_the_breadcrumbs(page):
    """The breadcrumbs name the pillar; a "Part of:" line repeated them."""
    assert "Part of" not in text_of(page.find("main"))
    assert page.select_one("nav.breadcrumbs").find("a", string="The fractional CTO guide")
    crumbs = [text_of(item) for item in page.select("nav.breadcrumbs li")]
    assert crumbs[:3] == ["Home", "Guides", "The fractional CTO guide"]
    assert crumbs[3].startswith("Fractional AI CTO")


def test_byline_dates_and_reading_time(page):
    byline = page.select_one(".byline")
    assert "Truvisory founder" in text_of(byline)
    assert "Founder and operator" in text_of(byline)
    assert byline.time["datetime"]
    minutes = int(text_of(byline.select_one(".byline__reading")).split()[0])
    assert 5 <= minutes <= 15


def test_call_to_action_leads_to_contact_from_this_guide(page):
    assert page.find("a", href="/contact/?from=fractional-ai-cto")


def test_pillar_lists_its_live_clusters(client, db):
    pillar = soup(client.get("/guides/fractional-cto/"))
    cards = pillar.select(".cards .card")
    assert [text_of(card.h3) for card in cards] == [
        "Fractional AI CTO: What It Is, When You Need One, and What One Actually Does"
    ]
    assert "What a fractional AI CTO is" in text_of(cards[0])


def test_guide_index_lists_pillars_with_clusters(client, db):
    index = soup(client.get("/guides/"))
    pillar = index.find("a", string="The fractional CTO guide")
    assert pillar["href"] == "/guides/fractional-cto/"
    assert index.find("a", href=GUIDE_URL)


def test_faq_page_groups_entries_by_guide_with_anchors(client, db):
    faq = soup(client.get("/faq/"))
    groups = faq.select("section.faq")
    assert len(groups) == 1
    assert groups[0].h2.a["href"] == GUIDE_URL
    questions = groups[0].select(".faq__entry h3")
    assert len(questions) == 10
    # Each question is a heading with its own anchor, not a link.
    assert all(question.a is None and question["id"] for question in questions)
    assert len({question["id"] for question in questions}) == 10


def test_engagements_says_what_the_seed_says(client, db):
    page = soup(client.get("/engagements/"))
    text = text_of(page.find("article"))
    assert "embedded fractional CTO" in text
    assert "fixed-scope 90-day sprint" in text
    assert "not a FedRAMP-authorized service and isn’t CMMC-certified" in text
