"""Reports › Leads: leads by first-touch source, by guide, and the funnel from guide views
to leads, over a chosen period, with CSV and XLSX downloads; for those who read the leads."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Site

from analytics.models import GoalDay, PageDay
from guides.models import GuidePage
from pages.models import ContactSubmission
from tests.content import site as content
from tests.factories import add_page
from tests.html import soup, text_of

REPORT_URL = "/admin/reports/leads/"
BY_GUIDE_URL = REPORT_URL + "by-guide/"
FUNNEL_URL = REPORT_URL + "funnel/"
GUIDE_URL = content.GUIDE_URL
TOPIC_URL = content.TOPIC_URL
RESULT_URL = GUIDE_URL + "assessment/result/"
TODAY = datetime.date(2026, 12, 1)


def lead(days_ago=0, **fields):
    submission = ContactSubmission.objects.create(
        name="Ada", email="ada@example.com", message="Hello", prompted_by="pilot", **fields
    )
    moment = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12)))
    ContactSubmission.objects.filter(pk=submission.pk).update(
        created_at=moment - datetime.timedelta(days=days_ago)
    )
    return submission


@pytest.fixture
def leads(db):
    chatgpt = {"source": "ChatGPT", "source_kind": "ai", "referrer_host": "chatgpt.com"}
    lead(**chatgpt, guides_read=[GUIDE_URL, TOPIC_URL], cta_page=GUIDE_URL)
    lead(**chatgpt, guides_read=[GUIDE_URL], cta_page="/")
    lead(source="Google", source_kind="search", guides_read=[TOPIC_URL], cta_page=RESULT_URL)
    lead()  # sent without JavaScript
    lead(days_ago=40, **chatgpt, guides_read=[GUIDE_URL])  # before the period below


def table(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    page = soup(response)
    return [[text_of(cell) for cell in row.select("td")] for row in page.select("main tbody tr")]


PERIOD = {"period_from": "2026-11-20", "period_to": "2026-12-01"}


def test_leads_by_source_count_each_first_touch_in_the_period(admin_client, leads):
    assert table(admin_client, REPORT_URL, **PERIOD) == [
        ["ChatGPT", "AI assistant", "2", "50%"],
        ["Google", "Search engine", "1", "25%"],
        ["Not known", "", "1", "25%"],
    ]
    # Without a period: every lead.
    assert table(admin_client, REPORT_URL)[0] == ["ChatGPT", "AI assistant", "3", "60%"]


def test_a_reports_help_reads_as_wagtails_help_boxes_do(admin_client, leads):
    """Its text, after the help icon that Wagtail's help box leaves room for."""
    help_box = soup(admin_client.get(REPORT_URL)).select_one("main .help-block.help-info")
    assert help_box.select_one("svg.icon-help")
    assert text_of(help_box).startswith("Where each lead’s visit first came from")


def test_leads_by_guide_count_guides_read_and_calls_to_action(admin_client, leads, guide):
    rows = table(admin_client, BY_GUIDE_URL, **PERIOD)
    by_address = {row[1]: row for row in rows}
    assert by_address[GUIDE_URL][2:] == ["2", "1"]
    assert by_address[TOPIC_URL][2:] == ["2", "0"]
    assert by_address["/"][2:] == ["0", "1"]
    # The assessment's result is a route of its page: named by that page.
    assert by_address[RESULT_URL] == [
        content.ASSESSMENT["title"] + " › result/",
        RESULT_URL,
        "0",
        "1",
    ]
    assert rows[0][1] == GUIDE_URL  # the page with the most leads first
    assert by_address[GUIDE_URL][0] == guide.title


