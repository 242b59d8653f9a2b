"""The self-assessment under the guide (the tests' own: tests/content/site.py's ASSESSMENT).

A plain GET form that stays in the page cache, a result that quotes the guide on each
ticked trigger and says how strong the case is, and the way from there to a stored lead.
"""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from guides.content.guide_text import PAGE_REFERENCE
from guides.models import AssessmentPage, GuidePage
from pages.models import ContactSubmission, HomePage, Trigger
from tests.content.site import (
    ASSESSMENT,
    GUIDE_CALLS_TO_ACTION,
    GUIDE_TEXT,
    GUIDE_URL,
    SEARCH_APPEARANCE,
    TOPIC_URL,
)
from tests.html import soup, text_of

URL = GUIDE_URL + "assessment/"
RESULT_URL = URL + "result/"
SEED = GUIDE_TEXT.read_text(encoding="utf-8")
LABELS = {question["trigger"]: question["question"] for question in ASSESSMENT["questions"]}
QUESTION = {question["trigger"]: question for question in ASSESSMENT["questions"]}


def label_of(value):
    """A trigger's label, as the tests' site stores it (Snippets › Triggers)."""
    return Trigger.objects.get(value=value).label


def result(client, *triggers, **extra):
    return client.get(RESULT_URL, {"triggers": list(triggers), **extra})


def answers_of(page):
    return [text_of(answer.h3) for answer in page.select(".answers .answer")]


def test_the_form_has_one_checkbox_a_trigger_and_works_as_a_plain_get_form(client, db):
    page = soup(client.get(URL))
    form = page.select_one("main form")
    assert form["method"] == "get"
    assert form["action"] == RESULT_URL
    boxes = form.select("input[type=checkbox][name=triggers]")
    assert [box["value"] for box in boxes] == list(LABELS)  # the page's questions, in order
    for box in boxes:
        assert text_of(form.find("label", attrs={"for": box["id"]})) == LABELS[box["value"]]
    # No script of its own: the analytics' and the visit's note, which the form does not need.
    assert form.select("script") == []
    assert [script["src"] for script in page.select("script[src]")] == [
        "/static/js/analytics.js",
        "/static/js/visit.js",
    ]
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is None


def test_the_form_sets_no_cookie_and_stays_in_the_page_cache(client, db):
    first = client.get(URL)
    assert first.status_code == 200
    assert not first.cookies
    assert "private" not in first.get("Cache-Control", "")
    second = client.get(URL)
    assert second["X-Page-Cache"] == "hit"
    assert not second.cookies


def test_two_ticked_triggers_are_named_and_quoted_from_the_guide(client, guide):
    page = soup(result(client, "board", "pilot"))
    # The pilot, the trigger with a callout, comes first and is called out.
    assert answers_of(page) == [LABELS["pilot"], LABELS["board"]]
    first, second = page.select(".answers .answer")
    assert "answer--callout" in first["class"]
    assert text_of(first.select_one(".answer__callout")) == QUESTION["pilot"]["callout"]
    assert second.select_one(".answer__callout") is None
    sections = {entry["anchor"]: entry["text"] for entry in guide.table_of_contents()}
    for answer, spec in zip(page.select(".answers .answer"), ["pilot", "board"], strict=True):
        quote = text_of(answer.blockquote)
        assert quote in SEED  # the guide's own words
        link = answer.figcaption.a
        anchor = link["href"].removeprefix(GUIDE_URL + "#")
        assert link["href"].startswith(GUIDE_URL + "#")
        assert text_of(link) == sections[anchor]
        assert anchor == QUESTION[spec]["section"]
    verdict = page.select_one(".assessment__verdict")
    assert text_of(verdict.h2) == ASSESSMENT["verdict_several"]  # two, at "several from" 2
    assert f"You ticked 2 of the {len(LABELS)} triggers." in text_of(verdict)


@pytest.mark.parametrize(
    ("ticked", "level"),
    [
        ([], "none"),
        (["governance"], "some"),
        (["governance", "board"], "several"),
        (list(LABELS), "several"),
    ],
)
def test_each_level_gives_its_editor_worded_verdict(client, db, ticked, level):
    page = soup(result(client, *ticked))
    verdict = page.select_one(".assessment__verdict")
    # The heading is the editor's verdict for the level, and no other level's.
    assert text_of(verdict.h2) == ASSESSMENT[f"verdict_{level}"]
    others = {ASSESSMENT[f"verdict_{other}"] for other in ("none", "some", "several")} - {
        ASSESSMENT[f"verdict_{level}"]
    }
    assert not any(other in text_of(page.find("main")) for other in others)
    assert len(answers_of(page)) == len(ticked)
    words = PAGE_REFERENCE.sub(r"\2", ASSESSMENT[f"result_{level}"])  # [[key|text]]: text
    assert text_of(soup_html(words)) in text_of(verdict)


