"""Statistics with less typing: an anchor that fills itself, “Mark verified today” on the
edit screen and as a bulk action in the list, and a chooser that tells similar rows apart."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from guides.models import Statistic
from tests.content import site as content
from tests.factories import SourceFactory, StatisticFactory, build_guide, topic_guide
from tests.fixtures import GUIDE_URL
from tests.html import soup, squeeze, table_rows, text_of

STATISTICS_URL = "/admin/snippets/guides/statistic/"
BULK_URL = "/admin/bulk/guides/statistic/mark_verified/"
CHOOSER_URL = "/admin/snippets/choose/guides/statistic/"
EMPTY_FORM = {"finding": "", "figure": "", "source": "", "caveat": "", "last_verified": ""}


def edit_form(statistic, **changes):
    """The edit form's fields as the screen shows them, with `changes`."""
    data = {
        "finding": statistic.finding,
        "figure": statistic.figure,
        "source": statistic.source_id or "",
        "caveat": statistic.caveat,
        "last_verified": statistic.last_verified.isoformat() if statistic.last_verified else "",
        "anchor": statistic.anchor,
    }
    return {**data, **changes}


def add_statistic(client, **fields):
    response = client.post(f"{STATISTICS_URL}add/", {**EMPTY_FORM, "anchor": "", **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Statistic.objects.latest("pk")


def save(client, statistic, **changes):
    response = client.post(f"{STATISTICS_URL}edit/{statistic.pk}/", edit_form(statistic, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    statistic.refresh_from_db()
    return client.get(response["Location"])


def dashboard_stale_text(client):
    return text_of(soup(client.get("/admin/")).select_one("#stale-figures-section"))


def dashboard_stale_count(client):
    """The number of stale statistics the dashboard's panel states."""
    return int(re.search(r"(\d+) statistics are stale", dashboard_stale_text(client))[1])


@pytest.fixture
def statistic(db):
    """A statistic of the tests' own, never verified yet."""
    return StatisticFactory(finding="Teams that ship every week", figure="39%")


def verified_days_ago(statistic, days):
    statistic.last_verified = timezone.localdate() - datetime.timedelta(days=days)
    statistic.save()


# The anchor


def test_a_statistic_added_without_an_anchor_gets_one_from_its_finding(admin_client):
    statistic = add_statistic(
        admin_client, finding="Teams that shipped a model in 90 days", figure="12 of 13"
    )
    assert statistic.anchor == "teams-that-shipped-a-model-in-90-days"
    edit = soup(admin_client.get(f"{STATISTICS_URL}edit/{statistic.pk}/"))
    assert edit.find("input", attrs={"name": "anchor"})["value"] == statistic.anchor


def test_the_anchor_is_unique_among_statistics(admin_client):
    assert StatisticFactory(finding="Tasks that stall", anchor="").anchor == "tasks-that-stall"
    first = add_statistic(admin_client, finding="Tasks that stall", figure="1 in 2")
    second = add_statistic(admin_client, finding="Tasks that stall", figure="1 in 3")
    assert (first.anchor, second.anchor) == ("tasks-that-stall-2", "tasks-that-stall-3")
    # A finding with nothing to make a slug of still gets an anchor.
    assert add_statistic(admin_client, finding="≈ → %", figure="5%").anchor == "statistic"


def test_a_statistic_made_in_code_gets_an_anchor_too(db):
    assert StatisticFactory(finding="Pilots that reached production", anchor="").anchor == (
        "pilots-that-reached-production"
    )


def test_the_anchor_stays_when_the_finding_changes(admin_client, client):
    anchor = content.STATISTIC_ANCHORS[0]  # a row of the guide's statistics table
    statistic = Statistic.objects.get(anchor=anchor)
    save(admin_client, statistic, finding="Tasks that returned nothing measurable")
    assert statistic.finding == "Tasks that returned nothing measurable"
    assert statistic.anchor == anchor
    row = soup(client.get(GUIDE_URL)).find("tr", id=anchor)
    assert "Tasks that returned nothing measurable" in text_of(row)


def test_an_anchor_the_editor_types_is_kept(admin_client):
    statistic = add_statistic(
        admin_client, finding="Boards asking about AI", figure="2 in 3", anchor="board-asks"
    )
    assert statistic.anchor == "board-asks"


def test_a_copy_gets_its_own_anchor_and_is_not_verified_yet(admin_client):
    original = StatisticFactory(finding="Tasks that stall (≈2× the usual rate)", anchor="stalls")
    verified_days_ago(original, days=3)
    copy_url = f"{STATISTICS_URL}copy/{original.pk}/"
    form = soup(admin_client.get(copy_url))
    assert form.find("input", attrs={"name": "anchor"}).get("value", "") == ""
    assert form.find("input", attrs={"name": "last_verified"}).get("value", "") == ""

    fields = {**edit_form(original), "figure": "1 in 2", "anchor": "", "last_verified": ""}
    assert admin_client.post(copy_url, fields).status_code == 302
    copy = Statistic.objects.get(figure="1 in 2")
    assert copy.anchor == "tasks-that-stall-2-the-usual-rate"
    assert copy.last_verified is None


# Mark verified today: the edit screen


def test_the_edit_screen_offers_mark_verified_today(admin_client, statistic):
    page = soup(admin_client.get(f"{STATISTICS_URL}edit/{statistic.pk}/"))
    panel = page.select_one("[data-verification-panel]")
    assert "Not verified yet." in text_of(panel)
    button = panel.find("button", attrs={"name": "action-mark-verified"})
    assert text_of(button) == "Mark verified today"
    assert button["type"] == "submit"
    assert button.find_parent("form") is not None  # it saves the form around it


def test_mark_verified_today_saves_the_date_the_editor_and_other_changes(
    admin_client, admin_user, statistic
):
    after = save(admin_client, statistic, figure="41%", **{"action-mark-verified": "1"})
    today = timezone.localdate()
    assert (statistic.figure, statistic.last_verified) == ("41%", today)
    assert statistic.verified_by == admin_user
    assert f"Marked verified today, {today:%-d %b %Y}." in text_of(soup(after))

    panel = soup(admin_client.get(f"{STATISTICS_URL}edit/{statistic.pk}/"))
    assert f"Last verified by {admin_user.username}, on {today:%-d %b %Y}." in text_of(
        panel.select_one("[data-verification-panel]")
    )
    history = ModelLogEntry.objects.for_instance(statistic).values_list("action", flat=True)
    assert "guides.mark_verified" in history
    assert "Marked verified today" in text_of(
        soup(admin_client.get(f"{STATISTICS_URL}history/{statistic.pk}/"))
    )


def test_mark_verified_today_overrides_a_date_typed_in_the_same_form(admin_client, statistic):
    save(admin_client, statistic, last_verified="2020-01-01", **{"action-mark-verified": "1"})
    assert statistic.last_verified == timezone.localdate()


def test_a_new_statistic_can_be_marked_verified_as_it_is_added(admin_client, admin_user):
    statistic = add_statistic(
        admin_client,
        finding="Pilots with an owner",
        figure="3 of 10",
        **{"action-mark-verified": "1"},
    )
    assert (statistic.last_verified, statistic.verified_by) == (timezone.localdate(), admin_user)


def test_a_date_typed_by_hand_records_who_typed_it(
    admin_client, admin_user, django_user_model, statistic
):
    save(admin_client, statistic, last_verified="2026-01-15")
    assert (statistic.last_verified, statistic.verified_by) == (
        datetime.date(2026, 1, 15),
        admin_user,
    )

    # Another editor changes the caveat only: who verified the figure stays as it was.
    other = django_user_model.objects.create_superuser("other", "o@example.com", "x")
    admin_client.force_login(other)
    save(admin_client, statistic, caveat="Self-reported.")
    assert statistic.verified_by == admin_user

    # Clearing the date clears the name.
    save(admin_client, statistic, last_verified="")
    assert (statistic.last_verified, statistic.verified_by) == (None, None)


# Mark verified today: the bulk action


def test_the_statistics_list_offers_the_bulk_action(admin_client):
    page = soup(admin_client.get(STATISTICS_URL))
    action = page.find("a", href=lambda href: href and href.startswith(BULK_URL))
    assert action is not None
    assert text_of(action) == "Mark verified today"


def test_the_bulk_action_asks_first_then_records_the_date_and_user(
    admin_client, admin_user, client
):
    stale_before = dashboard_stale_count(admin_client)
    chosen = [StatisticFactory(figure="39%"), StatisticFactory(figure=">80%")]
    StatisticFactory(figure="≈95%")  # stale too, and not chosen
    ids = [("id", statistic.pk) for statistic in chosen]
    assert dashboard_stale_count(admin_client) == stale_before + 3
    client.get(GUIDE_URL)
    assert client.get(GUIDE_URL)["X-Page-Cache"] == "hit"

    confirm = soup(admin_client.get(BULK_URL, [*ids, ("next", STATISTICS_URL)]))
    listed = text_of(confirm.find("main") or confirm)
    assert all(statistic.finding in listed for statistic in chosen)
    assert all(statistic.last_verified is None for statistic in chosen)  # nothing saved yet

    query = "&".join(f"id={statistic.pk}" for statistic in chosen)
    response = admin_client.post(f"{BULK_URL}?{query}&next={STATISTICS_URL}")
    assert response.status_code == 302
    assert response["Location"] == STATISTICS_URL
    listing = admin_client.get(STATISTICS_URL)
    today = timezone.localdate()
    assert f"2 statistics marked verified today, {today:%-d %b %Y}." in text_of(soup(listing))

    for statistic in chosen:
        statistic.refresh_from_db()
        assert (statistic.last_verified, statistic.verified_by) == (today, admin_user)
        assert (
            ModelLogEntry.objects.for_instance(statistic)
            .filter(action="guides.mark_verified", user=admin_user)
            .exists()
        )
    rows = {row["Figure"]: row for row in table_rows(listing, cell=listing_cell)}
    assert rows["39%"]["Stale or current"] == "Current"
    assert rows["≈95%"]["Stale or current"] == "Stale"

    # The dashboard and the report read the new dates at once; the page cache was emptied.
    assert dashboard_stale_count(admin_client) == stale_before + 1
    report = table_rows(admin_client.get("/admin/guide-reports/stale-figures/"))
    figures = [row["Figure"] for row in report]
    assert len(figures) == stale_before + 1
    assert "≈95%" in figures and "39%" not in figures and ">80%" not in figures
    assert client.get(GUIDE_URL).get("X-Page-Cache") != "hit"


def listing_cell(td):
    title = td.select_one(".title-wrapper")
    return text_of(title or td)


def test_an_editor_can_mark_figures_verified_in_bulk(client, django_user_model, statistic):
    editor = django_user_model.objects.create_user("edith", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.post(f"{BULK_URL}?id={statistic.pk}&next={STATISTICS_URL}")
    assert response.status_code == 302
    statistic.refresh_from_db()
    assert statistic.verified_by == editor


def test_a_user_who_may_not_change_statistics_cannot_mark_them(
    client, django_user_model, statistic
):
    readers = Group.objects.create(name="Readers")
    readers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_statistic"),
    )
    reader = django_user_model.objects.create_user("viv", password="x")
    reader.groups.add(readers)
    client.force_login(reader)
    page = soup(client.get(BULK_URL, {"id": statistic.pk, "next": STATISTICS_URL}))
    assert "You can’t change these statistics" in squeeze(page.get_text())
    client.post(f"{BULK_URL}?id={statistic.pk}&next={STATISTICS_URL}")
    statistic.refresh_from_db()
    assert statistic.last_verified is None


# The chooser


def chooser_rows(client, url=CHOOSER_URL, **params):
    """(column headers, rows as {header: text}, the parsed HTML) of the chooser modal, or of
    its results alone (which its search reloads)."""
    response = client.get(url, params)
    assert response.status_code == 200
    html = response.content.decode()
    if url == CHOOSER_URL:
        html = json.loads(html)["html"]
    page = BeautifulSoup(html, "html.parser")
    headers = [text_of(th) for th in page.select("table thead th")]
    rows = [
        dict(zip(headers, (text_of(td) for td in tr.select("td")), strict=False))
        for tr in page.select("table tbody tr")
    ]
    return headers, rows, page


def test_the_chooser_shows_figure_source_date_and_staleness(admin_client, statistic):
    verified_days_ago(statistic, days=3)
    never = StatisticFactory(
        finding="Tasks with no owner", figure="≈95%", source=SourceFactory(publisher="Acme Lab")
    )
    headers, rows, page = chooser_rows(admin_client)
    assert headers == ["Finding", "Figure", "Source", "Date last verified", "Stale or current"]
    assert len(rows) == Statistic.objects.count()  # every statistic, the site's too
    by_figure = {row["Figure"]: row for row in rows}
    row = by_figure[never.figure]
    assert row["Finding"] == "Tasks with no owner"
    assert "Acme Lab" in row["Source"]
    assert (row["Date last verified"], row["Stale or current"]) == ("Never", "Stale")
    checked = by_figure[statistic.figure]
    three_days_ago = timezone.localdate() - datetime.timedelta(days=3)
    assert checked["Date last verified"] == f"{three_days_ago:%-d %b %Y}"
    assert checked["Stale or current"] == "Current"
    # The finding is what the editor clicks to choose the row.
    choices = page.find_all("a", attrs={"data-chooser-modal-choice": True})
    assert "Tasks with no owner" in [text_of(a) for a in choices]


def test_the_chooser_search_keeps_the_columns(admin_client):
    StatisticFactory(finding="Teams reporting an EBIT impact", figure="39%")
    headers, rows, _ = chooser_rows(admin_client, f"{CHOOSER_URL}results/", q="EBIT")
    assert headers[1:] == ["Figure", "Source", "Date last verified", "Stale or current"]
    assert [row["Figure"] for row in rows] == ["39%"]


def test_the_chooser_runs_the_same_queries_for_few_or_many_statistics(admin_client):
    def count():
        with CaptureQueriesContext(connection) as captured:
            chooser_rows(admin_client)
        return len(captured)

    count()
    few = count()
    shown = len(chooser_rows(admin_client)[1])
    build_guide(topic_guide(), slug="more-figures", size=5)
    assert len(chooser_rows(admin_client)[1]) == shown + 5
    assert count() == few
