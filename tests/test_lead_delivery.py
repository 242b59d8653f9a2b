"""Every lead reaches the team, once: addresses the mailer cannot encode, the steps of a
send (a stable Message-ID, "sending" before the mail server, "sent" after it accepted), a
send a dead worker left half-done (possibly sent: not resent until an editor says so), the
hourly ceiling with its single digest, the resend actions, and the worker's heartbeat and
lease. Mail goes to a real SMTP server on loopback (tests/mail.py)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from pages.models import ContactSubmission, NotificationDigest
from pages.notifications import message_id, notify
from tests.html import soup, text_of
from tests.mail import Inbox, SmtpServer, use_smtp
from tests.tasks import run_worker
from tests.test_contact import send
from worker.models import WorkerHeartbeat

TEAM = "team@truvisory.test"
DASHBOARD = "/admin/"
# Each passes Django's validate_email; none can be written into a mail header (IDNA
# refuses the domain).
UNENCODABLE = {
    "replacement character": "ada@ex\ufffdample.com",
    "private-use character": "ada@ex\ue000ample.com",
    "mixed-script domain": "ada@a\u05d0b.com",
}


@pytest.fixture
def inbox(settings, db):
    server = SmtpServer(Inbox())
    use_smtp(settings, server.port)
    settings.CONTACT_NOTIFY_EMAIL = TEAM
    yield server.inbox
    server.stop()


def lead(email="ada@example.com", **fields):
    return ContactSubmission.objects.create(
        name="Ada Lovelace",
        email=email,
        message="A pilot that will not ship.",
        prompted_by="pilot",
        consent=True,
        **fields,
    )


@pytest.mark.parametrize("address", UNENCODABLE.values(), ids=UNENCODABLE.keys())
def test_an_address_the_mailer_cannot_encode_gets_the_form_back(db, inbox, address):
    response = send(email=address)
    assert response.status_code == 200
    error = soup(response).find(id="id_email_error") or soup(response).find(class_="error")
    page = text_of(soup(response))
    assert "We could not use this email address" in page, error
    assert ContactSubmission.objects.count() == 0
    assert inbox.attempts == 0


@pytest.mark.parametrize("address", UNENCODABLE.values(), ids=UNENCODABLE.keys())
def test_a_stored_unencodable_address_is_sent_without_reply_to(admin_client, inbox, address):
    submission = lead(email=address)  # stored before the form checked, say
    notify(submission.pk)
    [message] = inbox.messages
    assert message["Reply-To"] is None
    body = message.get_payload(decode=True).decode()
    assert f"Email: {address}" in body
    assert "write to it by hand" in body
    submission.refresh_from_db()
    assert submission.notification_sent and submission.last_error == ""
    # Mail worked: the dashboard reports nothing, and the cron retry is content.
    assert soup(admin_client.get(DASHBOARD)).select_one("#contact-notifications-section") is None
    call_command("resend_notifications", stdout=io.StringIO())


def test_each_notification_has_one_message_id_and_is_recorded_in_steps(inbox, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://www.truvisory.test"
    submission = lead()
    notify(submission.pk)
    [message] = inbox.messages
    expected = f"<lead-{submission.pk}.{submission.created_at:%Y%m%d%H%M%S}@www.truvisory.test>"
    assert message["Message-ID"] == message_id(submission) == expected
    assert message["Reply-To"] == "ada@example.com"
    submission.refresh_from_db()
    assert submission.notification_sent and submission.notified_at
    assert submission.sending_since is None
    # Nothing sends it again: the task, the cron retry, the resend action.
    assert notify(submission.pk) is None
    call_command("resend_notifications", stdout=io.StringIO())
    assert len(inbox.messages) == 1


def test_a_send_a_dead_worker_left_is_possibly_sent_and_only_an_editor_resends_it(
    admin_client, inbox, settings, task_queue
):
    settings.TASK_LEASE_SECONDS = 300
    half_done = lead(sending_since=timezone.now() - timedelta(minutes=6), notification_attempts=1)
    in_progress = lead(email="grace@example.com", sending_since=timezone.now())
    # Neither the queued task, the cron retry nor the resend action sends either.
    from pages.tasks import send_contact_notification

    send_contact_notification.enqueue(half_done.pk)
    send_contact_notification.enqueue(in_progress.pk)
    run_worker()
    output = io.StringIO()
    call_command("resend_notifications", stdout=output)
    assert f"submission {half_done.pk}: possibly sent already" in output.getvalue()
    assert f"submission {in_progress.pk}" not in output.getvalue()
    assert inbox.messages == []

    # The dashboard and the listing say so.
    panel = text_of(soup(admin_client.get(DASHBOARD)).select_one("#contact-notifications-section"))
    assert "1 lead may have been emailed already" in panel
    listing = text_of(soup(admin_client.get("/admin/contact_submissions/")))
    assert "Possibly sent: check the inbox" in listing
    assert "Being sent" in listing

    # The editor checked the inbox, and sends it from the lead's page.
    inspect = soup(admin_client.get(f"/admin/contact_submissions/inspect/{half_done.pk}/"))
    [button] = inspect.select(f'a[href="/admin/contact-submissions/{half_done.pk}/resend/"]')
    assert text_of(button) == "Send this lead’s email"
    confirm = text_of(soup(admin_client.get(button["href"])))
    assert "Look in the team’s inbox first" in confirm
    response = admin_client.post(button["href"])
    assert response.status_code == 302
    run_worker()
    [message] = inbox.messages
    assert message["Message-ID"] == message_id(half_done)
    half_done.refresh_from_db()
    assert half_done.notification_sent and half_done.notification_attempts == 2
    # A send under way is left alone, even on an editor's word.
    assert notify(in_progress.pk, resend=True) is None
    assert len(inbox.messages) == 1


def test_over_the_hourly_ceiling_leads_are_held_and_one_digest_tells_how_many(
    admin_client, inbox, settings, task_queue
):
    settings.CONTACT_NOTIFY_PER_HOUR = 2
    for n in range(5):
        assert send(address=f"192.0.2.{n + 1}", name=f"Visitor {n}").status_code == 302
    run_worker()
    assert [m["Subject"] for m in inbox.messages] == [
        "Website enquiry from Visitor 0",
        "Website enquiry from Visitor 1",
    ]
    assert ContactSubmission.objects.count() == 5  # nothing lost
    digest = NotificationDigest.objects.get()
    assert digest.held.count() == 3
    # The digest waits for the end of the hour.
    [queued] = task_queue.filter(task_path="pages.tasks.send_notification_digest")
    assert queued.run_after == digest.hour + timedelta(hours=1)
    assert queued.status == "READY"

    # The hour is over: one digest, however often the worker or the retry runs.
    task_queue.filter(pk=queued.pk).update(run_after=timezone.now())
    run_worker()
    run_worker()
    call_command("resend_notifications", stdout=io.StringIO())
    assert len(inbox.messages) == 3
    digest_mail = inbox.messages[2]
    assert digest_mail["Subject"] == "3 more website enquiries this hour"
    body = digest_mail.get_payload(decode=True).decode()
    assert "The first 2 were emailed one by one. The other 3 are stored" in body
    link = f"/admin/contact_submissions/?held_in={digest.pk}"
    assert link in body
    listing = soup(admin_client.get(link))
    assert len(listing.select("table.listing tbody tr")) == 3
    assert "Held: hourly limit" in text_of(listing)
    # Held leads are not "unsent": the digest told the team of them.
    assert soup(admin_client.get(DASHBOARD)).select_one("#contact-notifications-section") is None


def test_resend_unsent_leads_from_the_listing_queues_a_task_and_shows_its_result(
    admin_client, settings, task_queue
):
    settings.CONTACT_NOTIFY_EMAIL = TEAM
    use_smtp(settings, 9)  # nothing listens: the first sends fail
    for n in range(2):
        send(address=f"192.0.2.{n + 1}")
    run_worker()
    assert ContactSubmission.objects.filter(notification_sent=False).count() == 2

    listing = soup(admin_client.get("/admin/contact_submissions/"))
    [button] = [a for a in listing.select("a.w-header-button") if "Resend" in text_of(a)]
    assert text_of(button) == "Resend unsent leads"
    assert button["href"] == "/admin/contact-submissions/resend/?next=/admin/contact_submissions/"
    confirm = soup(admin_client.get(button["href"]))
    assert "2 leads have not been emailed to the team yet" in text_of(confirm)
    answer = admin_client.post(
        "/admin/contact-submissions/resend/", {"next": "/admin/contact_submissions/"}, follow=True
    )
    assert answer.redirect_chain == [("/admin/contact_submissions/", 302)]
    assert "Queued: the task worker sends them in a moment" in text_of(soup(answer))
    panel = text_of(soup(admin_client.get(DASHBOARD)).select_one("#contact-notifications-section"))
    assert "waiting for the task worker" in panel

    server = SmtpServer(Inbox())
    try:
        use_smtp(settings, server.port)
        run_worker()
    finally:
        server.stop()
    assert len(server.inbox.messages) == 2
    panel = soup(admin_client.get(DASHBOARD)).select_one("#contact-notifications-section")
    assert panel is None  # none unsent: the panel is gone


def test_the_dashboard_shows_the_workers_heartbeat_and_warns_when_it_is_silent(
    admin_client, task_queue
):
    def worker_panel():
        return text_of(soup(admin_client.get(DASHBOARD)).select_one("#task-worker-section"))

    assert "No task worker has reported yet. Nothing is waiting" in worker_panel()
    from pages.tasks import send_contact_notification

    send_contact_notification.enqueue(lead().pk)
    send_contact_notification.enqueue(lead().pk)
    waiting = task_queue.filter(status="READY").count()  # with whatever saving the lead queued
    assert waiting >= 1
    assert f"has never reported, and {waiting} tasks are waiting" in worker_panel()
    beat = WorkerHeartbeat.objects.create(
        worker_id="w1", host="worker-1", pid=42, last_beat=timezone.now() - timedelta(minutes=3)
    )
    assert f"was last seen 3 minutes ago, and {waiting} tasks are waiting" in worker_panel()
    beat.last_beat = timezone.now()
    beat.save()
    running = f"Running: last seen 0 minutes ago on worker-1 (process 42). {waiting} tasks waiting."
    assert running in worker_panel()


def test_a_task_left_running_by_a_vanished_worker_goes_back_to_the_queue(
    inbox, settings, task_queue
):
    settings.TASK_LEASE_SECONDS = 60
    from pages.tasks import send_contact_notification

    submission = lead()
    abandoned = send_contact_notification.enqueue(submission.pk).id
    taken = send_contact_notification.enqueue(lead(email="grace@example.com").pk).id
    lost = timezone.now() - timedelta(seconds=61)
    task_queue.filter(pk=abandoned).update(
        status="RUNNING", started_at=lost, worker_ids=["vanished"]
    )
    WorkerHeartbeat.objects.create(worker_id="vanished", host="h", pid=1, last_beat=lost)
    # Another task, as long under way, whose worker still beats (a send that takes long).
    task_queue.filter(pk=taken).update(status="RUNNING", started_at=lost, worker_ids=["busy"])
    WorkerHeartbeat.objects.create(worker_id="busy", host="h", pid=2, last_beat=timezone.now())

    run_worker()
    # The vanished worker's task ran again; the live worker's task was left to it.
    ours = task_queue.filter(task_path="pages.tasks.send_contact_notification")
    assert sorted(ours.values_list("status", "worker_ids")) == [
        ("RUNNING", ["busy"]),
        ("SUCCESSFUL", ["vanished", "test-worker"]),
    ]
    assert [m["Message-ID"] for m in inbox.messages] == [message_id(submission)]
    assert WorkerHeartbeat.objects.get(worker_id="test-worker").stopped_at is not None


def test_a_digest_the_mail_server_refused_is_tried_again_later_and_sent_once(
    db, settings, task_queue
):
    settings.CONTACT_NOTIFY_EMAIL = TEAM
    settings.CONTACT_NOTIFY_PER_HOUR = 0  # every lead is held
    use_smtp(settings, 9)  # nothing listens
    send()
    run_worker()  # the lead is held; its digest waits for the end of the hour
    digest = NotificationDigest.objects.get()
    task_queue.filter(task_path="pages.tasks.send_notification_digest").update(
        run_after=timezone.now()
    )
    run_worker()
    digest.refresh_from_db()
    assert (digest.sent_at, digest.sending_since) == (None, None)
    again = task_queue.get(task_path="pages.tasks.send_notification_digest", status="READY")
    assert again.run_after > timezone.now() + timedelta(minutes=14)

    server = SmtpServer(Inbox())
    try:
        use_smtp(settings, server.port)
        task_queue.filter(pk=again.pk).update(run_after=timezone.now())
        run_worker()
        run_worker()
    finally:
        server.stop()
    [message] = server.inbox.messages
    assert message["Subject"] == "1 more website enquiry this hour"
    digest.refresh_from_db()
    assert digest.sent_at is not None


def test_the_cron_retry_sends_the_digest_of_a_past_hour_that_has_none_once(inbox):
    """Where no task waited for the hour's end (a crash, or a backend that cannot wait)."""
    last_hour = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    digest = NotificationDigest.objects.create(hour=last_hour)
    lead(held_in=digest)
    NotificationDigest.objects.create(hour=last_hour + timedelta(hours=1))  # this hour: not yet
    call_command("resend_notifications", stdout=io.StringIO())
    call_command("resend_notifications", stdout=io.StringIO())
    [message] = inbox.messages
    assert message["Subject"] == "1 more website enquiry this hour"
    assert message["Message-ID"].startswith(f"<digest-{last_hour:%Y%m%d%H}@")
