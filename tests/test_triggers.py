"""The triggers are editors' rows (Snippets › Triggers): a new one, added in the admin, is
offered by the contact form and the self-assessment's questions with no code change and no
deploy, and a lead sent with it stores it and shows it to the team.

One trigger is the one the guide calls out: the contact form chooses it first when the
assessment's link carries it, and the result shows it first.
"""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from guides.models import AssessmentPage, AssessmentQuestion
from pages.models import ContactSubmission, Trigger
from tests.content.site import GUIDE_URL
from tests.fixtures import signed_in
from tests.html import soup, table_rows, text_of
from tests.test_contact import send

TRIGGERS_URL = "/admin/snippets/pages/trigger/"
ASSESSMENT_URL = GUIDE_URL + "assessment/"
SEVENTH = {"value": "first-hire", "label": "A first engineering hire is due"}


@pytest.fixture
def editor(django_user_model):
    return signed_in(django_user_model, "Editors")


@pytest.fixture
def moderator(django_user_model):
    return signed_in(django_user_model, "Moderators")


def contact_choices(client, query=""):
    form = soup(client.get("/contact/" + query)).select_one("main form")
    return [
        (radio["value"], text_of(radio.find_parent("label")), radio.has_attr("checked"))
        for radio in form.select("input[name=prompted_by]")
    ]


def add_question(trigger, question):
    """What an editor does on the assessment page: a question for the trigger, published."""
    page = AssessmentPage.objects.get()
    page.questions.add(
        AssessmentQuestion(
            trigger_id=trigger,
            question=question,
            guide_says="The guide says this about it.",
            sort_order=len(page.questions.all()),
        )
    )
    page.save_revision().publish()
    return page


