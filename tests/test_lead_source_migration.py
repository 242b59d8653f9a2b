"""Old leads keep where they came from once `origin` (the slug from `?from=`) becomes
`cta_page` (the address of the page whose call to action was clicked).

pages/migrations/0017 turns each slug into the address of the site's page with that slug
("home" into "/"), and keeps a value no page has as it was. A copy of the tests' site goes
back to before it, gets leads as the old form stored them, then migrates forward in a
process of its own, as a deploy does.
"""

import json

import pytest

from tests.content import site as content
from tests.site_copies import query
from tests.test_profile_migrations import manage

INSERT = (
    "INSERT INTO pages_contactsubmission (name, email, company, message, prompted_by, consent,"
    " origin, triggers, ip_hash, created_at, notification_sent, notification_attempts,"
    " last_error) VALUES (%s, 'ada@example.com', '', 'Hello', 'pilot', TRUE, %s, '[]', '',"
    " '2026-11-30 10:00:00', TRUE, 1, '')"
)
STORED = "SELECT name, cta_page, landing_page, source, guides_read FROM pages_contactsubmission"


@pytest.mark.slow  # starts Django in a process of its own
def test_old_leads_keep_their_origin_as_the_pages_address(site_template):
    url = site_template.copy()
    manage(url, "migrate", "pages", "0016_analytics_settings")
    guide_slug = content.GUIDE_URL.rstrip("/").rsplit("/", 1)[-1]
    old = {
        "from a guide": guide_slug,
        "from home": "home",
        "from the assessment": "assessment",
        "from a page since deleted": "gone-page",
        "unknown": "unknown",
        "without": "",
    }
    for name, origin in old.items():
        query(url, INSERT, name, origin)

    manage(url, "migrate")
    rows = {name: rest for name, *rest in query(url, STORED)}
    assert {name: cta_page for name, (cta_page, *_) in rows.items()} == {
        "from a guide": content.GUIDE_URL,
        "from home": "/",
        "from the assessment": content.GUIDE_URL + "assessment/",
        "from a page since deleted": "gone-page",
        "unknown": "unknown",
        "without": "",
    }
    # Nothing is made up about where the old leads' visits began.
    for _cta_page, landing_page, source, guides_read in rows.values():
        assert (landing_page, source) == ("", "")
        # Text on SQLite, a list on PostgreSQL.
        assert (json.loads(guides_read) if isinstance(guides_read, str) else guides_read) == []
