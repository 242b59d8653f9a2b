"""The team's email about each lead, and the hourly digest: sent once (docs/architecture.md)."""

import email.errors
import logging
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import sanitize_address
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from pages.identity import email_sender
from pages.models.site_settings import SiteSettings
from pages.models.submissions import ContactSubmission, NotificationDigest
from worker.worker import lease_start, reconnect

logger = logging.getLogger(__name__)

RECORD_PATIENCE = 120  # seconds to keep trying to record a send the server accepted


def recipients(site=None):
    """CONTACT_NOTIFY_EMAIL when it is set, else the contact email in the site settings."""
    configured = settings.CONTACT_NOTIFY_EMAIL
    addresses = [address.strip() for address in configured.split(",") if address.strip()]
    if addresses:
        return addresses
    site_settings = SiteSettings.for_site(site) if site else SiteSettings.for_default_site()
    return [site_settings.contact_email] if site_settings.contact_email else []


def encodable(address):
    """Whether the mailer can write this address into a header: not all that validate_email can."""
    try:
        sanitize_address(address, settings.DEFAULT_CHARSET)
        EmailMessage(to=["team@example.com"], reply_to=[address]).message().as_bytes()
    except (ValueError, email.errors.MessageError):  # UnicodeError is a ValueError
        return False
    return True


def message_id_host():
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def message_id(submission):
    """The notification's Message-ID: the same for every attempt at the same lead."""
    return f"<lead-{submission.pk}.{submission.created_at:%Y%m%d%H%M%S}@{message_id_host()}>"


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def visit_line(submission):
    """Where the lead came from, in one line: "First came from: … · Landed on: … · …"."""
    parts = [
        ("First came from", submission.first_touch_display()),  # never empty
        ("Landed on", submission.landing_page),
        ("Campaign", submission.campaign_display()),
        ("Read", submission.guides_read_display()),
        ("Call to action on", submission.cta_page),
    ]
    return " · ".join(f"{label}: {value}" for label, value in parts if value)


def build_message(submission, to):
    replyable = encodable(submission.email)
    unreplyable = "(This address cannot be put in a reply header: write to it by hand.)"
    body = "\n".join(
        [
            "A new message came in through the contact form.",
            "",
            f"Name: {submission.name}",
            f"Email: {submission.email}",
            *([] if replyable else [unreplyable]),
            f"Company: {submission.company or '-'}",
            f"What prompted it: {submission.prompted_by_display()}",
            *([f"Triggers ticked: {submission.triggers_display()}"] if submission.triggers else []),
            visit_line(submission),
            f"Received: {submission.created_at:%Y-%m-%d %H:%M} UTC",
            "",
            submission.message,
            "",
            "In the admin: "
            + admin_url(reverse("contact_submissions:inspect", args=[submission.pk])),
        ]
    )
    return EmailMessage(
        subject=f"Website enquiry from {submission.name}",
        body=body,
        from_email=email_sender(),
        to=to,
        reply_to=[submission.email] if replyable else [],
        headers={"Message-ID": message_id(submission)},
    )


def send_and_record(message, instance, sent, failed):
    """Send a message whose `sending_since` marker is committed, and save sent()'s fields before
    QUIT; a failed send saves failed(error)'s and gives False. Either clears the marker, unless
    the database would not record the send: then it raises, never to be sent again by itself."""
    name = f"{instance._meta.verbose_name.capitalize()} {instance.pk}"  # "Contact submission 7"
    mail = get_connection()
    try:
        try:
            mail.open()
            mail.send_messages([message])
        except Exception as error:
            logger.warning("%s: notification failed: %s", name, error)
            instance.sending_since = None
            save_patiently(instance, ["sending_since", *failed(error)])
            return False
        instance.sending_since = None
        try:
            save_patiently(instance, ["sending_since", *sent()])
        except (OperationalError, InterfaceError):
            logger.error("%s: sent, but not recorded as sent", name)
            raise
        return True
    finally:
        try:
            mail.close()
        except Exception as error:
            logger.warning("Mail connection not closed cleanly: %s", error)


def save_patiently(instance, fields):
    """Save, waiting out a database restart for up to RECORD_PATIENCE seconds."""
    give_up = time.monotonic() + RECORD_PATIENCE
    delay = 0.25
    while True:
        try:
            instance.save(update_fields=fields)
            return
        except (OperationalError, InterfaceError):
            if time.monotonic() > give_up or connection.in_atomic_block:
                raise
            logger.warning("%s: database unreachable; recording again in %.1f s", instance, delay)
            reconnect()
            time.sleep(delay)
            delay = min(delay * 2, 5)


def possibly_sent():
    """Submissions whose send a worker began and left, unrecorded, longer than a lease ago."""
    return ContactSubmission.objects.filter(
        notification_sent=False, sending_since__lt=lease_start()
    )


