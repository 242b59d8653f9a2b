"""One home per answer: the guide has each answer in full, with its FAQPage markup; /faq/
lists every question with a short answer and a link to it there. A question awaiting an
answer is shown nowhere but in the content plan report."""

import json

import pytest
from wagtail.test.utils.form_data import rich_text

from guides.models import FaqEntry, GuidePage
from tests.content import site as content
from tests.editor import edit_form_data
from tests.factories import add_page, build_guide, topic_guide
from tests.fixtures import GUIDE_URL
from tests.html import shared_shingles, soup, text_of

ANSWERED = [question for question, answer in content.FAQ_ANSWERS.items() if answer]
[AWAITING] = [question for question, answer in content.FAQ_ANSWERS.items() if answer is None]


def json_ld_types(page):
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    return {node["@type"]: node for node in graph}


def faq_items(page):
    """(question, short answer, link) of each entry /faq/ lists, grouped by guide title."""
    return {
        text_of(group.h2.a): [
            (text_of(entry.h3), text_of(entry.p), entry.h3.a["href"])
            for entry in group.select(".faq-index__entry")
        ]
        for group in page.select(".faq-index__group")
    }


def test_the_faq_page_gives_each_question_a_short_answer_and_a_link_to_the_full_one(client, guide):
    other = build_guide(topic_guide(), slug="second-guide", size=2)
    entry = other.faq_entries.first()
    entry.answer = "<p>The first sentence. The second sentence, which /faq/ leaves out.</p>"
    entry.save()
    page = soup(client.get("/faq/"))
    anchors = {entry.question: entry.anchor for entry in guide.faq_entries.all()}
    assert faq_items(page) == {
        guide.title: [
            (question, content.FAQ_SHORT_ANSWERS[question], f"{GUIDE_URL}#{anchors[question]}")
            for question in ANSWERED
        ],
        # Without a short answer of its own: the answer's first sentence.
        other.title: [
            ("Question 0?", "The first sentence.", f"{other.url}#question-0"),
            ("Question 1?", "Answer no link.", f"{other.url}#question-1"),
        ],
    }
    # Each link lands on its question on the guide, which has the answer in full.
    for url in {link for items in faq_items(page).values() for *_, link in items}:
        path, anchor = url.split("#")
        target = soup(client.get(path)).find(id=anchor)
        assert target.name == "h3"
        assert text_of(target.find_next(class_="prose"))
    assert "The second sentence" not in text_of(page.find("main"))


def test_the_faq_page_reprints_no_answer_and_claims_no_faqpage(client, guide):
    """The guide is each answer's one home: only it has the FAQPage markup, and /faq/ shares
    under 30% of its runs of five words with it (tests/test_seed.py measures the client's)."""
    faq, page = soup(client.get("/faq/")), soup(client.get(GUIDE_URL))
    assert shared_shingles(faq.find("main"), page.find("main")) < 0.30
    for entry in guide.faq_entries.filter(awaiting_answer=False):
        assert text_of(soup_of(entry.answer)) not in text_of(faq.find("main"))
    assert set(json_ld_types(faq)) & {"FAQPage", "Question", "Answer"} == set()
    assert "FAQPage" in json_ld_types(page)
    copy = client.get("/faq/index.html.md").content.decode()
    question = ANSWERED[0]
    anchor = guide.faq_entries.get(question=question).anchor
    assert f"### [{question}](https://localhost{GUIDE_URL}#{anchor})" in copy
    assert content.FAQ_SHORT_ANSWERS[question] in copy


def soup_of(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_a_question_awaiting_an_answer_is_shown_nowhere_but_in_the_content_plan(
    client, admin_client, guide
):
    entry = guide.faq_entries.get(question=AWAITING)
    assert entry.awaiting_answer
    page = soup(client.get(GUIDE_URL))
    assert AWAITING not in text_of(page)
    assert [q["name"] for q in json_ld_types(page)["FAQPage"]["mainEntity"]] == ANSWERED
    for url in [GUIDE_URL + "index.html.md", "/faq/", "/faq/index.html.md", "/llms-full.txt"]:
        assert AWAITING not in client.get(url).content.decode(), url
    assert entry.anchor not in {node["id"] for node in page.select("[id]")}

    report = soup(admin_client.get("/admin/guide-reports/content-plan/awaiting-an-answer/"))
    rows = [[text_of(td) for td in tr.select("td")] for tr in report.select("tbody tr")]
    assert rows == [[guide.title, AWAITING]]
    assert report.find("a", href=f"/admin/pages/{guide.pk}/edit/")


def publish_in_the_editor(admin_client, guide, **entry_fields):
    """Publish the guide from its edit form, its FAQ entries' fields changed as given
    (`awaiting_answer_0`: the first entry's), unticked boxes left out, as a browser does."""
    heading = {"text": "A section", "level": "h2", "anchor": "a-section"}
    data = edit_form_data(admin_client, guide, body=[("heading", heading)])
    for key, value in entry_fields.items():
        name, index = key.rsplit("_", 1)
        field = f"faq_entries-{index}-{name}"
        if value is False:
            data.pop(field, None)
        else:
            data[field] = rich_text(value) if name == "answer" else value
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{guide.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_editor_holds_a_question_back_and_gives_it_an_answer(client, admin_client, db):
    """Ticked in the editor, a question leaves every page at the next publish and joins the
    content plan; answered and unticked, it is back on the guide, in its FAQPage and on
    /faq/, and leaves the plan."""
    guide = GuidePage(title="Held back", slug="held-back", summary="A guide.")
    # Rows made in code get no sort_order (the admin's form sets one): without it,
    # PostgreSQL lists them, and so the form's rows, in any order.
    guide.faq_entries.add(
        FaqEntry(question="Is it ready?", answer="<p>Yes, it is ready.</p>", sort_order=0)
    )
    guide.faq_entries.add(
        FaqEntry(question="What will it cost?", awaiting_answer=True, sort_order=1)
    )
    guide = add_page(topic_guide(), guide)
    plan = "/admin/guide-reports/content-plan/awaiting-an-answer/"

    publish_in_the_editor(admin_client, guide, awaiting_answer_0="on")
    for url in [guide.url, "/faq/", guide.url + "index.html.md"]:
        assert "Is it ready?" not in client.get(url).content.decode(), url
    assert "Is it ready?" in admin_client.get(plan).content.decode()

    publish_in_the_editor(
        admin_client,
        guide,
        awaiting_answer_1=False,
        answer_1="<p>Nothing, for now: it is an example.</p>",
        short_answer_1="Nothing, for now.",
    )
    page = soup(client.get(guide.url))
    assert [text_of(h3) for h3 in page.select(".faq__entry h3")] == ["What will it cost?"]
    assert [q["name"] for q in json_ld_types(page)["FAQPage"]["mainEntity"]] == [
        "What will it cost?"
    ]
    assert ("What will it cost?", "Nothing, for now.", f"{guide.url}#what-will-it-cost") in (
        faq_items(soup(client.get("/faq/")))[guide.title]
    )
    assert "What will it cost?" not in admin_client.get(plan).content.decode()


@pytest.mark.parametrize("noindex", [True, False])
def test_the_faq_page_lists_only_live_indexable_guides(client, db, noindex):
    guide = build_guide(topic_guide(), slug="maybe-hidden", size=1)
    GuidePage.objects.filter(pk=guide.pk).update(noindex=noindex)
    listed = guide.title in faq_items(soup(client.get("/faq/")))
    assert listed is not noindex
    assert FaqEntry.objects.filter(page=guide).exists()
