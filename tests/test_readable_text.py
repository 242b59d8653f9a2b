"""The words a visitor reads in a guide's body, counted the same way by the site search's
extracts and by the reading time: never a block's settings, an address, or a note to
editors (NOT_TEXT in pages/blocks.py)."""

from wagtail.rich_text import RichText

from guides.models import GuidePage
from tests.content import site as content
from tests.factories import add_page
from tests.html import soup, text_of

NOTE_TO_EDITORS = "Unverified marsupial claim"
SOURCE_URL = "https://example.org/quokka-report"


def topic():
    return GuidePage.objects.get(url_path__endswith=content.TOPIC_URL)


def guide_with(pillar, words):
    """A guide whose body a visitor reads as `words` words and three more, plus a note to
    editors and a quotation's source address that no visitor reads."""
    paragraph = "<p>Quokkas " + " ".join(["hop"] * (words - 1)) + ".</p>"
    body = [
        (
            "cited_paragraph",
            {"text": RichText(paragraph), "citations": [], "needs_source": NOTE_TO_EDITORS},
        ),
        ("quote", {"quote": "Smile.", "attribution": "A ranger", "source_url": SOURCE_URL}),
    ]
    return add_page(pillar, GuidePage(title="Quokkas", slug="quokkas", body=body))


def test_a_search_extract_never_shows_a_note_to_editors(client, db):
    guide = guide_with(topic(), 20)
    page = soup(client.get("/search/", {"q": "quokkas"}))
    [result] = [r for r in page.select("ol.results > li") if r.find("a", href=guide.url)]
    extract = text_of(result.select_one(".result__extract"))
    assert "Quokkas hop hop" in extract
    assert "Smile." in extract
    assert NOTE_TO_EDITORS not in extract and "example.org" not in extract


def test_reading_time_counts_only_what_a_visitor_reads(client, db):
    # 227 words, "Smile." and "A ranger": 230 words, one minute at 230 words a minute.
    guide = guide_with(topic(), 227)
    byline = soup(client.get(guide.url)).select_one(".byline__reading")
    assert text_of(byline) == "1 min read"