def test_the_funnel_runs_from_guide_views_to_leads(admin_client, leads):
    site = Site.objects.get(is_default_site=True)
    day = TODAY - datetime.timedelta(days=1)
    PageDay.objects.create(site=site, day=day, path=GUIDE_URL, views=80)
    PageDay.objects.create(site=site, day=day, path=TOPIC_URL, views=20)
    PageDay.objects.create(site=site, day=day, path="/faq/", views=500)  # not a guide
    PageDay.objects.create(
        site=site, day=TODAY - datetime.timedelta(days=60), path=GUIDE_URL, views=7
    )
    GoalDay.objects.create(
        site=site, day=day, path=GUIDE_URL + "assessment/", goal="assessment_started", count=10
    )
    GoalDay.objects.create(
        site=site, day=day, path=GUIDE_URL + "assessment/", goal="assessment_result", count=9
    )
    GoalDay.objects.create(site=site, day=day, path="/contact/", goal="contact_opened", count=6)
    GoalDay.objects.create(site=site, day=day, path="/contact/", goal="lead_sent", count=3)
    # Each step the pages count, in the funnel's order; then every lead received, counted or not.
    assert table(admin_client, FUNNEL_URL, **PERIOD) == [
        ["Guide views", "100", "-"],
        ["Assessment started", "10", "10%"],
        ["Assessment result", "9", "90%"],
        ["Contact form opened", "6", "67%"],
        ["Lead sent", "3", "50%"],
        ["Leads", "4", "133%"],
    ]


def test_the_funnel_counts_the_default_sites_views_and_goals_only(admin_client, second_site):
    """The funnel's guides are the default Site's; another Site's counts at the same
    addresses are not added to them."""
    day = TODAY - datetime.timedelta(days=1)
    for site, views in ((Site.objects.get(is_default_site=True), 5), (second_site["site"], 900)):
        PageDay.objects.create(site=site, day=day, path=GUIDE_URL, views=views)
        GoalDay.objects.create(
            site=site, day=day, path=GUIDE_URL, goal="assessment_started", count=views
        )
    steps = {row[0]: row[1] for row in table(admin_client, FUNNEL_URL, **PERIOD)}
    assert (steps["Guide views"], steps["Assessment started"]) == ("5", "5")


def test_a_guide_with_an_accented_address_is_named_and_counted(admin_client, guide):
    """A browser sends a non-ASCII address percent-encoded (/guides/caf%C3%A9/), as the
    traffic report names it: the leads report names and counts that guide too."""
    accented = GuidePage(
        title="Café pricing",
        slug="café-pricing",
        summary="A test guide.",
        body=[("paragraph", "<p>No names here.</p>")],
    )
    address = add_page(guide.get_parent(), accented).url
    assert "caf%C3%A9-pricing" in address
    lead(guides_read=[address])
    site = Site.objects.get(is_default_site=True)
    PageDay.objects.create(site=site, day=TODAY, path=address, views=7)
    assert table(admin_client, BY_GUIDE_URL)[0][:2] == ["Café pricing", address]
    assert table(admin_client, FUNNEL_URL, **PERIOD)[0] == ["Guide views", "7", "-"]


def test_the_reports_download_as_csv_and_xlsx(admin_client, leads):
    response = admin_client.get(REPORT_URL, {**PERIOD, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["First came from", "Kind of source", "Leads", "Share of leads"]
    assert ["ChatGPT", "AI assistant", "2", "50%"] in rows

    response = admin_client.get(BY_GUIDE_URL, {"export": "xlsx"})
    assert 'filename="leads-by-guide.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings = next(sheet.iter_rows(values_only=True))
    assert headings == ("Page", "Address", "Leads that read it", "Leads from its call to action")


def test_whoever_reads_the_leads_sees_the_report_and_nobody_else(client, django_user_model, db):
    editor = django_user_model.objects.create_user("ed", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(REPORT_URL).status_code == 200
    menu = client.get("/admin/").content.decode()
    assert REPORT_URL in menu

    # Admin access, but no right to read the contact submissions.
    other = django_user_model.objects.create_user("other", password="x")
    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(other)
    assert client.get(REPORT_URL).status_code in {302, 403}
    assert REPORT_URL not in client.get("/admin/").content.decode()
