"""`manage.py export_content`: the content as JSON that a person can review."""

import json
from io import StringIO

from django.core.management import call_command

from guides.models import FaqEntry, Statistic
from tests.content import site as content
from tests.fixtures import GUIDE_URL


def export(**options):
    out = StringIO()
    call_command("export_content", stdout=out, stderr=StringIO(), **options)
    return json.loads(out.getvalue())


def test_the_export_holds_pages_with_their_body_and_faq_snippets_and_settings(guide):
    exported_content = export()
    pages = {page["url_path"]: page for page in exported_content["pages"]}
    exported = pages[guide.url_path]
    assert exported["type"] == "guides.GuidePage"
    assert exported["live"] is True
    body = exported["fields"]["body"]
    assert isinstance(body, list) and {"type", "value", "id"} <= set(body[0])
    questions = [entry["question"] for entry in exported["fields"]["faq_entries"]]
    assert questions == list(guide.faq_entries.values_list("question", flat=True))
    assert questions == list(content.FAQ_ANSWERS)
    assert len(questions) == FaqEntry.objects.filter(page=guide).count()
    assert "wagtail_admin_comments" not in exported["fields"]

    planned = pages[guide.get_parent().url_path + "planned-guide/"]
    assert planned["live"] is False

    statistics = exported_content["snippets"]["guides.Statistic"]
    assert len(statistics) == Statistic.objects.count()
    assert {"finding", "figure", "anchor"} <= set(statistics[0]["fields"])
    assert (
        exported_content["site_settings"][0]["fields"]["organisation_name"]
        == (content.SETTINGS["organisation_name"])
    )
    assert exported_content["sites"][0]["is_default_site"] is True


def test_the_export_holds_nothing_personal(db):
    text = json.dumps(export())
    assert "ContactSubmission" not in text
    assert "password" not in text


def test_the_export_can_go_to_a_file(db, tmp_path):
    target = tmp_path / "content.json"
    call_command("export_content", output=str(target), stdout=StringIO(), stderr=StringIO())
    content = json.loads(target.read_text())
    assert any(page["url_path"].endswith(GUIDE_URL) for page in content["pages"])
