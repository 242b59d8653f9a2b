"""sqlmap against the contact form stores one lead at most (scripts/sqlmap_contact.py).

The attack that once stored 673 leads in 4 minutes reused one form-start token through a
proxy that rotated IPv6 addresses. Here sqlmap attacks one field of the form four ways
against gunicorn with the production settings (`make sqlmap` attacks every field).
"""

import pytest

from scripts import sqlmap_contact

pytestmark = pytest.mark.slow  # starts gunicorn, and runs sqlmap for a minute or two


def test_sqlmap_stores_at_most_one_lead_for_each_token(site_template, collected_static):
    results = sqlmap_contact.run(
        site_template.copy(),
        parameters="message",
        static_root=collected_static,
        seed=False,
        content="tests.content.site",
    )
    for name, (statuses, stored) in results.items():
        print(f"{name}: {sqlmap_contact.report_line(statuses, stored)}")
        assert sum(statuses.values()) > 20, name  # sqlmap did attack
        assert 500 not in statuses, name
    # One lead at most, from sqlmap's first, untouched post of the form as it was filled in.
    assert all(stored <= 1 for _statuses, stored in results.values()), results
    # From the token's own network, the limit answers all but 5 posts.
    for name in ("one address", "one /64", "fresh tokens"):
        statuses, _stored = results[name]
        assert statuses[429] >= sum(statuses.values()) - 5, name
    # From every other network the token is no good: the form comes back, expired.
    statuses, _stored = results["every /64"]
    assert 429 not in statuses
    assert statuses[200] >= sum(statuses.values()) - 1
