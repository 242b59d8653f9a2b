"""A guide as the loader builds it from a text: every word on the page, its table, its FAQ,
its links to live and planned pages, and the listings around it. The text is the tests' own
(tests/content/); tests/test_seed.py checks the client's."""

import pytest
from bs4 import BeautifulSoup

from guides.content.guide_text import table_cells
from guides.models import GuidePage
from tests.content import site as content
from tests.html import missing_lines, soup, statistic_cells, text_of

GUIDE_URL = content.GUIDE_URL
LINES = [line.strip() for line in content.GUIDE_TEXT.read_text().splitlines() if line.strip()]
TABLE = [table_cells(line) for line in LINES if line.startswith("|") and "---" not in line][1:]
# The questions visitors see, and those awaiting an answer (None), which they don't.
QUESTIONS = [question for question, answer in content.FAQ_ANSWERS.items() if answer]
AWAITING = [question for question, answer in content.FAQ_ANSWERS.items() if answer is None]
PAGES = {spec[0]: spec for spec in content.PAGES}


def url_of(key):
    """A page of the tests' site by its key: its URL."""
    parent, slug = PAGES[key][1], PAGES[key][3]
    return ("/" if parent == "home" else url_of(parent)) + f"{slug}/"


def title_of(key):
    return PAGES[key][4]


@pytest.fixture
def page(client, db):
    return soup(client.get(GUIDE_URL))


def test_every_heading_paragraph_and_list_item_is_on_the_page(page):
    """All of the text, but the questions held back until they have an answer."""
    assert AWAITING
    assert missing_lines(page.find("article"), LINES) == AWAITING


def test_the_definition_comes_within_the_first_60_words_of_main(page):
    """Answer first: tools that read the page in source order meet the definition early."""
    main = text_of(page.find("main"))
    before = main[: main.index(LINES[1][:60])]
    assert len(before.split()) < 60, before
    assert page.find("main").find("h1").find_next(class_="definition")  # still under the h1


def test_headings_are_real_headings_with_anchors_in_the_contents(page):
    toc_targets = [link["href"] for link in page.select("nav.toc a")]
    for heading_text in [content.GUIDE_HEADINGS[0], content.GUIDE_HEADINGS[-1]]:
        heading = page.find("h2", string=heading_text)
        assert heading is not None
        assert f"#{heading['id']}" in toc_targets
    ids = [node["id"] for node in page.select("[id]")]
    assert len(ids) == len(set(ids))


def test_the_findings_in_order_with_figure_source_link_and_date(page):
    table = page.select_one("table")
    assert table.caption and text_of(table.caption)
    assert [th["scope"] for th in table.select("thead th")] == ["col", "col", "col"]
    rows = table.select("tbody tr")
    assert len(rows) == len(TABLE) == len(content.STATISTIC_ANCHORS)
    for row, (finding, figure, source) in zip(rows, TABLE, strict=True):
        assert row.th["scope"] == "row"
        assert statistic_cells(row) == [finding, figure, source]
        cells = row.find_all("td")
        assert cells[1].cite.a["href"].startswith("https://")
        assert cells[1].time["datetime"][:4] in source


def test_the_caveats_paragraph_follows_the_table(page):
    # After the table's own line that links the evidence page.
    table = page.select_one("figure.stats")
    assert "stats__more" in table.find_next("p")["class"]
    following = table.find_next("p").find_next("p")
    for citation in following.select(".citation"):
        citation.decompose()  # the sources cited at its claims (tests/test_citations.py)
    after_table = LINES[max(n for n, line in enumerate(LINES) if line.startswith("|")) + 1]
    assert text_of(following) == after_table


def test_each_faq_entry_is_a_heading_with_its_answer(page):
    entries = page.select("section.faq .faq__entry")
    assert [text_of(entry.h3) for entry in entries] == QUESTIONS
    answers = [content.FAQ_ANSWERS[question] for question in QUESTIONS]
    for entry, answer in zip(entries, answers, strict=True):
        first_words = text_of(BeautifulSoup(answer, "html.parser"))[:12]
        assert text_of(entry.select_one(".prose")).startswith(first_words)


