"""Retry the notification email of every contact submission whose email did not go out."""

from django.core.management.base import BaseCommand, CommandError

from pages.models import ContactSubmission
from pages.notifications import send_notification


class Command(BaseCommand):
    help = "Send the notification emails that failed, oldest first. Safe to run from cron."

    def handle(self, *args, **options):
        pending = list(ContactSubmission.objects.filter(notification_sent=False).order_by("pk"))
        sent = 0
        for number, submission in enumerate(pending, start=1):
            ok = send_notification(submission)
            sent += ok
            status = "sent" if ok else f"failed ({submission.last_error})"
            self.stdout.write(f"[{number}/{len(pending)}] submission {submission.pk}: {status}")
        self.stdout.write(f"{sent} of {len(pending)} notifications sent.")
        if sent < len(pending):
            # A non-zero exit lets cron or a scheduler notice that mail is still failing.
            raise CommandError(f"{len(pending) - sent} notification(s) still unsent.")
