"""The privacy page, and the software keeping its seeded statements true.

The page's words are guides/content/privacy.py, the same on the tests' site as on the
client's. Each test here checks one thing the page says against what the site really does,
so that a change to the software that makes the page untrue fails here first.
"""

import datetime
import re
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from guides.content import privacy
from pages import ratelimit
from pages.models import ContactSubmission, SiteSettings, StandardPage
from pages.stream_migrations import ReplaceParagraph
from tests.content import site as content
from tests.factories import build_site
from tests.fixtures import GUIDE_URL
from tests.html import soup, squeeze, text_of
from tests.test_contact import started_token
from tests.test_request_log import json_log

PRIVACY_URL = "/privacy/"
CONTACT_URL = "/contact/"
VISITOR = {
    "name": "Ada Visitor",
    "email": "ada@visitor.example",
    "company": "",
    "prompted_by": "pilot",
    "message": "Where things stand.",
    "consent": "on",
}


@pytest.fixture
def page(client, db):
    return soup(client.get(PRIVACY_URL))


def public_urls():
    """Every address a visitor can reach without signing in: each live page, the routes
    below them, and the machine-readable files."""
    pages = [page.url for page in Page.objects.live().public().specific() if page.url]
    assessment = GUIDE_URL + "assessment/"
    return [
        *pages,
        assessment + "result/",
        assessment + "result/?triggers=nonsense",
        CONTACT_URL + "thanks/",
        "/search/?q=guide",
        "/no-such-page/",
        "/sitemap.xml",
        "/robots.txt",
        "/llms.txt",
        "/feeds/guides/",
    ]


# The page, and where it is linked from


def test_the_privacy_page_is_a_live_standard_page_chosen_in_the_settings(page, db):
    privacy_page = StandardPage.objects.get(url_path__endswith=PRIVACY_URL)
    assert privacy_page.live
    assert SiteSettings.for_default_site().privacy_page.specific == privacy_page
    assert text_of(page.h1) == "Privacy"
    headings = [text_of(h2) for h2 in page.select("main h2")]
    assert headings == [text for kind, text in privacy.BODY if kind == "heading"]


def test_every_page_s_footer_links_the_privacy_page(client, db):
    for url in ["/", GUIDE_URL, "/faq/", CONTACT_URL, "/no-such-page/"]:
        html = BeautifulSoup(client.get(url).content, "html.parser")  # the 404 page too
        link = html.select_one("footer a[href='/privacy/']")
        assert link is not None and text_of(link) == "Privacy", url
    here = soup(client.get(PRIVACY_URL)).select_one("footer a[href='/privacy/']")
    assert here["aria-current"] == "page"


def test_the_consent_box_links_the_privacy_page_and_is_described_by_it(client, db):
    form = soup(client.get(CONTACT_URL)).find("form", class_="contact-form")
    consent = form.find("input", attrs={"name": "consent"})
    help_text = form.find(id=consent["aria-describedby"])
    link = help_text.find("a")
    assert link["href"] == PRIVACY_URL
    assert text_of(link) == (
        "How long we keep them, who can read them, and how to have them deleted"
    )
    # It sits beside the box, after the words it explains.
    assert consent.find_parent(class_="field--checkbox") is help_text.parent


def test_no_link_to_the_privacy_page_while_it_is_not_live(client, db):
    StandardPage.objects.get(url_path__endswith=PRIVACY_URL).unpublish()
    assert client.get(PRIVACY_URL).status_code == 404
    for url in ["/", CONTACT_URL]:
        html = soup(client.get(url))
        assert html.select("a[href='/privacy/']") == [], url
    consent = soup(client.get(CONTACT_URL)).find("input", attrs={"name": "consent"})
    assert not consent.has_attr("aria-describedby")


def test_the_loader_chooses_the_page_once_and_never_again(db):
    settings = SiteSettings.for_default_site()
    settings.privacy_page = None  # an editor cleared the choice
    settings.save()
    build_site()
    assert SiteSettings.for_default_site().privacy_page is None
    # A database seeded before the page existed gets it, chosen.
    StandardPage.objects.get(url_path__endswith=PRIVACY_URL).delete()
    out = StringIO()
    call_command("load_site_content", "--content", "tests.content.site", stdout=out)
    assert "/privacy/ (live)" in out.getvalue()
    chosen = SiteSettings.for_default_site().privacy_page
    assert chosen.url == PRIVACY_URL and chosen.live


# "Reading this site sets no cookie"


def test_no_public_page_sets_a_cookie_but_the_contact_form(db):
    urls = [url for url in public_urls() if url != CONTACT_URL]
    assert len(urls) > 10
    for url in urls:
        response = Client().get(url)
        assert response.status_code in (200, 400, 404), url
        assert not response.cookies, url
        assert "Set-Cookie" not in response, url