def test_with_nothing_ticked_the_copy_about_ticked_triggers_is_absent(client, db):
    """The call to action's text speaks of the triggers ticked: it shows only with one."""
    cta_text = ASSESSMENT["cta_text"]
    assert "ticked" in cta_text  # the copy this test is about
    none = soup(result(client))
    assert cta_text not in text_of(none.find("main"))
    assert none.select(".answers") == []
    # The way on stays: the contact form and the form again.
    assert none.find("a", string=ASSESSMENT["cta_link_text"])["href"] == "/contact/"
    assert none.find("a", string="Change your answers")["href"] == URL
    some = soup(result(client, "pilot"))
    assert cta_text in text_of(some.select_one(".assessment__cta"))


def test_the_result_leads_to_the_contact_form_with_the_triggers(client, db):
    page = soup(result(client, "pilot", "board"))
    talk = page.find("a", string=ASSESSMENT["cta_link_text"])
    assert talk["href"] == "/contact/?triggers=pilot&triggers=board"
    change = page.find("a", string="Change your answers")
    assert change["href"] == URL + "?triggers=pilot&triggers=board"
    again = soup(client.get(change["href"]))
    ticked = again.select("input[name=triggers][checked]")
    assert [box["value"] for box in ticked] == ["pilot", "board"]


def test_the_result_has_the_pages_head_and_is_not_indexed(client, db):
    page = soup(result(client, "pilot"))
    assert page.find("link", rel="canonical")["href"] == "https://localhost" + URL
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.title.string.startswith("Your result: ")


def test_the_assessment_has_its_own_title_description_and_webpage_node(client, db):
    page = soup(client.get(URL))
    assert page.title.string == SEARCH_APPEARANCE["assessment"]["seo_title"]
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert 110 <= len(description) <= 160
    assert page.find("meta", attrs={"name": "robots"}) is None
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    webpage = next(node for node in graph if node["@type"] == "WebPage")
    assert webpage["url"] == "https://localhost" + URL
    assert webpage["name"] == ASSESSMENT["title"]
    assert webpage["description"] == description
    crumbs = next(node for node in graph if node["@type"] == "BreadcrumbList")
    assert crumbs["itemListElement"][-2]["item"] == "https://localhost" + GUIDE_URL
    assert "https://localhost" + URL in client.get("/sitemap.xml").content.decode()


def test_it_is_linked_from_the_guide_beside_the_first_call_to_action_and_from_home(client, db):
    guide = soup(client.get(GUIDE_URL))
    first_cta = guide.select("main .cta")[0]
    assert first_cta.find("a", href=URL)
    assert first_cta.find("a", class_="button")["href"] == "/contact/"
    # It comes just before the heading the spec places it before.
    before = GUIDE_CALLS_TO_ACTION["first"]["before_heading"]
    assert text_of(first_cta.find_next("h2", id=True)) == before
    home = soup(client.get("/"))
    assert home.select_one(".featured").find("a", href=URL)


@pytest.mark.parametrize(
    "query",
    [
        "triggers=nope",
        "triggers=pilot&triggers=%00",
        "triggers=" + "x" * 50,
        "triggers=other",  # a contact form choice, but not a question here
    ],
)
def test_answers_the_form_could_not_send_get_the_form_back_with_a_message(client, db, query):
    response = client.get(f"{RESULT_URL}?{query}")
    assert response.status_code == 400
    page = soup_any(response)
    assert page.select_one("main form input[name=triggers]")
    alert = text_of(page.select_one("[role=alert]"))
    assert "don’t match this form’s questions" in alert
    assert page.title.string.startswith("Error: ")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_other_parameters_are_ignored(client, db):
    # Such as a campaign's, or a PHP-style name: no answer was given, so the result is none.
    page = soup(client.get(RESULT_URL + "?triggers[]=pilot&utm_source=mail"))
    assert text_of(page.select_one(".assessment__verdict h2")) == ASSESSMENT["verdict_none"]


