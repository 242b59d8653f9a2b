"""Mail leaves the request: the contact notification and the admin's password reset are
queued, and the worker sends them. A real SMTP server hangs, then recovers."""

import io
import re
import time

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pages.models import ContactSubmission
from tests.mail import Inbox, SmtpServer, use_smtp
from tests.tasks import run_worker
from tests.test_contact import started_token

TEAM = "team@truvisory.test"
EDITOR = "editor@truvisory.test"
HANG_TIMEOUT = 2  # EMAIL_TIMEOUT while the relay hangs: how long a send waits for it
VISITOR = {
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "prompted_by": "pilot",
    "message": "Our pilot demos well but will not ship.",
    "consent": "on",
    "started": "",
}


@pytest.fixture
def relay(settings):
    """A real SMTP server on loopback that hangs until `relay.hanging = False`."""
    server = SmtpServer(Inbox())
    server.inbox.hanging = True
    use_smtp(settings, server.port, timeout=HANG_TIMEOUT)
    settings.CONTACT_NOTIFY_EMAIL = TEAM
    yield server.inbox
    server.stop()


def timed(request):
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


def post_contact():
    data = {**VISITOR, "started": started_token("192.0.2.20")}
    return Client().post("/contact/", data, REMOTE_ADDR="192.0.2.20")


def queued(queue, path):
    return queue.filter(task_path=path).count()


def test_a_contact_post_answers_at_once_while_mail_hangs_and_the_worker_sends_it_once(
    db, task_queue, relay
):
    response, seconds = timed(post_contact)
    assert response.status_code == 302
    assert response["Location"] == "/contact/thanks/"
    # The request never spoke to the mail server, so it did not wait for it.
    assert relay.attempts == 0
    assert seconds < HANG_TIMEOUT
    submission = ContactSubmission.objects.get()  # the lead is stored
    assert submission.notification_sent is False
    assert queued(task_queue, "pages.tasks.send_contact_notification") == 1

    relay.hanging = False  # the relay recovers; then the worker runs
    run_worker()
    [message] = relay.messages
    assert message["To"] == TEAM
    assert message["Subject"] == "Website enquiry from Ada Lovelace"
    submission.refresh_from_db()
    assert (submission.notification_sent, submission.notification_attempts) == (True, 1)

    # Once: neither another worker run nor the cron retry sends it again.
    run_worker()
    output = io.StringIO()
    call_command("resend_notifications", stdout=output)
    assert "0 of 0 notifications sent." in output.getvalue()
    assert len(relay.messages) == 1


def test_a_send_that_times_out_leaves_the_lead_for_resend_which_sends_it_once(
    db, task_queue, relay
):
    assert post_contact().status_code == 302
    run_worker()  # the relay still hangs: the send times out
    submission = ContactSubmission.objects.get()
    assert submission.notification_sent is False
    assert "timed out" in submission.last_error
    assert relay.messages == []

    relay.hanging = False
    output = io.StringIO()
    call_command("resend_notifications", stdout=output)
    assert f"[1/1] submission {submission.pk}: sent" in output.getvalue()
    run_worker()
    assert len(relay.messages) == 1
    submission.refresh_from_db()
    assert submission.notification_sent is True


def reset(address):
    return Client().post(reverse("wagtailadmin_password_reset"), {"email": address})


def test_password_reset_answers_alike_for_known_and_unknown_addresses(db, task_queue, relay):
    User.objects.create_user("editor", email=EDITOR, password="old-password-1")
    known, known_seconds = timed(lambda: reset(EDITOR))
    unknown, unknown_seconds = timed(lambda: reset("nobody@truvisory.test"))

    done = reverse("wagtailadmin_password_reset_done")
    assert (known.status_code, known["Location"]) == (302, done)
    assert (unknown.status_code, unknown["Location"]) == (302, done)
    # Both did the same work: one queued task each, and no word with the mail server.
    assert queued(task_queue, "accounts.tasks.send_password_reset") == 2
    assert relay.attempts == 0
    assert known_seconds < HANG_TIMEOUT and unknown_seconds < HANG_TIMEOUT

    relay.hanging = False
    run_worker()
    [message] = relay.messages  # only the known address has an account to reset
    assert message["To"] == EDITOR
    link = re.search(r"http://testserver(/admin/password_reset/confirm/\S+)", message.as_string())
    assert link, message.as_string()

    # The emailed link works: it leads to a form that sets a new password.
    client = Client()
    form_url = client.get(link.group(1))["Location"]
    new = "a-new-password-for-the-editor"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert User.objects.get(username="editor").check_password(new)


def test_password_resets_are_limited_per_address(db, settings, task_queue):
    server = SmtpServer(Inbox())
    use_smtp(settings, server.port)
    try:
        User.objects.create_user("editor", email=EDITOR, password="old-password-1")
        answers = {(r.status_code, r["Location"]) for r in (reset(EDITOR) for _ in range(10))}
        assert answers == {(302, reverse("wagtailadmin_password_reset_done"))}
        run_worker()
        assert len(server.inbox.messages) == settings.PASSWORD_RESET_LIMIT
    finally:
        server.stop()


LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def queries_of(request):
    """The response, and the SQL a request ran with its values blanked out."""
    with CaptureQueriesContext(connection) as captured:
        response = request()
    return response, [LITERALS.sub("?", query["sql"]) for query in captured]


def test_an_address_over_its_limit_costs_the_request_the_same_as_any_other(
    db, settings, task_queue, relay
):
    relay.hanging = False
    User.objects.create_user("editor", email=EDITOR, password="old-password-1")
    User.objects.create_user("other", email="other@truvisory.test", password="old-password-1")
    for _ in range(settings.PASSWORD_RESET_LIMIT):
        reset(EDITOR)
    run_worker()
    assert len(relay.messages) == settings.PASSWORD_RESET_LIMIT  # the editor's address is spent

    throttled, throttled_sql = queries_of(lambda: reset(EDITOR))
    open_, open_sql = queries_of(lambda: reset("other@truvisory.test"))
    unknown, unknown_sql = queries_of(lambda: reset("nobody@truvisory.test"))
    # The same queries (one queued task each), the same answer.
    assert throttled_sql == open_sql == unknown_sql
    assert any(sql.startswith("INSERT") for sql in open_sql)
    answers = [(r.status_code, r["Location"], r.content) for r in (throttled, open_, unknown)]
    assert answers[0] == answers[1] == answers[2]

    run_worker()
    # Only the open address with an account gets a new email.
    assert [message["To"] for message in relay.messages[settings.PASSWORD_RESET_LIMIT :]] == [
        "other@truvisory.test"
    ]


def test_password_resets_are_limited_per_network(db, settings, task_queue):
    settings.PASSWORD_RESET_CLIENT_LIMIT = 3

    def reset_from(address, email="nobody@truvisory.test"):
        return Client(REMOTE_ADDR=address).post(
            reverse("wagtailadmin_password_reset"), {"email": email}
        )

    # Four addresses of one IPv6 /64, each asking for another address's reset.
    answers = {
        reset_from(f"2001:db8:aa:1::{n}", f"person{n}@truvisory.test")["Location"]
        for n in range(1, 5)
    }
    assert answers == {reverse("wagtailadmin_password_reset_done")}  # the same answer to all
    assert queued(task_queue, "accounts.tasks.send_password_reset") == 3
    # Another /64 and an IPv4 address still get theirs.
    reset_from("2001:db8:aa:2::1")
    reset_from("192.0.2.30")
    assert queued(task_queue, "accounts.tasks.send_password_reset") == 5
