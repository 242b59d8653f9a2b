"""Preview (the page and its markdown copy), revision comparison, and scheduled publishing."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import rich_text

from guides.models import GuidePage, Statistic
from tests.editor import edit_form_data
from tests.factories import StatisticFactory, add_guide, add_page
from tests.html import soup, text_of


def preview(client, page, mode):
    """Send the edit form to the preview, as the editor's preview panel does, then load it."""
    edit_url = f"/admin/pages/{page.pk}/edit/"
    data = edit_form_data(
        client,
        page,
        body=[
            ("heading", {"text": "A previewed heading", "level": "h2", "anchor": ""}),
            ("paragraph", rich_text("<p>Unsaved words in the preview.</p>")),
        ],
        title="Previewed title",
    )
    preview_url = f"{edit_url}preview/"
    response = client.post(f"{preview_url}?mode={mode}", data)
    assert response.json() == {"is_valid": True, "is_available": True}
    return client.get(preview_url, {"mode": mode})


def test_the_editor_offers_the_page_and_its_markdown_copy(admin_client, guide):
    html = admin_client.get(f"/admin/pages/{guide.pk}/edit/").content.decode()
    assert "Markdown copy" in html


def test_preview_shows_the_real_page_with_unsaved_changes(admin_client, guide):
    response = preview(admin_client, guide, "")
    assert response.status_code == 200
    page = soup(response)
    assert text_of(page.find("h1")) == "Previewed title"
    assert "Unsaved words in the preview." in text_of(page.find("main"))
    guide.refresh_from_db()
    assert guide.title != "Previewed title"  # nothing was saved


def test_preview_shows_the_markdown_copy(admin_client, guide):
    response = preview(admin_client, guide, "markdown")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("# Previewed title\n")
    assert "## A previewed heading" in text
    assert "Unsaved words in the preview." in text
    assert "<p>" not in text


def test_revisions_compare_shows_streamfield_and_faq_changes(admin_client, guide):
    before = guide.latest_revision
    edited = guide.get_latest_revision_as_object()
    first_paragraph = next(
        i for i, child in enumerate(edited.body) if child.block_type == "paragraph"
    )
    edited.body[first_paragraph] = ("paragraph", RichText("<p>A rewritten opening paragraph.</p>"))
    entries = list(edited.faq_entries.all())
    old_question = entries[0].question
    entries[0].answer = "<p>A rewritten FAQ answer.</p>"
    edited.faq_entries = entries
    after = edited.save_revision()

    history = admin_client.get(f"/admin/pages/{guide.pk}/history/")
    assert history.status_code == 200

    url = f"/admin/pages/{guide.pk}/revisions/compare/{before.pk}...{after.pk}/"
    response = admin_client.get(url)
    assert response.status_code == 200
    # The comparison is a word diff, so the new words show among the old ones.
    page = soup(response)
    added = " ".join(text_of(node) for node in page.select(".addition"))
    assert "rewritten opening paragraph." in added
    assert "rewritten FAQ answer." in added
    assert old_question in text_of(page)
    assert "Body" in text_of(page) and "FAQ entries" in text_of(page)

    live_vs_latest = admin_client.get(f"/admin/pages/{guide.pk}/revisions/compare/live...latest/")
    added = " ".join(text_of(node) for node in soup(live_vs_latest).select(".addition"))
    assert "rewritten FAQ answer." in added


def schedule(page, go_live_at):
    page.go_live_at = go_live_at
    revision = page.save_revision()
    revision.publish()
    return revision


def topic():
    return GuidePage.objects.get(url_path__endswith="/topic/")


def test_publish_scheduled_publishes_a_page_whose_time_has_come(client, db):
    page = add_guide(topic(), "A guide to schedule", live=False)
    revision = schedule(page, timezone.now() + datetime.timedelta(hours=1))
    page.refresh_from_db()
    assert not page.live
    assert client.get(page.url).status_code == 404

    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert not page.live  # not yet

    # Two hours pass: the scheduled time is now in the past.
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    revision.content["go_live_at"] = an_hour_ago.isoformat()
    revision.approved_go_live_at = an_hour_ago
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_a_page_scheduled_in_the_past_when_created_is_published_by_the_command(db):
    page = add_page(topic(), GuidePage(title="Scheduled earlier", slug="scheduled"), live=False)
    page.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=5))
    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert page.live


def test_the_block_picker_previews_a_statistics_table_with_real_statistics(admin_client, db):
    """The block picker's preview of a statistics table shows the site's first statistics
    (the block names its snippet as a string, and finds the model through its chooser)."""
    StatisticFactory.create_batch(3)
    block = GuidePage.body.field.stream_block.child_blocks["statistics_table"]
    response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200
    rows = soup(response).select("table tbody tr")
    assert [text_of(row.find("th")) for row in rows] == [
        statistic.finding for statistic in Statistic.objects.all()[:3]
    ]
    assert len(rows) == 3
