"""Background tasks of the pages app.

The site's tasks follow one pattern: a function in its app's `tasks.py`, decorated with
`@task()` from django-tasks (from `django.tasks` once on Django 6), taking only
JSON-serialisable arguments (ids rather than model instances), and queued with
`the_task.enqueue(...)`. The worker (`manage.py db_worker`) runs them; `make run` and
the tests run them at once.
"""

import logging

from django_tasks import task

from pages.notifications import notify

logger = logging.getLogger(__name__)


@task()
def send_contact_notification(submission_id, site_id=None):
    """Email the team about a stored contact submission, unless that went out already.
    Its result: whether the email went out, or None when there was nothing to send."""
    submission = notify(submission_id, site_id)
    return submission.notification_sent if submission else None


def queue_notification(submission, site=None):
    """Queue the email about a just-stored submission. If even queueing fails, the lead
    stays stored and marked as not sent, for `resend_notifications`."""
    try:
        send_contact_notification.enqueue(submission.pk, site.pk if site else None)
    except Exception:
        logger.exception("Contact submission %s: notification not queued", submission.pk)
