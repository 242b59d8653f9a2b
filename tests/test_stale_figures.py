"""Stale figures: the report, the dashboard count, and nothing different for visitors."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from guides.models import GuidePage, Statistic
from pages.models import SiteSettings
from tests.factories import StatisticFactory
from tests.fixtures import GUIDE_URL, render_afresh
from tests.html import soup, table_rows, text_of

REPORT_URL = "/admin/guide-reports/stale-figures/"


def verify(statistic, days_ago):
    statistic.last_verified = timezone.localdate() - datetime.timedelta(days=days_ago)
    statistic.save()


def report_rows(client, **params):
    return table_rows(client.get(REPORT_URL, params))


def figures_of(guide):
    """The statistics of the guide's table, in order."""
    return list(guide.body.first_block_by_name("statistics_table").value["statistics"])


def test_the_report_lists_unverified_and_old_figures_with_their_pages(admin_client, guide):
    recent, old, never = figures_of(guide)[:3]
    verify(recent, days_ago=30)
    verify(old, days_ago=400)

    listing = report_rows(admin_client)
    figures = [row["Figure"] for row in listing]
    assert recent.figure not in figures
    everything = set(Statistic.objects.values_list("figure", flat=True))
    assert set(figures) == everything - {recent.figure}
    assert {old.figure, never.figure} <= set(figures)
    row = next(row for row in listing if row["Figure"] == old.figure)
    assert row["Date last verified"] != "Never"
    assert row["Shown on"] == guide.title
    row = next(row for row in listing if row["Figure"] == never.figure)
    assert row["Date last verified"] == "Never"


def test_the_report_links_each_figure_and_page_to_its_editor(admin_client, guide):
    statistic = figures_of(guide)[0]
    page = soup(admin_client.get(REPORT_URL))
    assert page.find("a", href=f"/admin/snippets/guides/statistic/edit/{statistic.pk}/")
    assert page.find("a", href=f"/admin/pages/{guide.pk}/edit/")
    assert "more than 365 days ago, or never" in text_of(page)


def test_the_threshold_comes_from_the_site_settings(admin_client):
    for statistic in Statistic.objects.all():
        verify(statistic, days_ago=30)
    assert report_rows(admin_client) == []
    assert "No stale figures" in text_of(soup(admin_client.get(REPORT_URL)))

    site_settings = SiteSettings.for_default_site()
    site_settings.stale_after_days = 20
    site_settings.save()
    assert len(report_rows(admin_client)) == Statistic.objects.count()


def test_an_unused_stale_figure_says_no_page(admin_client):
    StatisticFactory(figure="1 in 7")
    row = next(row for row in report_rows(admin_client) if row["Figure"] == "1 in 7")
    assert row["Shown on"] == "No page"


def test_the_report_exports_as_csv(admin_client, guide):
    response = admin_client.get(REPORT_URL, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert "Date last verified" in text
    assert all(statistic.figure in text for statistic in figures_of(guide))


def test_the_dashboard_counts_stale_figures_and_links_the_report(admin_client):
    statistics = list(Statistic.objects.all())
    assert len(statistics) >= 3
    verify(statistics[0], days_ago=1)
    panel = soup(admin_client.get("/admin/")).select_one("#stale-figures-section")
    assert panel is not None
    assert f"{len(statistics) - 1} statistics are stale" in text_of(panel)
    assert panel.find("a", href=REPORT_URL)


def test_the_reports_menu_lists_both_guide_reports(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "Stale figures" in html
    assert "/admin/guide-reports/content-plan/" in html


def test_an_editor_sees_the_report_and_a_visitor_does_not(client, django_user_model):
    editor = django_user_model.objects.create_user("edith", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    assert client.get(REPORT_URL).status_code == 302  # to the admin login
    client.force_login(editor)
    assert client.get(REPORT_URL).status_code == 200
    assert soup(client.get("/admin/")).select_one("#stale-figures-section") is not None


def test_visitors_see_the_same_guide_whether_figures_are_stale_or_not(client, db):
    """Visitors read each figure's date last verified (tests/test_statistics_table.py), never
    whether the editors' threshold counts it as stale."""
    for statistic in Statistic.objects.all():
        verify(statistic, days_ago=100)
    current = render_afresh(client, GUIDE_URL).content
    site_settings = SiteSettings.objects.get()
    site_settings.stale_after_days = 30
    site_settings.save()  # which empties the page cache, its fragments included
    assert Statistic.objects.stale(30).count() == Statistic.objects.count()
    assert GuidePage.objects.get(url_path__endswith=GUIDE_URL).live
    assert render_afresh(client, GUIDE_URL).content == current
    assert b"stale" not in current.lower()
