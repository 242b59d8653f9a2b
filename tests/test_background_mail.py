"""Mail leaves the request: the contact notification and the admin's password reset are
queued, and the worker sends them. A real SMTP server hangs, then recovers."""

import io
import re
import time

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
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
    assert queued(task_queue, "truvisory.tasks.send_password_reset") == 2
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
