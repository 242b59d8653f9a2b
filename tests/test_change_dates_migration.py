"""A database from before the system kept pages' last-change times gets a sensible one.

guides/migrations/0017 (and pages/0014) give each page what was known: a guide's
editor-set "last updated" day at midnight UTC, but never before the guide's first
publication on that same day; else the page's last publication; nothing for a page never
published. A copy of the tests' site goes back to before them, gets an editor's dates,
then migrates forward in a process of its own, as a deploy does.
"""

import datetime

import pytest

from tests.content import site as content
from tests.site_copies import query
from tests.test_profile_migrations import manage

PAGE = (
    "SELECT id, first_published_at, last_published_at FROM wagtailcore_page WHERE url_path LIKE %s"
)


def moment(value):
    """A datetime as the database returns it (SQLite: text in UTC)."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


def changed_at(url, table, pk):
    sql = f"SELECT content_changed_at FROM {table} WHERE page_ptr_id = %s"  # noqa: S608 (ours)
    [(value,)] = query(url, sql, pk)
    return value and moment(value)


@pytest.mark.slow  # starts Django in a process of its own
def test_existing_pages_get_their_last_change_time_from_what_was_known(site_template):
    url = site_template.copy()
    manage(url, "migrate", "guides", "0016_guide_reviewer")
    manage(url, "migrate", "pages", "0013_every_site_setting_reaches_a_reader")

    [(guide, guide_first, _)] = query(url, PAGE, "%" + content.GUIDE_URL)
    [(topic, topic_first, _)] = query(url, PAGE, "%" + content.TOPIC_URL)
    [(other, _, other_published)] = query(url, PAGE, "%/engagements/")
    [(planned, _, never)] = query(url, PAGE, "%/planned-guide/")
    assert never is None
    later_day = moment(guide_first).date() + datetime.timedelta(days=9)
    set_day = "UPDATE guides_guidepage SET last_updated = %s WHERE page_ptr_id = %s"
    query(url, set_day, later_day.isoformat(), guide)
    query(url, set_day, moment(topic_first).date().isoformat(), topic)

    manage(url, "migrate")
    # A later day: that day, at midnight UTC.
    assert changed_at(url, "guides_guidepage", guide) == datetime.datetime.combine(
        later_day, datetime.time(), datetime.UTC
    )
    # The day it was first published: not before that moment.
    assert changed_at(url, "guides_guidepage", topic) == moment(topic_first)
    # Any other page: its last publication; a draft: nothing yet.
    assert changed_at(url, "pages_standardpage", other) == moment(other_published)
    assert changed_at(url, "guides_guidepage", planned) is None
