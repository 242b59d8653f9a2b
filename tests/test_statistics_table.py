"""Every field of a statistic reaches its reader: each row of a guide's statistics table
shows the statistic's caveat, its source's note on method, when it was last verified (or
that it was not yet) and a permalink to the row, and the guide's markdown copy carries the
same."""

import datetime

import pytest

from guides.models import GuidePage
from tests.content import site as content
from tests.fixtures import GUIDE_URL
from tests.html import soup, text_of

SITE = "https://localhost"


def guide_statistics():
    """The statistics of the tests' guide's table, in its order."""
    guide = GuidePage.objects.get(url_path__endswith=GUIDE_URL)
    return list(guide.body.first_block_by_name("statistics_table").value["statistics"])


def with_caveat_and_date(statistic):
    statistic.caveat = "Counts tasks, not teams."
    statistic.last_verified = datetime.date(2026, 3, 3)
    statistic.save()
    return statistic


@pytest.fixture
def checked_statistic(db):
    """The guide's first statistic, with a caveat and a date last verified."""
    return with_caveat_and_date(guide_statistics()[0])


def test_every_row_shows_its_caveat_method_note_verified_state_and_permalink(
    client, checked_statistic
):
    rows = soup(client.get(GUIDE_URL)).select("figure.stats tbody tr")
    statistics = guide_statistics()
    assert [row["id"] for row in rows] == [s.anchor for s in statistics]
    assert [s.anchor for s in statistics] == content.STATISTIC_ANCHORS
    for row, statistic in zip(rows, statistics, strict=True):
        finding, figure, source = row.th, *row.find_all("td")
        permalink = figure.select_one("a.stats__permalink")
        assert permalink["href"] == f"#{row['id']}"
        assert text_of(permalink) == "Link to this figure"
        details = [text_of(node) for node in row.select(".stats__detail")]
        if statistic.caveat:
            assert text_of(finding) == f"{statistic.finding} Caveat: {statistic.caveat}"
        else:
            assert not any(detail.startswith("Caveat") for detail in details)
        if statistic.last_verified:
            assert "Verified 3 Mar 2026" in details
            assert figure.time["datetime"] == "2026-03-03"
        else:
            assert "Not yet verified" in details
        note = statistic.source.method_note
        if note:
            assert text_of(source).endswith(f"Method: {note}")
        else:
            assert "Method:" not in text_of(source)
    # The tests' site has both kinds of source, and now both kinds of statistic.
    assert {bool(s.source.method_note) for s in statistics} == {True, False}
    assert {bool(s.last_verified) for s in statistics} == {True, False}


def test_the_markdown_copy_carries_the_same_facts(client, checked_statistic):
    body = client.get(GUIDE_URL + "index.html.md").content.decode()
    row = next(
        line for line in body.splitlines() if line.startswith(f"| {checked_statistic.finding}")
    )
    assert f"Caveat: {checked_statistic.caveat}" in row
    assert "Verified 3 Mar 2026" in row
    assert f"Method: {checked_statistic.source.method_note}" in row
    assert f"({SITE}{GUIDE_URL}#{checked_statistic.anchor})" in row
