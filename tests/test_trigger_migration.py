"""Stored leads and assessment questions keep their triggers once the `Prompt` enum becomes
editors' rows (pages.Trigger).

guides/migrations/0019 creates the six triggers the enum held, with its labels, in its
order, the pilot called out, on any database that stores a trigger; a stored value that is
none of them gets a row named by itself. A copy of the tests' site goes back to before the
triggers were rows, gets leads as the old form stored them, then migrates forward in a
process of its own, as a deploy does.
"""

import json

import pytest

from tests.site_copies import query
from tests.test_profile_migrations import manage

INSERT = (
    "INSERT INTO pages_contactsubmission (name, email, company, message, prompted_by, consent,"
    " cta_page, landing_page, referrer_host, source, source_kind, utm_source, utm_medium,"
    " utm_campaign, guides_read, triggers, ip_hash, created_at, notification_sent,"
    " notification_attempts, last_error) VALUES (%s, 'ada@example.com', '', 'Hello', %s, TRUE,"
    " '', '', '', '', '', '', '', '', '[]', %s, '', '2026-11-30 10:00:00', TRUE, 1, '')"
)
ENUM = [
    ("roadmap", "An AI feature or product is on the roadmap with no senior technical owner"),
    ("pilot", "A pilot demos well but won’t ship"),
    ("build-vs-buy", "An AI build-vs-buy decision"),
    ("infrastructure", "Data or ML infrastructure choices are looming"),
    ("board", "Board or investor pressure to “have an AI story”"),
    ("governance", "AI governance and risk are starting to surface"),
]
LABEL = dict(ENUM)
SHOW = (
    "from pages.models import ContactSubmission as C\n"
    "for c in C.objects.order_by('name'):\n"
    "    print(f'{c.name}|{c.prompted_by_display()}|{c.triggers_display()}')"
)


def as_list(value):
    return json.loads(value) if isinstance(value, str) else value  # SQLite keeps text


@pytest.mark.slow  # starts Django in a process of its own
def test_stored_leads_and_questions_keep_their_triggers(site_template):
    url = site_template.copy()
    manage(url, "migrate", "pages", "0019_contact_start_token")
    questions = 'SELECT id, "trigger" FROM guides_assessmentquestion ORDER BY id'
    before = query(url, questions)
    assert before
    old = {
        "a from the assessment": ("pilot", ["pilot", "board"]),
        "b something else": ("other", []),
        "c with a value none has": ("governance", ["governance", "retired"]),
    }
    for name, (prompted_by, triggers) in old.items():
        query(url, INSERT, name, prompted_by, json.dumps(triggers))

    manage(url, "migrate")
    rows = query(url, "SELECT value, label, called_out FROM pages_trigger ORDER BY sort_order")
    assert [(value, label, bool(on)) for value, label, on in rows] == [
        *((value, label, value == "pilot") for value, label in ENUM),
        ("retired", "retired", False),
    ]
    stored = query(url, "SELECT name, prompted_by, triggers FROM pages_contactsubmission")
    assert {name: (by, as_list(triggers)) for name, by, triggers in stored} == old
    assert query(url, questions) == before
    shown = manage(url, "shell", "--no-imports", "-c", SHOW).splitlines()
    assert shown == [
        f"a from the assessment|{LABEL['pilot']}|{LABEL['pilot']}; {LABEL['board']}",
        "b something else|Something else|",
        f"c with a value none has|{LABEL['governance']}|{LABEL['governance']}; retired",
    ]
