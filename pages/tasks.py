"""Background tasks of the pages app: the lead notifications (docs/architecture.md,
"Background tasks"). A task may run again after a crash, so each is safe to repeat."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from pages.notifications import notify, resend_unsent, send_digest


@task()
def send_contact_notification(submission_id, site_id=None, resend=False):
    """Email the team about a stored lead: whether it went out, or None if nothing was sent."""
    submission = notify(submission_id, site_id, resend=resend)
    if submission and submission.held_in_id and submission.held_in.held.count() == 1:
        queue_digest(submission.held_in_id, submission.held_in.hour + timedelta(hours=1))
    return submission.notification_sent if submission else None


@task()
def resend_unsent_notifications():
    """The admin's "Resend unsent leads", as `manage.py resend_notifications`."""
    sent, tried, failed = resend_unsent()
    return {"sent": sent, "tried": tried, "failed": failed}


@task()
def send_notification_digest(digest_id):
    """An hour's digest of held leads, queued for its end; tried again while mail is refused."""
    held = send_digest(digest_id)
    if held is False:
        queue_digest(digest_id, timezone.now() + timedelta(minutes=15))
        return None
    return held


def queue_digest(digest_id, when):
    if send_notification_digest.get_backend().supports_defer:
        send_notification_digest.using(run_after=when).enqueue(digest_id)
