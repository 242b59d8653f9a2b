"""Background tasks of the pages app.

The site's tasks follow one pattern: a function in its app's `tasks.py`, decorated with
`@task()` from django-tasks (from `django.tasks` once on Django 6), taking only
JSON-serialisable arguments (ids rather than model instances), and queued with
`the_task.enqueue(...)`. The worker (`manage.py db_worker`, worker/worker.py) runs them;
`make run` and the tests run them at once. A task may run again after a crash, so each
must be safe to repeat.
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from pages.models.submissions import NotificationDigest
from pages.notifications import DigestNotSent, notify, resend_unsent, send_digest

logger = logging.getLogger(__name__)

DIGEST_RETRY = timedelta(minutes=15)


@task()
def send_contact_notification(submission_id, site_id=None, resend=False):
    """Email the team about a stored contact submission, unless that went out already (or
    may have: pages/notifications.py). `resend`: an editor asked for it again.
    Its result: whether the email went out, or None when there was nothing to send."""
    submission = notify(submission_id, site_id, resend=resend)
    if submission and submission.held_in_id and submission.held_in.held.count() == 1:
        queue_digest(submission.held_in, submission.held_in.hour + timedelta(hours=1))
    return submission.notification_sent if submission else None


@task()
def resend_unsent_notifications():
    """The admin's "Resend unsent leads": what `manage.py resend_notifications` does.
    Its result: {"sent": n, "tried": n, "failed": n}."""
    sent, tried, failed = resend_unsent()
    return {"sent": sent, "tried": tried, "failed": failed}


@task()
def send_notification_digest(digest_id):
    """The one email for an hour whose leads went over the ceiling, queued for its end by
    the first lead held; tried again 15 minutes later while the mail server refuses it.
    Without a backend that can wait, `resend_notifications` sends it once the hour is over."""
    try:
        return send_digest(digest_id)
    except DigestNotSent:
        queue_digest(NotificationDigest.objects.get(pk=digest_id), timezone.now() + DIGEST_RETRY)
        return None


def queue_digest(digest, when):
    if send_notification_digest.get_backend().supports_defer:
        send_notification_digest.using(run_after=when).enqueue(digest.pk)


def queue_notification(submission, site=None):
    """Queue the email about a just-stored submission. If even queueing fails, the lead
    stays stored and marked as not sent, for `resend_notifications`."""
    try:
        send_contact_notification.enqueue(submission.pk, site.pk if site else None)
    except Exception:
        logger.exception("Contact submission %s: notification not queued", submission.pk)
