"""The admin's spreadsheet exports never hand a spreadsheet a formula (pages/exports.py):
the contact submissions, which visitors write, and the stale-figures report, whose cells
editors write (a statistic, its source and the titles of the pages that show it)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from wagtail.models import Page

from guides.models import GuidePage
from pages.models import ContactSubmission
from tests.factories import SourceFactory, StatisticFactory, add_page

PLANTED = {
    "=": '=HYPERLINK("https://evil.example","Open")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3",
    "@": "@SUM(1+1)",
    "tab": "\t=1+1",
    "carriage return": "\r=1+1",
}
STALE_FIGURES_URL = reverse("guides_reports:stale_figures")


def download(client, url, export_format):
    response = client.get(url, {"export": export_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(client, url):
    return list(csv.DictReader(io.StringIO(download(client, url, "csv").decode())))


def xlsx_rows(client, url):
    """Each row as {heading: cell}: openpyxl's cells, which know text from formulas."""
    workbook = openpyxl.load_workbook(io.BytesIO(download(client, url, "xlsx")))
    headings, *rows = workbook.active.iter_rows()
    return [{head.value: cell for head, cell in zip(headings, row, strict=True)} for row in rows]


@pytest.fixture
def planted_submissions(db):
    for planted in PLANTED.values():
        ContactSubmission.objects.create(
            name=planted,
            email="grace@example.com",
            company=planted,
            message=planted,
            prompted_by="other",
            cta_page=planted[:200],
            source=planted[:100],
            utm_campaign=planted[:100],
        )


@pytest.fixture
def planted_statistics(db):
    """Never verified, so stale; each shown on a guide whose title is planted too."""
    guides = GuidePage.objects.get(url_path__endswith="/topic/")
    for name, planted in PLANTED.items():
        statistic = StatisticFactory(figure=planted, finding=planted)
        statistic.source = SourceFactory(publisher=planted, title="")
        statistic.save()
        table = {"caption": "Figures", "statistics": [statistic], "note": ""}
        guide = GuidePage(title="Planted", slug=f"planted-{ord(name[0])}", summary="A test.")
        guide.body = [("statistics_table", table)]
        add_page(guides, guide)
        Page.objects.filter(pk=guide.pk).update(title=planted)


def test_the_contact_export_quotes_every_planted_formula(admin_client, planted_submissions):
    rows = csv_rows(admin_client, reverse("contact_submissions:index"))
    assert len(rows) == len(PLANTED)
    for column in [
        "Name",
        "Company",
        "Message",
        "First came from",
        "Campaign",
        "Call to action on",
    ]:
        assert sorted(row[column] for row in rows) == sorted("'" + p for p in PLANTED.values())


def test_the_stale_figures_export_quotes_every_planted_formula(admin_client, planted_statistics):
    rows = [
        row
        for row in csv_rows(admin_client, STALE_FIGURES_URL)
        if row["Figure"][1:] in PLANTED.values()
    ]
    assert len(rows) == len(PLANTED)
    for row in rows:
        planted = row["Figure"][1:]
        assert row["Figure"] == "'" + planted
        assert row["Finding"] == "'" + planted
        assert row["Source"] == "'" + planted  # a Source prints as its publisher here
        assert row["Shown on"] == "'" + planted


def test_an_ordinary_value_is_exported_as_it_is(admin_client, db):
    ContactSubmission.objects.create(
        name="Ada Lovelace", email="ada@example.com", message="A pilot.", prompted_by="pilot"
    )
    (row,) = csv_rows(admin_client, reverse("contact_submissions:index"))
    assert row["Name"] == "Ada Lovelace"
    assert row["Notification attempts"] == "0"
    statistic = StatisticFactory(figure="12% → 34%", finding="An ordinary finding")
    guide = GuidePage(title="Ordinary figures", slug="ordinary-figures", summary="A test.")
    guide.body = [("statistics_table", {"caption": "F", "statistics": [statistic], "note": ""})]
    add_page(GuidePage.objects.get(url_path__endswith="/topic/"), guide)
    exported = {row["Figure"]: row for row in csv_rows(admin_client, STALE_FIGURES_URL)}
    assert exported["12% → 34%"]["Finding"] == "An ordinary finding"


@pytest.mark.parametrize(
    ("url", "columns"),
    [
        (reverse("contact_submissions:index"), ["Name", "Company", "Message"]),
        (STALE_FIGURES_URL, ["Figure", "Finding", "Source", "Shown on"]),
    ],
)
def test_xlsx_exports_keep_planted_formulas_as_text(
    admin_client, planted_submissions, planted_statistics, url, columns
):
    rows = [
        row for row in xlsx_rows(admin_client, url) if row[columns[0]].value in PLANTED.values()
    ]
    assert len(rows) == len(PLANTED)
    for row in rows:
        for column in columns:
            # Exactly as written, stored as text: a spreadsheet shows it, never runs it.
            assert row[column].data_type == "s", (column, row[column].value)
            assert row[column].value in PLANTED.values()