def test_the_contact_form_sets_one_cookie_that_lasts_for_the_browser_session(db):
    visitor = Client()
    response = visitor.get(CONTACT_URL)
    assert list(response.cookies) == ["csrftoken"]
    cookie = response.cookies["csrftoken"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a session cookie
    assert cookie["httponly"] is True
    # Sending the message, and its thank-you page, set no other.
    sent = visitor.post(CONTACT_URL, {**VISITOR, "started": started_token()})
    assert sent.status_code == 302
    thanks = visitor.get(sent["Location"])
    assert set(sent.cookies) | set(thanks.cookies) <= {"csrftoken"}


# "Counting visits"


def privacy_text(client):
    return squeeze(text_of(soup(client.get(PRIVACY_URL)).find("main")))


def test_the_page_says_what_the_analytics_count_as_site_settings_say(client, db):
    text = privacy_text(client)
    for statement in [
        "counts visits itself, without a cookie and without storing anything in your browser",
        "its name only, never the page you were on",
        "utm_source, utm_medium and utm_campaign",
        "a random secret made for that day",
        "the old one deleted, so one day’s codes cannot be linked to another day’s",
        "Your IP address and browser name are not stored",
        "They are kept for 395 days, then deleted",
        "Global Privacy Control or Do Not Track",
        "Robots and crawlers are not counted",
    ]:
        assert statement in text
    site_settings = SiteSettings.for_default_site()
    site_settings.analytics_retention_days = 90
    site_settings.save()
    assert "They are kept for 90 days, then deleted" in privacy_text(client)
    site_settings.analytics_endpoint = "https://plausible.example.net/api/event"
    site_settings.save()
    assert "also sent to plausible.example.net, an outside analytics service" in privacy_text(
        client
    )
    site_settings.analytics_enabled = False
    site_settings.analytics_endpoint = ""
    site_settings.save()
    text = privacy_text(client)
    assert "The site does not count visits: no analytics script runs." in text
    assert "random secret" not in text
    # And it is true: no page loads the script.
    assert "analytics.js" not in client.get(GUIDE_URL).content.decode()


def test_no_page_loads_a_script_from_anywhere_else(client, db):
    for url in public_urls():
        html = client.get(url).content.decode()
        sources = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)
        assert [src for src in sources if not src.startswith("/static/")] == [], url


def test_a_seeded_privacy_page_that_said_no_analytics_is_corrected_by_its_migration():
    import importlib

    migration = importlib.import_module("pages.migrations.0016_analytics_settings")
    operation = ReplaceParagraph(migration.NO_ANALYTICS, migration.COUNTED_VISITS)
    edited = {"type": "paragraph", "value": "<p>Our own words.</p>", "id": "b"}
    seeded = [{"type": "paragraph", "value": migration.NO_ANALYTICS, "id": "a"}, edited]
    migrated = operation.apply(seeded)
    assert [child["type"] for child in migrated] == [
        "paragraph",
        "heading",
        "analytics_statement",
        "paragraph",
    ]
    assert migrated[0]["value"] == privacy.BODY[0][1]
    assert migrated[3] == edited
    assert operation.apply([edited]) == [edited]  # an editor's own words stay


def test_a_seeded_privacy_page_that_listed_the_address_hash_is_corrected_by_its_migration():
    import importlib

    migration = importlib.import_module("pages.migrations.0022_no_address_hash")
    now = next(html for kind, html in privacy.BODY if privacy.STORED_LIST in str(html))
    token = next(
        f"<li>{words}</li>"
        for fields, words in privacy.CONTACT_FORM_STORES
        if fields == ("start_token",)
    )
    # As the earlier seed wrote it: the address hash listed before the start token.
    seeded = now.replace(token, migration.ADDRESS_HASH_ITEM + token)
    seeded = seeded.replace(migration.OWN_HASH, migration.SAME_HASH)
    edited = seeded.replace("We keep", "We hold")  # an editor's words around it stay theirs
    heading = {"type": "heading", "value": {"text": "The contact form"}, "id": "c"}
    other = {"type": "paragraph", "value": "<p>Our own words.</p>", "id": "d"}
    stream = [
        {"type": "paragraph", "value": seeded, "id": "a"},
        {"type": "paragraph", "value": edited, "id": "b"},
        heading,
        other,
    ]
    assert migration.ForgetAddressHash().apply(stream) == [
        {"type": "paragraph", "value": now, "id": "a"},
        {"type": "paragraph", "value": now.replace("We keep", "We hold"), "id": "b"},
        heading,
        other,
    ]


# "The self-assessment under a guide stores nothing"


