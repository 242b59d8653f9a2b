"""The traffic and search-terms reports and the dashboard's last seven days, as an editor
reads them, with their downloads; and "Plan a page"."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Site

from analytics.models import PageDay, SiteDay
from analytics.tests.test_analytics_collector import DESKTOP, PHONE, post, view
from guides.models import GuideIndexPage, GuidePage
from pages.models import ContactSubmission
from tests.fixtures import GUIDE_URL, signed_in
from tests.html import soup, text_of
from tests.test_exports import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

TRAFFIC_URL = "/admin/reports/traffic/"
SOURCES_URL = "/admin/reports/traffic/sources/"
CAMPAIGNS_URL = "/admin/reports/traffic/campaigns/"
DEVICES_URL = "/admin/reports/traffic/devices/"
SEARCH_TERMS_URL = "/admin/reports/search-terms/"


@pytest.fixture
def editor(django_user_model):
    return signed_in(django_user_model, "Editors")


@pytest.fixture
def counted(settings):
    """Traffic as the collector counts it: today, and 40 days ago."""
    settings.REDIS_URL = ""
    site = Site.objects.get(is_default_site=True)
    today = timezone.localdate()
    collector = Client(HTTP_USER_AGENT=DESKTOP)
    for n, referrer in enumerate(
        ["https://chatgpt.com/", "https://chatgpt.com/", "https://www.google.com/"]
    ):
        post(
            view(r=referrer, us="newsletter", um="email", uc="december"),
            address=f"198.51.100.{n}",
            client=collector,
        )
    post(view(p="/faq/", r="https://www.linkedin.com/"), address="198.51.100.9", client=collector)
    post({"t": "search", "q": "Fractional CFO", "n": "0"}, client=collector)
    post({"t": "search", "q": "fractional cfo", "n": "0"}, client=collector)
    post({"t": "search", "q": "example", "n": "2"}, client=collector)
    old = today - datetime.timedelta(days=40)
    PageDay.objects.create(site=site, day=old, path="/old-page/", views=50, visitors=40, entries=30)
    SiteDay.objects.create(site=site, day=old, views=50, visitors=40, entries=30)
    return site


def rows_of(response):
    return [
        [text_of(cell) for cell in row.select("td")] for row in soup(response).select("tbody tr")
    ]


def test_the_traffic_report_shows_each_pages_views_visitors_and_sources(editor, counted):
    response = editor.get(TRAFFIC_URL)
    assert response.status_code == 200
    rows = rows_of(response)
    assert rows[0] == [
        GuidePage.objects.get(url_path__endswith=GUIDE_URL).title,
        "3",
        "3",
        "2",
        "ChatGPT 2, Google 1",
    ]
    faq = Page.objects.get(url_path__endswith="/faq/").title
    assert rows[1] == [faq, "1", "1", "0", "LinkedIn 1"]
    assert "/old-page/" not in response.content.decode()  # 40 days ago: not in the last 30
    # The chart: one bar a day for views and one for visitors, their figures in the caption.
    page = soup(response)
    chart = page.select_one("figure svg")
    assert len(chart.select("rect")) == 60
    assert (
        "4 views, 4 daily visitors and 4 entries (visits that began here) on the whole site"
        in text_of(page.select_one("figcaption"))
    )
    assert not page.select("script[src^=http]")
    # Over 90 days, the old page too.
    assert "/old-page/" in editor.get(TRAFFIC_URL, {"period": "90"}).content.decode()
    assert editor.get(TRAFFIC_URL, {"period": "nonsense"}).status_code == 200


def test_the_sources_and_campaigns_tabs(editor, counted):
    sources = rows_of(editor.get(SOURCES_URL))
    assert sources == [
        ["ChatGPT", "AI assistant", "2", "1"],
        ["Google", "Search engine", "1", "1"],
        ["LinkedIn", "Social network", "1", "1"],
    ]
    campaigns = rows_of(editor.get(CAMPAIGNS_URL))
    assert campaigns == [["newsletter", "email", "december", "3", "1"]]


def test_the_devices_tab_shows_what_the_collector_stored_per_device(editor, counted):
    post(view(p="/faq/", d="mobile"), user_agent=PHONE, address="198.51.100.20")
    assert rows_of(editor.get(DEVICES_URL)) == [["Desktop", "4", "2"], ["Phone", "1", "1"]]
    assert rows_of(editor.get(DEVICES_URL, {"period": "7"}))[1] == ["Phone", "1", "1"]
    [desktop, phone] = csv_rows(editor, DEVICES_URL)
    assert desktop == {"Device": "Desktop", "Views": "4", "Pages viewed": "2"}
    assert phone["Device"] == "Phone"
    tabs = soup(editor.get(TRAFFIC_URL)).select("a.w-tabs__tab")
    assert [text_of(tab) for tab in tabs] == ["Pages", "Sources", "Campaigns", "Devices"]
    assert tabs[-1]["href"] == f"{DEVICES_URL}?period=30"


def test_the_traffic_report_downloads(editor, counted):
    [first, second] = csv_rows(editor, TRAFFIC_URL)
    assert first["Address"] == GUIDE_URL and first["Views"] == "3"
    assert first["Entries"] == "3" and second["Address"] == "/faq/"
    assert first["From AI assistants"] == "2"
    xlsx = xlsx_rows(editor, SOURCES_URL)
    assert [row["Source"].value for row in xlsx] == ["ChatGPT", "Google", "LinkedIn"]


def test_the_search_terms_report_lists_what_readers_did_not_find(editor, counted):
    response = editor.get(SEARCH_TERMS_URL)
    rows = rows_of(response)
    assert [row[:3] for row in rows] == [["fractional cfo", "2", "2"], ["example", "1", "0"]]
    assert rows[0][3] == "Plan a page"
    only_nothing = rows_of(editor.get(SEARCH_TERMS_URL, {"found": "none"}))
    assert [row[0] for row in only_nothing] == ["fractional cfo"]
    downloaded = csv_rows(editor, SEARCH_TERMS_URL)
    assert downloaded[0]["Content plan"] == "Not planned"


def test_plan_a_page_puts_the_term_into_the_content_plan(editor, counted):
    page = soup(editor.get(SEARCH_TERMS_URL))
    form = page.select_one("tbody form")
    data = {field["name"]: field.get("value", "") for field in form.select("input")}
    response = editor.post(form["action"], data)
    planned = GuidePage.objects.get(title="Fractional cfo")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{planned.pk}/edit/"
    assert not planned.live and planned.first_published_at is None
    assert planned.get_parent().specific_class is GuideIndexPage
    # The content plan lists it as planned, and the report links it.
    plan = editor.get("/admin/guide-reports/content-plan/").content.decode()
    assert "Fractional cfo" in plan
    rows = rows_of(editor.get(SEARCH_TERMS_URL))
    assert rows[0][3] == "Planned: Fractional cfo"
    # Planning it again makes no second page.
    editor.post(form["action"], data)
    assert GuidePage.objects.filter(title__iexact="fractional cfo").count() == 1


def test_the_dashboard_shows_the_last_seven_days(editor, counted):
    ContactSubmission.objects.create(name="Ada", email="ada@example.com", message="Hello")
    panel = soup(editor.get("/admin/")).select_one("#traffic-section")
    assert panel is not None
    figures = {text_of(div.dt): text_of(div.dd) for div in panel.select("dl > div")}
    assert figures == {"Views": "4", "Visitors": "4", "From AI assistants": "2", "Leads": "1"}


def test_only_editors_with_the_permission_see_the_reports(django_user_model, counted):
    user = django_user_model.objects.create_user("nobody", password="x", is_staff=False)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    for url in (TRAFFIC_URL, SOURCES_URL, SEARCH_TERMS_URL):
        assert client.get(url).status_code in (302, 403), url
    assert client.post("/admin/reports/search-terms/plan/", {"term": "x"}).status_code in (302, 403)
    assert not Page.objects.filter(title="X").exists()
    menu = client.get("/admin/").content.decode()
    assert TRAFFIC_URL not in menu
    assert soup(client.get("/admin/")).select_one("#traffic-section") is None


def test_the_reports_are_in_the_reports_menu(editor):
    html = editor.get("/admin/").content.decode()
    assert TRAFFIC_URL in html and SEARCH_TERMS_URL in html