def test_a_tampered_answer_keeps_the_genuine_ones_ticked(client, db):
    page = soup_any(client.get(f"{RESULT_URL}?triggers=pilot&triggers=nope"))
    assert [box["value"] for box in page.select("input[name=triggers][checked]")] == ["pilot"]


def test_a_huge_or_repeated_query_gets_the_form_back_never_an_error(client, db):
    huge = client.get(RESULT_URL + "?" + "triggers=pilot&" * 500)
    assert huge.status_code == 400
    assert "longer than any answer" in text_of(soup_any(huge).select_one("[role=alert]"))
    # Parameters it does not read never reach it (page_cache/query.py).
    padded = client.get(RESULT_URL + "?triggers=pilot&" + "x=1&" * 5000)
    assert answers_of(soup(padded)) == [LABELS["pilot"]]
    repeated = soup(result(client, "pilot", "pilot", "pilot"))
    assert answers_of(repeated) == [LABELS["pilot"]]


@pytest.mark.parametrize("path", [URL, RESULT_URL])
def test_a_post_replayed_or_crafted_never_fails(client, db, path):
    # With a CSRF token (as a visitor who has the contact page's cookie could send).
    response = client.post(path, {"triggers": ["pilot"]})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    page = soup_any(response)
    assert "answered from this page" in text_of(page.select_one("[role=alert]"))
    assert page.select_one("main form[method=get]")
    # Without one, Django's CSRF check answers first, with the site's friendly page.
    from django.test import Client

    strict = Client(enforce_csrf_checks=True).post(path, {"triggers": ["pilot"] * 2000})
    assert strict.status_code == 403


def soup_any(response):
    return BeautifulSoup(response.content, "html.parser")


def soup_html(html):
    return BeautifulSoup(html, "html.parser")


def test_the_contact_form_carries_the_triggers_into_the_message(client, db):
    page = soup(client.get("/contact/?triggers=pilot&triggers=board"))
    form = page.select_one("main form")
    message = form.find("textarea", attrs={"name": "message"}).string
    assert "In the self-assessment, I ticked:" in message
    assert label_of("pilot") in message
    assert label_of("board") in message
    assert form.find("input", attrs={"name": "prompted_by", "value": "pilot"}).has_attr("checked")
    hidden = form.select("input[type=hidden][name=triggers]")
    assert [field["value"] for field in hidden] == ["pilot", "board"]


def test_unknown_triggers_in_a_link_are_dropped(client, db):
    page = soup(client.get("/contact/?triggers=nope&triggers=%3Cscript%3E"))
    form = page.select_one("main form")
    assert form.select("input[name=triggers]") == []
    assert not form.find("textarea", attrs={"name": "message"}).string.strip()


def contact_post(client, **fields):
    page = soup(client.get("/contact/?triggers=pilot&triggers=board"))
    form = page.select_one("main form")
    data = {
        "csrfmiddlewaretoken": form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"],
        "started": form.find("input", attrs={"name": "started"})["value"],
        "cta_page": RESULT_URL,
        "triggers": ["pilot", "board"],
        "name": "Ada Example",
        "email": "ada@example.org",
        "prompted_by": "pilot",
        "message": form.find("textarea", attrs={"name": "message"}).string + "Where we are.",
        "consent": "on",
        **fields,
    }
    return client.post("/contact/", data)


def test_a_lead_from_the_assessment_is_stored_with_its_cta_page_and_triggers(client, settings, db):
    settings.CONTACT_NOTIFY_EMAIL = "team@example.org"
    response = contact_post(client)
    assert response.status_code == 302
    submission = ContactSubmission.objects.get()
    assert submission.cta_page == RESULT_URL
    assert submission.triggers == ["pilot", "board"]
    assert label_of("pilot") in submission.message
    assert submission.triggers_display() == f"{label_of('pilot')}; {label_of('board')}"
    assert f"Triggers ticked: {label_of('pilot')}" in mail.outbox[-1].body


def test_tampered_triggers_never_cost_a_lead(client, db):
    response = contact_post(client, triggers=["board", "nope", "<b>", "pilot", "board"])
    assert response.status_code == 302
    assert ContactSubmission.objects.get().triggers == ["pilot", "board"]