def test_answering_the_self_assessment_writes_nothing(client, db):
    result = GUIDE_URL + "assessment/result/"
    triggers = [question["trigger"] for question in content.ASSESSMENT["questions"]]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(result, {"triggers": triggers})
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert not response.cookies


# What the contact form stores, and who reads it


def test_the_page_lists_exactly_the_fields_a_submission_stores(page):
    stored = {field.name for field in ContactSubmission._meta.concrete_fields} - {"id"}
    listed = [name for fields, _words in privacy.CONTACT_FORM_STORES for name in fields]
    assert sorted(listed) == sorted(stored)  # each once, and none left out
    items = [text_of(li) for li in page.select("main .prose li")]
    assert items == [squeeze(words) for _fields, words in privacy.CONTACT_FORM_STORES]


def test_a_lead_keeps_neither_the_address_nor_its_hash(db):
    """The rate limit counts posts under a keyed hash of the address, in the cache only."""
    data = {**VISITOR, "started": started_token("192.0.2.77")}
    Client().post(CONTACT_URL, data, REMOTE_ADDR="192.0.2.77")
    submission = ContactSubmission.objects.get(email=VISITOR["email"])
    stored = [str(getattr(submission, f.name)) for f in ContactSubmission._meta.concrete_fields]
    for kept in ("192.0.2.77", ratelimit.address_hash("192.0.2.77")):
        assert not any(kept in value for value in stored)


def test_editors_and_moderators_read_moderators_delete_and_nobody_changes(db, django_user_model):
    """“Editors or moderators, and its administrators, can read the messages … Moderators
    and administrators can delete one; nobody can change one.”"""
    policy = policy_registry.get_by_type(ContactSubmission)
    assert isinstance(policy, ModelPermissionPolicy)

    def user_in(group):
        user = django_user_model.objects.create_user(f"{group or 'nobody'}-user")
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    admin = django_user_model.objects.create_superuser("administrator")
    rights = {
        name: {
            action
            for action in ("view", "delete", "add", "change")
            if policy.user_has_permission(user, action)
        }
        for name, user in [
            ("Editors", user_in("Editors")),
            ("Moderators", user_in("Moderators")),
            ("administrator", admin),
            ("anyone else", user_in(None)),
        ]
    }
    assert rights == {
        "Editors": {"view"},
        "Moderators": {"view", "delete"},
        "administrator": {"view", "delete"},
        "anyone else": set(),
    }


def test_the_site_deletes_no_submission_by_itself(db, task_queue):
    """“A message is kept until someone deletes it”: the scheduled commands (all but the
    link check, which only reads sources' links) leave a ten-year-old one where it is."""
    old = ContactSubmission.objects.create(
        name="Old",
        email="old@visitor.example",
        message="Long ago.",
        prompted_by="other",
        notification_sent=True,
    )
    ContactSubmission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3650)
    )
    for command in ["publish_scheduled", "resend_notifications", "prune_db_task_results"]:
        call_command(command, stdout=StringIO(), stderr=StringIO())
    assert ContactSubmission.objects.filter(pk=old.pk).exists()


# "To see what we hold about you, or to have it deleted, write to …"


def test_the_deletion_line_ends_with_the_contact_email_of_the_settings(client, db):
    settings = SiteSettings.for_default_site()
    settings.contact_email = "privacy@firm.example"
    settings.save()
    main = soup(client.get(PRIVACY_URL)).find("main")
    link = main.find("a", href="mailto:privacy@firm.example")
    assert text_of(link.parent) == (
        "To see what we hold about you, or to have it deleted, write to privacy@firm.example."
    )
    settings.contact_email = "another@firm.example"
    settings.save()
    main = soup(client.get(PRIVACY_URL)).find("main")
    assert "privacy@firm.example" not in main.decode()
    assert main.find("a", href="mailto:another@firm.example")


def test_without_a_contact_email_it_ends_with_the_contact_form(client, db):
    assert SiteSettings.for_default_site().contact_email == ""
    main = soup(client.get(PRIVACY_URL)).find("main")
    link = main.find("a", string="the contact form")
    assert link["href"] == "/contact/"
    assert text_of(link.parent).endswith("write to us through the contact form.")
    copy = client.get(PRIVACY_URL + "index.html.md").content.decode()
    assert "write to us through [the contact form](" in copy


# "The time, the address of the page without anything after a question mark, the
# answer's status, how long it took, and your IP address"


def test_the_request_log_records_what_the_page_says_and_no_query(client, db):
    with json_log("truvisory.request") as lines:
        client.get("/search/?q=something+private", REMOTE_ADDR="192.0.2.44")
    [line] = lines
    assert line["path"] == "/search/"
    assert line["client"] == "192.0.2.44"
    assert {"time", "method", "status", "duration_ms"} <= set(line)
    assert "private" not in str(line)