def test_a_seventh_trigger_added_in_the_admin_reaches_the_forms_and_the_leads(
    editor, admin_client, client, settings, db
):
    settings.CONTACT_NOTIFY_EMAIL = "team@example.org"
    before = list(Trigger.objects.values_list("value", flat=True))
    response = editor.post(TRIGGERS_URL + "add/", SEVENTH)
    assert response.status_code == 302
    # Last in the editors' list, and in the contact form's, just before "Something else".
    listing = table_rows(editor.get(TRIGGERS_URL))
    assert [row["Short name"] for row in listing] == [*before, SEVENTH["value"]]
    choices = contact_choices(client)
    assert [value for value, *_ in choices] == [*before, SEVENTH["value"], "other"]
    assert choices[-2][1] == SEVENTH["label"]

    # The assessment's question editor offers it; once a question chooses it, visitors see it.
    page = AssessmentPage.objects.get()
    edit = soup(admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    select = edit.select_one("select[name='questions-0-trigger']")
    options = {option["value"]: text_of(option) for option in select.select("option")}
    assert options[SEVENTH["value"]] == SEVENTH["label"]
    add_question(SEVENTH["value"], "We need our first engineer")
    form = soup(client.get(ASSESSMENT_URL)).select_one("main form")
    box = form.select_one(f"input[name=triggers][value={SEVENTH['value']}]")
    assert text_of(box.find_parent("label")) == "We need our first engineer"
    result = soup(client.get(ASSESSMENT_URL + "result/", {"triggers": SEVENTH["value"]}))
    talk = result.select_one("main a.button[href^='/contact/']")
    assert talk["href"] == f"/contact/?triggers={SEVENTH['value']}"

    # The link starts the message with it and chooses it as what prompted the visit.
    carried = soup(client.get(talk["href"])).select_one("main form")
    assert carried.select_one(f"input[type=hidden][name=triggers][value={SEVENTH['value']}]")
    assert SEVENTH["label"] in carried.find("textarea", attrs={"name": "message"}).string
    checked = [
        value
        for value, _label, on in contact_choices(client, talk["href"][len("/contact/") :])
        if on
    ]
    assert checked == [SEVENTH["value"]]

    response = send(prompted_by=SEVENTH["value"], triggers=[SEVENTH["value"], "pilot"])
    assert response.status_code == 302
    lead = ContactSubmission.objects.get()
    assert (lead.prompted_by, lead.triggers) == (SEVENTH["value"], ["pilot", SEVENTH["value"]])
    pilot = Trigger.objects.get(value="pilot").label
    body = mail.outbox[-1].body
    assert f"What prompted it: {SEVENTH['label']}" in body
    assert f"Triggers ticked: {pilot}; {SEVENTH['label']}" in body
    row = table_rows(admin_client.get(reverse("contact_submissions:index")))[0]
    assert row["What prompted it"] == SEVENTH["label"]
    assert row["Triggers ticked"] == f"{pilot}; {SEVENTH['label']}"
    export = admin_client.get(reverse("contact_submissions:index") + "?export=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0]["What prompted it"] == SEVENTH["label"]
    assert rows[0]["Triggers ticked"] == f"{pilot}; {SEVENTH['label']}"
    filtered = admin_client.get(
        reverse("contact_submissions:index"), {"prompted_by": SEVENTH["value"]}
    )
    assert len(table_rows(filtered)) == 1


def test_a_renamed_trigger_renames_it_everywhere_and_empties_the_page_cache(
    editor, admin_client, client, db
):
    ContactSubmission.objects.create(
        name="Ada", email="ada@example.com", message="Hi", prompted_by="board", triggers=["board"]
    )
    assert client.get(ASSESSMENT_URL)  # kept by the page cache
    assert client.get(ASSESSMENT_URL)["X-Page-Cache"] == "hit"
    board = Trigger.objects.get(value="board")
    response = editor.post(
        f"{TRIGGERS_URL}edit/{board.pk}/",
        {"value": "renamed", "label": "Pressure from the board, renamed", "called_out": ""},
    )
    assert response.status_code == 302
    board.refresh_from_db()
    # The short name stays: stored leads and the assessment's links name it.
    assert (board.value, board.label) == ("board", "Pressure from the board, renamed")
    assert ("board", board.label, False) in contact_choices(client)
    row = table_rows(admin_client.get(reverse("contact_submissions:index")))[0]
    assert row["What prompted it"] == row["Triggers ticked"] == board.label
    assert "X-Page-Cache" not in client.get(ASSESSMENT_URL)


def test_one_trigger_at_most_is_the_one_the_guide_calls_out(editor, db):
    board = Trigger.objects.get(value="board")
    response = editor.post(
        f"{TRIGGERS_URL}edit/{board.pk}/",
        {"value": "board", "label": board.label, "called_out": "on"},
    )
    assert response.status_code == 200
    pilot = Trigger.objects.get(called_out=True)
    assert f"“{pilot.label}” is the one the guide calls out" in text_of(soup(response))
    assert list(Trigger.objects.filter(called_out=True)) == [pilot]


def test_the_called_out_trigger_is_chosen_first_and_shown_first(editor, client, db):
    pilot = Trigger.objects.get(value="pilot")
    board = Trigger.objects.get(value="board")
    query = "?triggers=pilot&triggers=board"
    checked = [value for value, _label, on in contact_choices(client, query) if on]
    assert checked == ["pilot"]
    questions = {q.trigger_id: q.question for q in AssessmentPage.objects.get().questions.all()}
    result = soup(client.get(ASSESSMENT_URL + "result/" + query))
    assert text_of(result.select_one(".answers .answer h3")) == questions["pilot"]

    for trigger, on in ((pilot, ""), (board, "on")):
        fields = {"value": trigger.value, "label": trigger.label, "called_out": on}
        assert editor.post(f"{TRIGGERS_URL}edit/{trigger.pk}/", fields).status_code == 302
    checked = [value for value, _label, on in contact_choices(client, query) if on]
    assert checked == ["board"]
    result = soup(client.get(ASSESSMENT_URL + "result/" + query))
    assert text_of(result.select_one(".answers .answer h3")) == questions["board"]


def test_editors_add_and_change_triggers_and_moderators_delete_unused_ones(
    editor, moderator, client, db
):
    unused = Trigger.objects.get(value="roadmap")  # no question of the tests' site chooses it
    ContactSubmission.objects.create(
        name="Ada", email="ada@example.com", message="Hi", prompted_by="roadmap", triggers=[]
    )
    assert editor.post(f"{TRIGGERS_URL}delete/{unused.pk}/").status_code == 302
    assert Trigger.objects.filter(pk=unused.pk).exists()  # refused: Editors don't delete
    used = Trigger.objects.get(value="pilot")  # a question of the assessment chooses it
    refused = moderator.post(f"{TRIGGERS_URL}delete/{used.pk}/", follow=True)
    assert "a self-assessment question chooses it" in text_of(soup(refused))
    assert Trigger.objects.filter(pk=used.pk).exists()
    assert moderator.post(f"{TRIGGERS_URL}delete/{unused.pk}/").status_code == 302
    assert not Trigger.objects.filter(pk=unused.pk).exists()
    assert "roadmap" not in [value for value, *_ in contact_choices(client)]
    # A lead that named it keeps what it stored.
    assert ContactSubmission.objects.get().prompted_by_display() == "roadmap"
