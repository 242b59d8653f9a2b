"""A database from before the profile pages keeps its authors and certifications.

guides/migrations/0013-0014 move each Author snippet row into a profile page under the
about page and point every guide (and its revisions) at it; pages/migrations/0011-0012 make
each certification line an entry. Here a copy of the tests' site goes back to before them,
where its author is a snippet again and its certifications are lines, then forward as a
deploy does, with `manage.py migrate` in a process of its own.
"""

import json
import os
import subprocess
import sys

import pytest

from pages.lines import one_per_line
from scripts.prodserver import ROOT
from tests.content import site as content
from tests.site_copies import query

LINKS = [{"type": "link", "value": {"label": "GitHub", "url": "https://github.com/example"}}]


def manage(database_url, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "truvisory.settings.test",
        "DATABASE_URL": database_url,
    }
    env.pop("REDIS_URL", None)
    command = [sys.executable, "manage.py", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def as_json(value):
    return json.loads(value) if isinstance(value, str) else value  # SQLite keeps text


def guide_authors(database_url):
    rows = query(database_url, "SELECT author_id FROM guides_guidepage")
    return {author for (author,) in rows}


@pytest.mark.slow  # starts Django in a process of its own
def test_a_database_from_before_the_profile_pages_keeps_its_author_and_certifications(
    site_template,
):
    url = site_template.copy()
    query(url, "UPDATE guides_profilepage SET profile_links = %s", json.dumps(LINKS))

    # Back to before: the profile page is an Author row again, the about page is gone.
    manage(url, "migrate", "guides", "0012_evidence_page")
    manage(url, "migrate", "pages", "0010_privacy_page_and_contact_email_block")
    authors = query(url, "SELECT id, name, role, bio, credentials FROM guides_author")
    assert [row[1:] for row in authors] == [
        tuple(content.AUTHOR[key] for key in ("name", "role", "bio", "credentials"))
    ]
    assert guide_authors(url) == {authors[0][0]}
    about = "SELECT count(*) FROM wagtailcore_page WHERE url_path LIKE %s"
    assert query(url, about, "%/about/%") == [(0,)]
    lines = "  First line \n\n   \nSecond line\r\n"  # as an editor may have typed them
    query(url, "UPDATE pages_sitesettings SET certification_lines = %s", lines)

    manage(url, "migrate")
    profiles = query(
        url,
        "SELECT id, title, url_path, live, role, bio, credentials, profile_links "
        "FROM guides_profilepage JOIN wagtailcore_page ON id = page_ptr_id",
    )
    assert len(profiles) == 1
    pk, title, url_path, live, role, bio, credentials, links = profiles[0]
    assert (title, url_path, bool(live)) == (
        content.AUTHOR["name"],
        "/home/about/example-author/",
        True,
    )
    assert (role, bio, credentials) == tuple(
        content.AUTHOR[key] for key in ("role", "bio", "credentials")
    )
    assert [link["value"] for link in as_json(links)] == [link["value"] for link in LINKS]
    assert guide_authors(url) == {pk}
    # Every revision of a guide names the page, so publishing a draft keeps the byline.
    revisions = query(
        url,
        "SELECT content FROM wagtailcore_revision WHERE object_id IN "
        "(SELECT CAST(page_ptr_id AS TEXT) FROM guides_guidepage)",
    )
    assert revisions
    assert {as_json(content_)["author"] for (content_,) in revisions} == {pk}
    assert query(url, about, "%/about/") == [(1,)]
    certifications = as_json(query(url, "SELECT certifications FROM pages_sitesettings")[0][0])
    assert [entry["value"] for entry in certifications] == [
        {"text": line, "url": ""} for line in one_per_line(lines)
    ]
    # The page tree is sound: paths, depths and child counts.
    assert manage(url, "fixtree").count("No problems found.") == 2
    # The loader finds the migrated profile and /about/, and makes neither again.
    loaded = manage(url, "load_site_content", "--content", "tests.content.site")
    assert "skipped  /about/ (exists" in loaded
    assert "skipped  /about/example-author/ (exists" in loaded
    assert "created  /about/" not in loaded