def unsent():
    """Submissions waiting to be emailed: not sent, not held, and no send begun."""
    return ContactSubmission.objects.filter(
        notification_sent=False, held_in=None, sending_since=None
    )


def this_hour(now):
    return now.replace(minute=0, second=0, microsecond=0)


def notify(submission_id, site_id=None, resend=False):
    """Send one submission's notification unless it went out, is being sent, is held or was
    possibly sent (`resend`, an editor's word, sends those two); None when nothing was done."""
    now = timezone.now()
    site = Site.objects.filter(pk=site_id).first() if site_id else None
    with transaction.atomic():
        submission = ContactSubmission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None or submission.notification_sent:
            return None
        if not resend and (submission.sending_since or submission.held_in_id):
            return None
        if submission.sending_since and submission.sending_since >= lease_start():
            return None  # being sent right now
        to = recipients(site)
        if not to:
            submission.last_error = (
                "ValueError: no address to notify: set CONTACT_NOTIFY_EMAIL or a contact email"
            )
            submission.save(update_fields=["last_error"])
            return submission
        hour = this_hour(now)
        begun = ContactSubmission.objects.filter(
            Q(notified_at__gte=hour) | Q(sending_since__gte=hour)
        )
        if not resend and begun.count() >= settings.CONTACT_NOTIFY_PER_HOUR:
            # Held for the hour's digest (pages/tasks.py queues it for the hour's end).
            submission.held_in, _ = NotificationDigest.objects.get_or_create(hour=hour)
            submission.save(update_fields=["held_in"])
            logger.warning("Contact submission %s: held, over the hourly ceiling", submission.pk)
            return submission
        submission.sending_since = now
        submission.notification_attempts += 1
        submission.save(update_fields=["sending_since", "notification_attempts"])

    def sent():
        submission.notification_sent = True
        submission.notified_at = timezone.now()
        submission.last_error = ""
        submission.held_in = None
        return ["notification_sent", "notified_at", "last_error", "held_in"]

    def failed(error):
        submission.last_error = f"{type(error).__name__}: {error}"[:1000]
        return ["last_error"]

    send_and_record(build_message(submission, to), submission, sent, failed)
    return submission


def send_digest(digest_id):
    """The hour's one digest: how many leads were held; False when the mail server refused it."""
    with transaction.atomic():
        digest = NotificationDigest.objects.select_for_update().filter(pk=digest_id).first()
        if digest is None or digest.sent_at or digest.sending_since:
            return None
        held = digest.held.count()
        to = recipients()
        if not to:
            return None
        digest.sending_since = timezone.now()
        digest.save(update_fields=["sending_since"])
    listing = admin_url(reverse("contact_submissions:index")) + f"?held_in={digest.pk}"
    message = EmailMessage(
        from_email=email_sender(),
        subject=f"{held} more website enquir{'y' if held == 1 else 'ies'} this hour",
        body="\n".join(
            [
                f"Between {digest.hour:%H:%M} and {digest.hour + timedelta(hours=1):%H:%M} UTC "
                f"on {digest.hour:%Y-%m-%d}, more than {settings.CONTACT_NOTIFY_PER_HOUR} "
                "messages came in through the contact form.",
                f"The first {settings.CONTACT_NOTIFY_PER_HOUR} were emailed one by one. The "
                f"other {held} are stored but were not emailed, to keep a flood out of your "
                "inbox. Read them in Contact submissions:",
                "",
                listing,
            ]
        ),
        to=to,
        headers={"Message-ID": f"<digest-{digest.hour:%Y%m%d%H}@{message_id_host()}>"},
    )

    def sent():
        digest.sent_at = timezone.now()
        return ["sent_at"]

    return held if send_and_record(message, digest, sent, lambda error: []) else False


def resend_unsent(progress=None):
    """Send every waiting notification, oldest first, and any past hour's unsent digest."""
    pending = list(unsent().order_by("pk").values_list("pk", flat=True))
    sent = failed = 0
    for number, pk in enumerate(pending, start=1):
        submission = notify(pk)
        if submission is None:
            status = "skipped (the worker sent it meanwhile, or is sending it now)"
        elif submission.notification_sent:
            sent += 1
            status = "sent"
        elif submission.held_in_id:
            status = "held (over the hourly ceiling)"
        else:
            failed += 1
            status = f"failed ({submission.last_error})"
        if progress:
            progress(f"[{number}/{len(pending)}] submission {pk}: {status}")
    due = NotificationDigest.objects.filter(
        hour__lt=this_hour(timezone.now()), sent_at=None, sending_since=None
    )
    for digest_id in due.values_list("pk", flat=True):
        if send_digest(digest_id) is False:
            failed += 1
    return sent, len(pending), failed