def test_editors_see_the_triggers_in_contact_submissions(admin_client, client, db):
    contact_post(client)
    index = soup(admin_client.get(reverse("contact_submissions:index")))
    headers = [text_of(th) for th in index.select("table thead th")]
    assert "Triggers ticked" in headers
    row = index.select_one("table tbody tr")
    assert f"{label_of('pilot')}; {label_of('board')}" in text_of(row)
    submission = ContactSubmission.objects.get()
    inspect = text_of(
        soup(admin_client.get(reverse("contact_submissions:inspect", args=[submission.pk])))
    )
    assert "Triggers ticked" in inspect and label_of("board") in inspect
    export = admin_client.get(reverse("contact_submissions:index") + "?export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0]["Triggers ticked"] == f"{label_of('pilot')}; {label_of('board')}"


class AssessmentPageTypeTests(WagtailPageTestCase):
    """Editors make and change the assessment in the admin, with no deploy."""

    @classmethod
    def setUpTestData(cls):
        cls.guide = GuidePage.objects.get(url_path__endswith=GUIDE_URL)
        cls.pillar = GuidePage.objects.get(url_path__endswith=TOPIC_URL)

    def setUp(self):
        self.user = get_user_model().objects.create_superuser("ed", "e@example.org", "pw")
        self.client.force_login(self.user)

    def test_it_belongs_under_a_guide_and_nowhere_else(self):
        self.assertCanCreateAt(GuidePage, AssessmentPage)
        self.assertCanNotCreateAt(HomePage, AssessmentPage)
        self.assertAllowedSubpageTypes(AssessmentPage, set())
        assert not AssessmentPage.can_create_at(self.guide)  # it has one already
        assert AssessmentPage.can_create_at(self.pillar)

    def test_an_editor_makes_one_with_questions_and_result_texts(self):
        self.assertCanCreate(
            self.pillar,
            AssessmentPage,
            nested_form_data(
                {
                    "title": "Does this apply to you?",
                    "slug": "check",
                    "summary": "",
                    "introduction": rich_text("<p>Tick what is true.</p>"),
                    "form_heading": "Which are true?",
                    "submit_text": "See",
                    "several_from": 2,
                    "verdict_none": "Not for you",
                    "verdict_some": "Partly for you",
                    "verdict_several": "Made for you",
                    "result_none": rich_text("<p>No case.</p>"),
                    "result_some": rich_text("<p>Some case.</p>"),
                    "result_several": rich_text("<p>A strong case.</p>"),
                    "cta_heading": "Talk",
                    "cta_text": "",
                    "cta_link_text": "Talk",
                    "questions": inline_formset(
                        [
                            {
                                "trigger": "pilot",
                                "question": "Our pilot is stuck",
                                "guide_says": "A demo is easy.",
                                "section": "",
                                "callout": "",
                            },
                            {
                                "trigger": "board",
                                "question": "The board asks",
                                "guide_says": "It translates for the board.",
                                "section": "",
                                "callout": "",
                            },
                        ]
                    ),
                }
            ),
        )
        made = AssessmentPage.objects.get(slug="check")
        made.save_revision().publish()
        page = soup(self.client.get(made.url + "result/?triggers=pilot&triggers=board"))
        assert answers_of(page) == ["Our pilot is stuck", "The board asks"]
        assert text_of(page.select_one(".assessment__verdict h2")) == "Made for you"
        assert "A strong case." in text_of(page)
        page = soup(self.client.get(made.url + "result/?triggers=pilot"))
        assert text_of(page.select_one(".assessment__verdict h2")) == "Partly for you"
        page = soup(self.client.get(made.url + "result/"))
        assert text_of(page.select_one(".assessment__verdict h2")) == "Not for you"

    def test_a_verdict_cannot_be_left_empty(self):
        page = AssessmentPage.objects.get()
        page.verdict_some = ""
        with pytest.raises(ValidationError, match="verdict_some"):
            page.full_clean()

    def test_an_edited_question_shows_at_once(self):
        page = AssessmentPage.objects.get()
        question = page.questions.get(trigger="board")
        question.question = "Investors ask for an AI story"
        question.save()
        page.save_revision().publish()
        self.client.logout()
        labels = [text_of(label) for label in soup(self.client.get(URL)).select("form label")]
        assert "Investors ask for an AI story" in labels


def test_its_markdown_copy_lists_the_questions(client, db):
    copy = client.get(URL + "index.html.md").content.decode()
    assert copy.startswith(f"# {ASSESSMENT['title']}")
    for label in LABELS.values():
        assert f"- {label}" in copy
