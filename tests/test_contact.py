"""The contact form: validation, spam defences, a real SMTP server, and a flood."""

import csv
import io
import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pages import form_token
from pages.models import ContactPage, ContactSubmission, SiteSettings, Trigger
from pages.ratelimit import network_of
from scripts.prodserver import free_port
from tests.html import soup, text_of
from tests.mail import Inbox, SmtpServer, use_smtp

CONTACT_URL = "/contact/"
TEAM = "team@truvisory.test"
VISITOR = {
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "company": "Analytical Engines Ltd",
    "prompted_by": "pilot",
    "message": "Our support-bot pilot demos well but will not ship.",
    "consent": "on",
}
# What static/js/visit.js puts in the hidden fields after a visit that began at a guide,
# linked from ChatGPT with a campaign, and read two guides.
VISIT = {
    "landing_page": "/guides/topic/example-guide/",
    "referrer": "https://chatgpt.com/",
    "utm_source": "newsletter",
    "utm_medium": "email",
    "utm_campaign": "spring 2026",
    "guides_read": "/guides/topic/example-guide/ /guides/topic/",
    "cta_page": "/guides/topic/example-guide/",
}


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback."""
    server = SmtpServer(Inbox())
    use_smtp(settings, server.port)
    settings.CONTACT_NOTIFY_EMAIL = TEAM
    yield server.inbox
    server.stop()


@pytest.fixture
def refusing_smtp(settings):
    """An SMTP address where nothing listens, so every connection is refused."""
    use_smtp(settings, free_port())
    settings.CONTACT_NOTIFY_EMAIL = TEAM


def started_token(address="127.0.0.1", started=None):
    """The start token of a form shown to `address` (by default the test client's own), now
    or at `started`."""
    return form_token.make(network_of(address), started)


def send(client=None, address="192.0.2.10", **changes):
    data = {**VISITOR, "started": started_token(address), **changes}
    return (client or Client()).post(CONTACT_URL, data, REMOTE_ADDR=address)


def test_form_offers_the_guides_triggers_and_hidden_fields_for_the_visit(client, db, guide):
    # The guide's call to action leads to the form's one address; the browser remembers
    # the guide, marked as one for the script that does.
    guide_page = soup(client.get(guide.url))
    assert guide_page.find("a", class_="button", href="/contact/")
    assert guide_page.body.has_attr("data-guide")
    script = guide_page.find("script", src="/static/js/visit.js")
    assert script.has_attr("defer")
    assert script["data-contact"] == "/contact/"

    response = client.get(CONTACT_URL)
    page = soup(response)
    assert "no-store" in response["Cache-Control"]
    form = page.find("form", class_="contact-form")
    assert form["method"] == "post"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert form.has_attr("data-visit")
    for name in VISIT:
        hidden = form.find("input", attrs={"name": name})
        assert hidden["type"] == "hidden" and not hidden.get("value"), name
    for name in ("name", "email", "company", "message", "consent"):
        field = form.find(attrs={"name": name})
        assert form.find("label", attrs={"for": field["id"]}), name
    legend = text_of(form.find("legend"))
    assert legend == "What prompted you to get in touch?"
    choices = [text_of(label) for label in form.find("fieldset").find_all("label")]
    assert choices == [*(trigger.label for trigger in Trigger.objects.all()), "Something else"]
    # The honeypot is hidden from people without any stylesheet.
    honeypot = form.find("input", attrs={"name": "website"})
    assert honeypot.find_parent("div", attrs={"hidden": True})


def test_submission_is_stored_then_emailed_then_thanked(db, smtp_server):
    response = send(address="198.51.100.4", **VISIT)
    assert response.status_code == 302
    assert response["Location"] == "/contact/thanks/"

    submission = ContactSubmission.objects.get()
    assert submission.name == "Ada Lovelace"
    assert submission.email == "ada@example.com"
    assert submission.company == "Analytical Engines Ltd"
    assert submission.prompted_by == "pilot"
    assert submission.consent is True
    assert submission.landing_page == "/guides/topic/example-guide/"
    assert submission.referrer_host == "chatgpt.com"
    assert (submission.source, submission.source_kind) == ("ChatGPT", "ai")
    assert submission.campaign_display() == "newsletter / email / spring 2026"
    assert submission.guides_read == ["/guides/topic/example-guide/", "/guides/topic/"]
    assert submission.cta_page == "/guides/topic/example-guide/"
    assert submission.notification_sent is True
    assert submission.notification_attempts == 1
    assert submission.last_error == ""

    [message] = smtp_server.messages
    assert message["To"] == TEAM
    assert message["Reply-To"] == "ada@example.com"
    assert message["Subject"] == "Website enquiry from Ada Lovelace"
    body = message.get_payload(decode=True).decode()
    assert "will not ship" in body
    assert (
        "First came from: ChatGPT (AI assistant) via https://chatgpt.com/ · "
        "Landed on: /guides/topic/example-guide/ · "
        "Campaign: newsletter / email / spring 2026 · "
        "Read: /guides/topic/example-guide/, /guides/topic/ · "
        "Call to action on: /guides/topic/example-guide/"
    ) in body
    assert f"/contact_submissions/inspect/{submission.pk}/" in body

    thanks = Client().get(response["Location"])
    page = soup(thanks)
    assert "Your message has been received" in text_of(page.find("main"))
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert "private" in thanks["Cache-Control"]


def test_a_refused_email_keeps_the_lead_and_resend_delivers_it(db, settings, refusing_smtp):
    response = send()
    assert response.status_code == 302
    submission = ContactSubmission.objects.get()
    assert submission.notification_sent is False
    assert submission.notification_attempts == 1
    assert "ConnectionRefusedError" in submission.last_error

    # Still refused: the command says so, and fails so that cron notices.
    output = io.StringIO()
    with pytest.raises(CommandError, match="1 notification"):
        call_command("resend_notifications", stdout=output)
    assert f"[1/1] submission {submission.pk}: failed" in output.getvalue()

    server = SmtpServer(Inbox())
    try:
        settings.EMAIL_PORT = server.port
        output = io.StringIO()
        call_command("resend_notifications", stdout=output)
    finally:
        server.stop()
    inbox = server.inbox
    assert f"[1/1] submission {submission.pk}: sent" in output.getvalue()
    assert "1 of 1 notifications sent." in output.getvalue()
    submission.refresh_from_db()
    assert submission.notification_sent is True
    assert submission.notification_attempts == 3
    assert submission.last_error == ""
    assert len(inbox.messages) == 1


def test_with_no_address_to_notify_the_lead_is_still_kept(db, settings):
    settings.CONTACT_NOTIFY_EMAIL = ""
    SiteSettings.objects.update(contact_email="")
    assert send().status_code == 302
    submission = ContactSubmission.objects.get()
    assert submission.notification_sent is False
    assert "no address to notify" in submission.last_error


HOSTILE = {
    "landing_page": [
        "x" * 201,
        "/guides/\x00",
        "https://evil.example/",
        "//evil.example/",
        "/<script>",
    ],
    "cta_page": ["/" + "a" * 300, "javascript:alert(1)", "\x1b[31m"],
    "referrer": ["javascript:alert(1)", "https://exa mple.com/", "x" * 5000, "https://[::1/"],
    "utm_campaign": ['=HYPERLINK("https://evil.example")', "a" * 101, "spring\x00"],
}


@pytest.mark.parametrize(
    ("field", "bad"), [(field, bad) for field, values in HOSTILE.items() for bad in values]
)
def test_a_hostile_visit_value_is_stored_as_unknown_and_the_lead_is_kept(db, field, bad):
    response = send(**{**VISIT, field: bad})
    assert response.status_code == 302
    submission = ContactSubmission.objects.get()
    stored = {"referrer": submission.referrer_host}.get(field, getattr(submission, field, None))
    assert stored == "unknown"
    if field == "referrer":
        assert (submission.source, submission.source_kind) == ("unknown", "direct")


def test_guides_read_keep_the_last_ten_addresses_and_drop_junk(db):
    paths = [f"/guides/g{n}/" for n in range(30)]
    junk = ["<b>", "https://evil.example/", "x" * 300]
    assert send(guides_read=" ".join([*junk, *paths, paths[25]])).status_code == 302
    # Read again, a guide moves to the end.
    assert ContactSubmission.objects.get().guides_read == [*paths[20:25], *paths[26:], paths[25]]


def test_without_javascript_the_lead_arrives_with_no_source(db):
    """The browser sent no hidden values: nothing is known, and nothing is made up."""
    assert send().status_code == 302
    submission = ContactSubmission.objects.get()
    assert (submission.source, submission.source_kind, submission.landing_page) == ("", "", "")
    assert submission.guides_read == [] and submission.first_touch_display() == "Not known"


def test_a_visit_with_no_referrer_came_direct(db):
    assert send(**{**VISIT, "referrer": ""}).status_code == 302
    submission = ContactSubmission.objects.get()
    assert (submission.source, submission.source_kind) == ("Direct", "direct")
    assert submission.first_touch_display() == "Direct"


UNTYPED = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    visit=st.fixed_dictionaries({name: UNTYPED for name in VISIT}),
    website=st.one_of(st.just(""), UNTYPED),
    triggers=st.lists(st.one_of(st.sampled_from(["pilot", "board"]), UNTYPED), max_size=8),
)
@example(visit={"landing_page": "x" * 101}, website="", triggers=[])
@example(visit={"referrer": "https://\x00/"}, website="", triggers=["pilot\x00"])
@example(visit={}, website="\x00", triggers=[])
def test_no_field_the_visitor_did_not_type_ever_stops_a_submission(
    db, settings, visit, website, triggers
):
    settings.CONTACT_RATE_LIMIT = 10**6
    before = ContactSubmission.objects.count()
    response = send(website=website, triggers=triggers, **visit)
    assert response.status_code == 302
    kept = ContactSubmission.objects.count() - before
    # A filled honeypot is thanked and dropped; anything else is a stored lead, with only
    # the triggers it knows.
    assert kept == (0 if website.strip() else 1)
    if kept:
        stored = ContactSubmission.objects.order_by("-pk").first().triggers
        assert stored == [t.value for t in Trigger.objects.all() if t.value in triggers]


def test_a_post_larger_than_any_message_gets_a_clear_413(db, settings):
    response = send(message="x" * (settings.CONTACT_MAX_BODY_BYTES + 1))
    assert response.status_code == 413
    page = BeautifulSoup(response.content, "html.parser")
    assert text_of(page.find("h1")) == "Message too long"
    assert "up to 5,000 characters" in text_of(page.find("main"))
    assert page.find("a", href=CONTACT_URL)
    assert ContactSubmission.objects.count() == 0


def test_the_longest_message_the_form_takes_still_fits(db, settings):
    # 5,000 four-byte characters, percent-encoded, with every other field at its longest.
    longest = {
        "name": "N" * 200,
        "company": "C" * 200,
        "email": ("e" * 64) + "@" + ("d" * 60) + ".example",
        "message": "🚀" * 5000,
    }
    response = send(**longest)
    assert response.status_code == 302
    assert ContactSubmission.objects.get().message == "🚀" * 5000


def test_errors_sit_beside_each_field_and_the_form_keeps_what_was_typed(db):
    response = send(email="not-an-email", prompted_by="", consent="", message="Kept text <b>")
    page = soup(response)
    assert ContactSubmission.objects.count() == 0
    assert page.title.string.startswith("Error:")
    summary = page.find(class_="error-summary")
    assert summary.find("a", href="#id_email")

    email_input = page.find("input", attrs={"name": "email"})
    assert email_input["value"] == "not-an-email"
    assert email_input["aria-invalid"] == "true"
    error = page.find(id=email_input["aria-describedby"].split()[-1])
    assert "Enter an email address like name@example.com." in text_of(error)

    fieldset = page.find("fieldset")
    error = page.find(id=fieldset["aria-describedby"])
    assert "Choose what prompted you" in text_of(error)

    consent = page.find("input", attrs={"name": "consent"})
    helped_by, error_id = consent["aria-describedby"].split()
    assert "Tick the box" in text_of(page.find(id=error_id))
    assert "How long we keep them" in text_of(page.find(id=helped_by))

    assert page.find("input", attrs={"name": "name"})["value"] == "Ada Lovelace"
    assert page.find("textarea", attrs={"name": "message"}).string.strip() == "Kept text <b>"
    assert "Kept text &lt;b&gt;" in response.content.decode()


def test_a_filled_honeypot_is_thanked_but_not_kept(db, smtp_server):
    response = send(website="https://spam.example")
    assert response.status_code == 302
    assert ContactSubmission.objects.count() == 0
    assert smtp_server.messages == []


@pytest.mark.parametrize("token", ["fast", "forged", "missing"])
def test_a_form_sent_too_fast_or_without_a_genuine_start_time_is_refused(db, settings, token):
    settings.CONTACT_MIN_FILL_SECONDS = 60
    started = {"fast": started_token("192.0.2.10"), "forged": "1700000000.0:forged", "missing": ""}[
        token
    ]
    response = send(started=started)
    page = soup(response)
    assert ContactSubmission.objects.count() == 0
    assert "quicker than we expect" in text_of(page.find(class_="error-summary"))
    assert page.find("input", attrs={"name": "name"})["value"] == "Ada Lovelace"
    # The form that comes back carries a genuine start time, so sending it again works.
    settings.CONTACT_MIN_FILL_SECONDS = 0
    resent = page.find("input", attrs={"name": "started"})["value"]
    assert send(started=resent).status_code == 302


def form_errors(response):
    return text_of(soup(response).find(class_="error-summary"))


def started_on(response):
    return soup(response).find("input", attrs={"name": "started"})["value"]


def test_a_replayed_post_stores_no_second_lead(db, smtp_server):
    data = {**VISITOR, "started": started_token("192.0.2.10")}
    assert Client().post(CONTACT_URL, data, REMOTE_ADDR="192.0.2.10").status_code == 302
    replayed = Client().post(CONTACT_URL, data, REMOTE_ADDR="192.0.2.10")
    assert form_errors(replayed).startswith("We already have this message This form was sent")
    assert soup(replayed).find("input", attrs={"name": "name"})["value"] == "Ada Lovelace"
    assert ContactSubmission.objects.count() == 1
    assert len(smtp_server.messages) == 1
    # The form that comes back has a token of its own: a person may still send another.
    fresh = started_on(replayed)
    assert fresh != data["started"]
    assert send(address="192.0.2.10", started=fresh).status_code == 302
    assert ContactSubmission.objects.count() == 2


def test_an_expired_form_comes_back_filled_in_and_can_be_sent_at_once(db, settings):
    settings.CONTACT_MIN_FILL_SECONDS = 60
    shown = time.time() - settings.CONTACT_FORM_MAX_AGE - 1
    response = send(started=started_token("192.0.2.10", started=shown))
    assert "This form has expired; please send it again." in form_errors(response)
    page = soup(response)
    assert page.find("input", attrs={"name": "name"})["value"] == "Ada Lovelace"
    assert page.find("textarea", attrs={"name": "message"}).string.strip() == VISITOR["message"]
    assert ContactSubmission.objects.count() == 0
    # Filled in already: no need to wait the minimum time again.
    assert send(started=started_on(response)).status_code == 302

    # Just within the hour is fine.
    settings.CONTACT_MIN_FILL_SECONDS = 0
    shown = time.time() - settings.CONTACT_FORM_MAX_AGE + 30
    assert send(started=started_token("192.0.2.10", started=shown)).status_code == 302


@pytest.mark.parametrize(
    ("shown_to", "sent_from", "accepted"),
    [
        ("192.0.2.10", "192.0.2.10", True),
        ("192.0.2.10", "192.0.2.11", False),
        ("2001:db8:1:2::10", "2001:db8:1:2:ffff::99", True),  # the same /64
        ("2001:db8:1:2::10", "2001:db8:1:3::10", False),
        ("::ffff:192.0.2.10", "192.0.2.10", True),
    ],
)
def test_a_form_is_bound_to_the_network_it_was_shown_to(db, shown_to, sent_from, accepted):
    response = send(address=sent_from, started=started_token(shown_to))
    if accepted:
        assert response.status_code == 302
    else:
        assert "This form has expired; please send it again." in form_errors(response)
        # Sent again from where it is now, it goes through.
        assert send(address=sent_from, started=started_on(response)).status_code == 302
    assert ContactSubmission.objects.count() == 1


def test_the_addresses_of_one_ipv6_64_share_the_contact_limit(db):
    # A new address for every post, all in one /64, as a rotating proxy sends them.
    statuses = [send(address=f"2001:db8:aa:1::{n:x}").status_code for n in range(1, 8)]
    assert statuses == [302] * 5 + [429] * 2
    assert ContactSubmission.objects.count() == 5
    # Another /64, and another IPv4 address, are heard.
    assert send(address="2001:db8:aa:2::1").status_code == 302
    assert send(address="192.0.2.99").status_code == 302


def test_csrf_protects_the_form_and_its_failure_gives_the_message_back(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(CONTACT_URL, {**VISITOR, "started": started_token()})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Please send that again" in html
    assert VISITOR["message"] in html
    assert "Traceback" not in html
    assert ContactSubmission.objects.count() == 0

    form = soup(client.get(CONTACT_URL))
    token = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    data = {**VISITOR, "started": started_token(), "csrfmiddlewaretoken": token}
    assert client.post(CONTACT_URL, data).status_code == 302
    assert ContactSubmission.objects.count() == 1


def test_a_form_in_a_kept_fragment_still_carries_each_visitors_own_token(db, monkeypatch):
    """A page type that forgets `fragment_cacheable = False` must still not share its form's
    CSRF token: the second visitor's post is accepted, not refused as a forgery."""
    monkeypatch.setattr(ContactPage, "fragment_cacheable", True)
    for visitor in (Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)):
        form = soup(visitor.get(CONTACT_URL))
        token = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
        data = {**VISITOR, "started": started_token(), "csrfmiddlewaretoken": token}
        assert visitor.post(CONTACT_URL, data).status_code == 302
    assert ContactSubmission.objects.count() == 2