def test_cross_references_link_to_live_pages(page):
    assert page.find("a", string="the topic guide")["href"] == url_of("topic")
    engagements = page.find("a", string="how the engagements work")
    assert engagements["href"] == url_of("engagements")


def test_planned_pages_read_as_prose_never_as_links(page, client):
    """A reference to a planned page reads as ordinary prose, never as a link, and no
    listing shows a planned page."""
    planned = url_of("planned-guide")
    assert "a planned page" in text_of(page.find("article"))
    assert page.find("a", string="a planned page") is None
    assert planned not in {link["href"] for link in page.find_all("a", href=True)}
    assert client.get(planned).status_code == 404
    # Every related guide of the guide is planned, so there is no listing at all.
    assert page.select_one("#related") is None
    assert page.select(".planned") == []


def test_a_planned_page_becomes_a_link_once_published(client, db):
    GuidePage.objects.get(slug=PAGES["planned-guide"][3]).save_revision().publish()
    page = soup(client.get(GUIDE_URL))
    url, title = url_of("planned-guide"), title_of("planned-guide")
    assert page.find("a", string="a planned page")["href"] == url
    assert page.select_one("#related").find("a", string=title)["href"] == url
    topic = soup(client.get(url_of("topic")))
    assert topic.find("a", href=url)
    assert client.get(url).status_code == 200


def test_cluster_shows_its_pillar_once_in_the_breadcrumbs(page):
    """The breadcrumbs name the pillar; a "Part of:" line repeated them."""
    assert "Part of" not in text_of(page.find("main"))
    assert page.select_one("nav.breadcrumbs").find("a", string=title_of("topic"))
    crumbs = [text_of(item) for item in page.select("nav.breadcrumbs li")]
    assert crumbs == ["Home", title_of("guides"), title_of("topic"), LINES[0]]


def test_byline_dates_and_reading_time(page):
    byline = page.select_one(".byline")
    assert content.AUTHOR["name"] in text_of(byline)
    assert content.AUTHOR["role"] in text_of(byline)
    assert byline.time["datetime"]
    assert text_of(byline.select_one(".byline__reading")) == "2 min read"


def test_call_to_action_leads_to_the_contact_form(page):
    assert page.find("a", class_="button", href="/contact/")


def test_pillar_lists_its_live_clusters(client, db):
    pillar = soup(client.get(url_of("topic")))
    cards = pillar.select(".cards .card")
    assert [text_of(card.h3) for card in cards] == [LINES[0]]
    assert PAGES["guide"][5] in text_of(cards[0])  # its summary


def test_guide_index_lists_pillars_with_clusters(client, db):
    index = soup(client.get("/guides/"))
    pillar = index.find("a", string=title_of("topic"))
    assert pillar["href"] == url_of("topic")
    assert index.find("a", href=GUIDE_URL)


def test_faq_page_groups_entries_by_guide_with_anchors(client, db):
    """Each question, under its guide, links to its full answer there, and keeps an anchor
    of its own on /faq/, so that links to the old page's answers still land on it."""
    faq = soup(client.get("/faq/"))
    groups = faq.select(".faq-index__group")
    assert len(groups) == 1
    assert groups[0].h2.a["href"] == GUIDE_URL
    questions = groups[0].select(".faq-index__entry h3")
    assert [text_of(question) for question in questions] == QUESTIONS
    assert all(question["id"] for question in questions)
    assert len({question["id"] for question in questions}) == len(QUESTIONS)
    assert all(question.a["href"].startswith(GUIDE_URL + "#") for question in questions)


def test_a_standard_page_shows_its_body_and_call_to_action(client, db):
    page = soup(client.get(url_of("engagements")))
    article = page.find("article")
    assert text_of(article.h1) == title_of("engagements")
    assert article.find("h2", string="Two ways to work together")
    assert "The second way: another, described in a planned page." in text_of(article)
    assert article.find("a", string="a planned page") is None  # still planned
    assert page.find("h2", string="Have a question?")
    assert page.find("a", string="Talk to the example firm")["href"].startswith("/contact/")
