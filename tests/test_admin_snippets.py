"""The guide snippets in the admin: one menu, list columns, filters, search, ordering, usage."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guides.models import GuidePage, Statistic
from tests.content import site as content
from tests.factories import SourceFactory, StatisticFactory, build_guide
from tests.html import soup, table_rows, text_of

STATISTICS_URL = "/admin/snippets/guides/statistic/"


def stored_figures():
    """The figures the session's site stores: the guide's table of figures."""
    return set(Statistic.objects.values_list("figure", flat=True))


def a_used_statistic(guide):
    """One of the statistics the example guide's table shows (the site stores no others)."""
    statistic = Statistic.objects.order_by("pk").first()
    return statistic


def cell_text(td):
    """A cell as an editor reads it; a title cell without its action menu."""
    title = td.select_one(".title-wrapper")
    return text_of(title or td)


def rows(response):
    return table_rows(response, cell=cell_text)


def figures(response):
    return {row["Figure"] for row in rows(response)}


def test_the_guide_content_menu_groups_statistics_and_sources(admin_client):
    page = soup(admin_client.get("/admin/"))
    menu = str(page)
    assert "Guide content" in menu
    for label, url in [
        ("Statistics", STATISTICS_URL),
        ("Sources", "/admin/snippets/guides/source/"),
    ]:
        assert label in menu
        assert admin_client.get(url).status_code == 200


def test_statistics_list_shows_figure_source_date_staleness_and_pages(admin_client, guide):
    statistic = a_used_statistic(guide)
    listing = rows(admin_client.get(STATISTICS_URL))
    assert {row["Figure"] for row in listing} == stored_figures()
    assert len(listing) == len(content.STATISTIC_ANCHORS)
    row = next(row for row in listing if row["Figure"] == statistic.figure)
    assert row["Finding"] == statistic.finding
    assert statistic.source.publisher in row["Source"]
    assert row["Date last verified"] == "Never"
    assert row["Stale or current"] == "Stale"
    assert row["Used on"] == "1 page"


def test_the_figure_links_to_its_editor(admin_client, guide):
    statistic = a_used_statistic(guide)
    page = soup(admin_client.get(STATISTICS_URL))
    link = next(a for a in page.select(".title-wrapper a") if text_of(a) == statistic.figure)
    assert link["href"] == f"{STATISTICS_URL}edit/{statistic.pk}/"


def test_stale_filter_uses_the_threshold_in_site_settings(admin_client, guide):
    statistic = a_used_statistic(guide)
    figure = statistic.figure
    statistic.last_verified = timezone.localdate() - datetime.timedelta(days=30)
    statistic.save()

    assert figures(admin_client.get(STATISTICS_URL, {"stale": "current"})) == {figure}
    assert figures(admin_client.get(STATISTICS_URL, {"stale": "stale"})) == stored_figures() - {
        figure
    }
    row = next(row for row in rows(admin_client.get(STATISTICS_URL)) if row["Figure"] == figure)
    assert row["Stale or current"] == "Current"

    from pages.models import SiteSettings

    site_settings = SiteSettings.for_default_site()
    site_settings.stale_after_days = 10
    site_settings.save()
    assert figures(admin_client.get(STATISTICS_URL, {"stale": "current"})) == set()


def test_source_filter_search_and_ordering(admin_client):
    source = SourceFactory(publisher="Filter Test Institute")
    StatisticFactory(figure="12 of 13", finding="Teams that shipped", source=source)

    assert figures(admin_client.get(STATISTICS_URL, {"source": source.pk})) == {"12 of 13"}
    assert figures(admin_client.get(STATISTICS_URL, {"q": "shipped"})) == {"12 of 13"}
    assert figures(admin_client.get(STATISTICS_URL, {"q": "Filter Test"})) == {"12 of 13"}

    by_usage = [
        row["Figure"] for row in rows(admin_client.get(STATISTICS_URL, {"ordering": "usage_count"}))
    ]
    assert by_usage[0] == "12 of 13"  # used on no page
    by_figure = [
        row["Figure"] for row in rows(admin_client.get(STATISTICS_URL, {"ordering": "-figure"}))
    ]
    assert by_figure == sorted(by_figure, reverse=True)


def test_the_list_runs_the_same_queries_for_few_or_many_statistics(admin_client):
    topic = GuidePage.objects.get(url_path__endswith="/topic/")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(STATISTICS_URL).status_code == 200
        return len(captured)

    count()
    few = count()
    before = len(rows(admin_client.get(STATISTICS_URL)))
    build_guide(topic, slug="many-figures", size=10)
    many = count()
    assert len(rows(admin_client.get(STATISTICS_URL))) == before + 10
    assert many == few


@pytest.mark.parametrize("path", ["edit", "usage"])
def test_a_statistics_editor_and_usage_screen_show_where_it_is_used(admin_client, guide, path):
    statistic = a_used_statistic(guide)
    response = admin_client.get(f"{STATISTICS_URL}{path}/{statistic.pk}/")
    page = soup(response)
    assert guide.title in text_of(page)
    if path == "edit":
        panel = page.select_one("[data-usage-panel]")
        assert "Shown on 1 page" in text_of(panel)
        assert panel.find("a", href=f"/admin/pages/{guide.pk}/edit/")
        assert panel.find("a", href=f"{STATISTICS_URL}usage/{statistic.pk}/")


def test_an_unused_statistic_says_so(admin_client):
    statistic = StatisticFactory()
    page = soup(admin_client.get(f"{STATISTICS_URL}edit/{statistic.pk}/"))
    assert "No page shows this yet." in text_of(page.select_one("[data-usage-panel]"))


def test_sources_list_shows_the_link_check_and_usage(admin_client):
    listing = rows(admin_client.get("/admin/snippets/guides/source/"))
    assert listing
    assert all(row["Link check"] == "Not checked yet" for row in listing)
    assert all(row["Used by"] for row in listing)


SOURCES_URL = "/admin/snippets/guides/source/"


def used_by(response):
    """{publisher: its “Used by” text} in the sources' listing."""
    return {row["Publisher"]: row["Used by"] for row in rows(response)}


def test_used_by_names_the_pages_linked_to_their_editors_and_counts_the_statistics(
    admin_client, guide
):
    response = admin_client.get(SOURCES_URL)
    title = guide.get_admin_display_title()
    short = title[:39].rstrip(" ,:;") + "…"
    assert used_by(response)["Example Institute"] == f"the page ‘{short}’ and 1 statistic"
    assert used_by(response)["Example Trial"] == f"the page ‘{short}’"
    links = soup(response).select(f'table td a[href="/admin/pages/{guide.pk}/edit/"]')
    assert links and all(link["title"] == title for link in links)

    # No statistic and no page; then two statistics and no page.
    SourceFactory(publisher="Unused Bureau")
    StatisticFactory.create_batch(2, source=SourceFactory(publisher="Twice Counted"))
    listing = used_by(admin_client.get(SOURCES_URL))
    assert listing["Unused Bureau"] == "Nothing yet"
    assert listing["Twice Counted"] == "2 statistics"
