"""The email that tells the team about a new contact submission.

It is sent by a background task (pages/tasks.py), never inside the visitor's request, so
a slow or hanging mail server cannot slow the form down.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from wagtail.models import Site

from pages.models.site_settings import SiteSettings
from pages.models.submissions import ContactSubmission

logger = logging.getLogger(__name__)


def recipients(site=None):
    """CONTACT_NOTIFY_EMAIL when it is set, else the contact email in the site settings."""
    configured = settings.CONTACT_NOTIFY_EMAIL
    addresses = [address.strip() for address in configured.split(",") if address.strip()]
    if addresses:
        return addresses
    site_settings = SiteSettings.for_site(site) if site else SiteSettings.for_default_site()
    return [site_settings.contact_email] if site_settings.contact_email else []


def visit_line(submission):
    """Where the lead came from, in one line: "First came from: ChatGPT (AI assistant) via
    https://chatgpt.com/ · Landed on: /guides/… · Campaign: … · Read: … · Call to action on: …"."""
    parts = [f"First came from: {submission.first_touch_display()}"]
    for label, value in [
        ("Landed on", submission.landing_page),
        ("Campaign", submission.campaign_display()),
        ("Read", submission.guides_read_display()),
        ("Call to action on", submission.cta_page),
    ]:
        if value:
            parts.append(f"{label}: {value}")
    return " · ".join(parts)


def build_message(submission, to):
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "contact_submissions:inspect", args=[submission.pk]
    )
    body = "\n".join(
        [
            "A new message came in through the contact form.",
            "",
            f"Name: {submission.name}",
            f"Email: {submission.email}",
            f"Company: {submission.company or '-'}",
            f"What prompted it: {submission.get_prompted_by_display()}",
            *([f"Triggers ticked: {submission.triggers_display()}"] if submission.triggers else []),
            visit_line(submission),
            f"Received: {submission.created_at:%Y-%m-%d %H:%M} UTC",
            "",
            submission.message,
            "",
            f"In the admin: {admin_url}",
        ]
    )
    return EmailMessage(
        subject=f"Website enquiry from {submission.name}",
        body=body,
        to=to,
        reply_to=[submission.email],
    )


def send_notification(submission, site=None):
    """Email the team about a submission, and record on it whether that worked.

    It never raises: the submission is already stored, and a failure only leaves it
    marked as not sent for `manage.py resend_notifications` to retry. Only a send counts
    as an attempt: with no address to notify nothing is tried, and the dashboard says there
    is no recipient rather than that mail failed (pages/notification_status.py).
    """
    try:
        to = recipients(site)
        if not to:
            raise ValueError("no address to notify: set CONTACT_NOTIFY_EMAIL or a contact email")
        submission.notification_attempts += 1
        build_message(submission, to).send()
    except Exception as error:
        submission.last_error = f"{type(error).__name__}: {error}"[:1000]
        logger.warning("Contact submission %s: notification failed: %s", submission.pk, error)
    else:
        submission.notification_sent = True
        submission.last_error = ""
    submission.save(update_fields=["notification_sent", "notification_attempts", "last_error"])
    return submission.notification_sent


def notify(submission_id, site_id=None):
    """Send one submission's notification unless it went out already; return the
    submission, or None when there was nothing to do.

    The row stays locked while the email is sent, and a locked row is skipped, so the
    worker and `resend_notifications` never send the same lead twice (on PostgreSQL;
    SQLite has one writer at a time anyway).
    """
    with transaction.atomic():
        submission = (
            ContactSubmission.objects.select_for_update(skip_locked=True)
            .filter(pk=submission_id, notification_sent=False)
            .first()
        )
        if submission is None:
            return None
        send_notification(submission, Site.objects.filter(pk=site_id).first())
        return submission