def test_a_flood_from_one_address_gets_429_and_every_accepted_lead_is_kept(db, smtp_server):
    client = Client()
    statuses = [
        send(client, address="203.0.113.99", message=f"Flood message {n}").status_code
        for n in range(20)
    ]
    accepted = statuses.count(302)
    limited = statuses.count(429)
    stored = ContactSubmission.objects.count()
    print(f"flood: {len(statuses)} posts, {accepted} accepted, {limited} got 429, {stored} stored")
    assert statuses == [302] * 5 + [429] * 15
    assert stored == accepted == 5
    assert len(smtp_server.messages) == 5
    assert sorted(ContactSubmission.objects.values_list("message", flat=True)) == [
        f"Flood message {n}" for n in range(5)
    ]

    response = send(client, address="203.0.113.99")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    page = BeautifulSoup(response.content, "html.parser")
    assert "Too many messages" in text_of(page.find("h1"))
    assert page.find("textarea").string == VISITOR["message"]
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})

    # The limit is per address: someone else is still heard.
    assert send(client, address="203.0.113.100").status_code == 302


def test_behind_a_trusted_proxy_the_limit_follows_the_forwarded_address(db, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for n in range(6):
        # The left-hand entry is whatever the client claims, so it must not matter.
        forwarded = f"10.9.9.{n}, 198.51.100.77"
        data = {**VISITOR, "started": started_token("198.51.100.77")}
        response = Client().post(
            CONTACT_URL, data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        )
        assert response.status_code == (302 if n < 5 else 429)
    other = {**VISITOR, "started": started_token("198.51.100.78")}
    response = Client().post(
        CONTACT_URL, other, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.78"
    )
    assert response.status_code == 302


def test_with_redis_down_no_lead_is_lost(db, settings):
    # As production configures it, pointed at a port where no Redis listens.
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    statuses = [send(message=f"During the outage {n}").status_code for n in range(7)]
    assert statuses == [302] * 7  # the limit fails open
    assert ContactSubmission.objects.count() == 7


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache unavailable")

        return fail


def test_a_cache_that_raises_does_not_stop_a_lead(db, monkeypatch):
    monkeypatch.setattr("pages.ratelimit.cache", BrokenCache())
    assert send().status_code == 302
    assert ContactSubmission.objects.count() == 1


@pytest.fixture
def stored(db):
    ContactSubmission.objects.create(
        name='=HYPERLINK("https://evil.example")',
        email="grace@example.com",
        message="We need a build-vs-buy call.",
        prompted_by="build-vs-buy",
        consent=True,
        cta_page="/guides/topic/example-guide/",
        notification_sent=False,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    return ContactSubmission.objects.create(
        name="Ada Lovelace",
        email="ada@example.com",
        message="A pilot that will not ship.",
        prompted_by="pilot",
        consent=True,
        cta_page="/",
        landing_page="/guides/topic/example-guide/",
        referrer_host="chatgpt.com",
        source="ChatGPT",
        source_kind="ai",
        utm_source="newsletter",
        utm_medium="email",
        utm_campaign="spring",
        guides_read=["/guides/topic/example-guide/", "/guides/topic/"],
        notification_sent=True,
    )


def test_editors_see_submissions_with_their_source_and_sent_status(client, stored):
    editor = User.objects.create_user("editor", password="pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    page = soup(client.get(reverse("contact_submissions:index")))
    rows = [text_of(row) for row in page.select("table.listing tbody tr")]
    assert len(rows) == 2
    assert any("ada@example.com" in row and "ChatGPT (AI assistant)" in row for row in rows)
    assert any("Not known" in row for row in rows)  # sent without JavaScript
    headings = [text_of(th) for th in page.select("table.listing thead th")]
    assert "First came from" in headings
    assert "Notification" in headings


def test_nobody_adds_or_edits_a_submission_in_the_admin(admin_client, stored):
    assert admin_client.get(reverse("contact_submissions:add")).status_code == 302
    edit = admin_client.get(reverse("contact_submissions:edit", args=[stored.pk]))
    assert edit.status_code == 302
    inspect = admin_client.get(reverse("contact_submissions:inspect", args=[stored.pk]))
    assert "A pilot that will not ship." in inspect.content.decode()
    details = text_of(soup(inspect).find("main"))
    assert "ChatGPT (AI assistant) via https://chatgpt.com/" in details
    assert "newsletter / email / spring" in details
    assert "/guides/topic/example-guide/, /guides/topic/" in details


def test_admin_exports_submissions_as_csv(admin_client, stored):
    response = admin_client.get(reverse("contact_submissions:index") + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="contact-submissions.csv"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 2
    by_email = {row["Email"]: row for row in rows}
    pilot = Trigger.objects.get(value="pilot").label
    assert by_email["ada@example.com"]["What prompted it"] == pilot
    ada = by_email["ada@example.com"]
    assert (ada["First came from"], ada["Kind of source"], ada["Referrer"]) == (
        "ChatGPT",
        "AI assistant",
        "chatgpt.com",
    )
    assert ada["Landed on"] == "/guides/topic/example-guide/"
    assert (ada["Campaign source"], ada["Campaign medium"], ada["Campaign"]) == (
        "newsletter",
        "email",
        "spring",
    )
    assert ada["Guides read"] == "/guides/topic/example-guide/, /guides/topic/"
    assert ada["Call to action on"] == "/"
    assert by_email["ada@example.com"]["Email sent"] == "True"
    assert by_email["grace@example.com"]["Email sent"] == "False"
    # A visitor's text never reaches a spreadsheet as a formula.
    assert by_email["grace@example.com"]["Name"].startswith("'=HYPERLINK")

    xlsx = admin_client.get(reverse("contact_submissions:index") + "?export=xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].endswith("spreadsheetml.sheet")
