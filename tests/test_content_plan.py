"""The content plan and links report: planned pages and their inbound links, claims that
need a source, links to pages no longer live, and the last result of check_links. Each is
a tab of the report, a table with its own address."""

import io

from django.contrib.auth.models import Group
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Page

from guides.models import GuideIndexPage, GuidePage, Source, SourceLinkCheck
from tests.content import site as content
from tests.factories import add_guide, add_page, build_guide, page_link
from tests.html import soup, text_of

REPORT_URL = "/admin/guide-reports/content-plan/"
TABS = {
    "planned-pages": REPORT_URL,
    "broken-links": REPORT_URL + "no-longer-live/",
    "source-links": REPORT_URL + "source-links/",
}


def section(client, tab):
    """The tab's page: its help text and its table."""
    return soup(client.get(TABS[tab]))


def table_rows(node):
    return [[text_of(td) for td in tr.select("td")] for tr in node.select("tbody tr")]


def test_planned_pages_are_listed_with_the_live_pages_that_link_to_them(admin_client, guide):
    planned = section(admin_client, "planned-pages")
    rows = {row[0]: row for row in table_rows(planned)}
    drafts = Page.objects.filter(live=False).exclude(depth=1)
    assert set(rows) == {page.title for page in drafts}
    assert len(rows) == 3
    planned_page = GuidePage.objects.get(url_path__endswith=f"{content.TOPIC_URL}planned-guide/")
    row = rows[planned_page.title]
    assert row[1] == f"{content.TOPIC_URL}planned-guide/"
    assert row[2] == "Guide page"
    assert guide.title in row[3]  # an FAQ answer of the guide links to it
    assert planned.find("a", href=f"/admin/pages/{planned_page.pk}/edit/")
    assert planned.find("a", href=f"/admin/pages/{guide.pk}/edit/")


def test_a_planned_page_leaves_the_plan_once_published(admin_client):
    page = GuidePage.objects.get(url_path__endswith=f"{content.TOPIC_URL}planned-guide/")
    assert page.title in {row[0] for row in table_rows(section(admin_client, "planned-pages"))}
    page.save_revision().publish()
    rows = {row[0] for row in table_rows(section(admin_client, "planned-pages"))}
    assert page.title not in rows


def test_a_planned_page_nobody_links_to_says_so(admin_client):
    pillar = GuidePage.objects.get(url_path__endswith=content.TOPIC_URL)
    add_page(pillar, GuidePage(title="Nobody links here", slug="lonely"), live=False)
    rows = {row[0]: row for row in table_rows(section(admin_client, "planned-pages"))}
    assert rows["Nobody links here"][3] == "Not linked yet"


def test_links_to_deleted_pages_are_reported(admin_client):
    pillar = GuidePage.objects.get(url_path__endswith=content.TOPIC_URL)
    doomed = add_page(pillar, GuidePage(title="Soon deleted", slug="soon-deleted"))
    linking = build_guide(pillar, slug="links-to-doomed", size=1, link_to=doomed)
    nothing_broken = text_of(section(admin_client, "broken-links"))
    assert "No live page links to a deleted or unpublished page." in nothing_broken

    doomed_id = doomed.pk
    doomed.delete()
    broken = section(admin_client, "broken-links")
    rows = table_rows(broken)
    assert [row[0] for row in rows] == [linking.title, linking.title]
    wheres = sorted(row[1] for row in rows)
    assert wheres[0] == "Body"
    assert wheres[1].startswith("FAQ entry “Question 0?”")
    assert all(row[2] == f"Page #{doomed_id}" for row in rows)
    assert broken.find("a", href=f"/admin/pages/{linking.pk}/edit/")


def test_source_links_show_the_last_check(admin_client):
    sources = list(Source.objects.exclude(url="").order_by("pk"))
    SourceLinkCheck.objects.create(
        source=sources[0], url=sources[0].url, status_code=404, checked_at=timezone.now()
    )
    SourceLinkCheck.objects.create(
        source=sources[1], url=sources[1].url, status_code=200, checked_at=timezone.now()
    )
    node = section(admin_client, "source-links")
    assert "Last checked" in text_of(node)
    rows = {row[0]: row for row in table_rows(node)}
    assert rows[sources[0].name][2:4] == ["The page is gone (404)", "HTTP 404"]
    assert rows[sources[1].name][2:4] == ["Works (200)", ""]
    assert rows[sources[2].name][2] == "Not checked yet"
    assert "1 of 2 links is broken" in text_of(node)
    # Broken links come first.
    assert table_rows(node)[0][0] == sources[0].name


def test_a_check_of_an_old_link_is_marked_as_such(admin_client):
    source = Source.objects.exclude(url="").first()
    SourceLinkCheck.objects.create(
        source=source, url="https://example.org/old", status_code=200, checked_at=timezone.now()
    )
    rows = {row[0]: row for row in table_rows(section(admin_client, "source-links"))}
    assert "the link changed after this check" in rows[source.name][2]


def test_the_plan_downloads_as_csv_and_xlsx(admin_client):
    index = GuideIndexPage.objects.get()
    planned = add_guide(index, "Planned pillar", live=False)
    add_guide(index, "Live pillar", text=f"<p>See {page_link(planned, 'the plan')}.</p>")
    row = ["Planned pillar", "/guides/planned-pillar/", "Guide page", "Live pillar"]

    response = admin_client.get(REPORT_URL, {"export": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "Page,Address,Type,Linked from live pages"
    assert ",".join(row) in lines

    response = admin_client.get(REPORT_URL, {"export": "xlsx"})
    assert 'filename="content-plan-and-links-planned-pages.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert row in [list(cells) for cells in sheet.iter_rows(values_only=True)]


def test_editors_can_read_the_report(client, django_user_model):
    editor = django_user_model.objects.create_user("ed", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(REPORT_URL).status_code == 200
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert client.get(REPORT_URL).status_code in {302, 403}
