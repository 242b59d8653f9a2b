"""Every heading and FAQ entry of a guide gets an anchor of its own: headings and questions
that say the same thing, and the ids the page's template uses itself, never collide."""

from collections import Counter

from guides.models import FaqEntry, GuidePage
from tests.factories import add_page, topic_guide
from tests.html import soup


def test_headings_and_questions_get_anchors_unique_within_the_page(client, db):
    guide = GuidePage(
        title="Costs",
        slug="costs-guide",
        body=[
            ("heading", {"text": "Costs", "level": "h2", "anchor": ""}),
            ("paragraph", "<p>Some text.</p>"),
            ("heading", {"text": "Costs", "level": "h2", "anchor": ""}),
            ("heading", {"text": "FAQ", "level": "h2", "anchor": ""}),
        ],
    )
    for question in ["Costs", "Costs?"]:
        guide.faq_entries.add(FaqEntry(question=question, answer="<p>It depends.</p>"))
    guide = add_page(topic_guide(), guide)

    page = soup(client.get(guide.url))
    ids = Counter(element["id"] for element in page.find_all(id=True))
    assert [anchor for anchor, count in ids.items() if count > 1] == []
    headings = [h2["id"] for h2 in page.select(".article__body h2[id]")]
    assert headings == ["costs", "costs-2", "faq-2", "faq"]
    assert [h3["id"] for h3 in page.select(".faq__entry h3")] == ["costs-3", "costs-4"]
    contents = [a["href"] for a in page.select("nav.toc a")]
    assert contents == ["#costs", "#costs-2", "#faq-2", "#faq"]
