"""Retry the notification email of every contact submission whose email did not go out."""

from django.core.management.base import BaseCommand, CommandError

from pages.models import ContactSubmission
from pages.notifications import notify


class Command(BaseCommand):
    help = "Send the notification emails that failed, oldest first. Safe to run from cron."

    def handle(self, *args, **options):
        pending = list(
            ContactSubmission.objects.filter(notification_sent=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        sent = skipped = 0
        for number, pk in enumerate(pending, start=1):
            submission = notify(pk)
            if submission is None:
                skipped += 1
                status = "skipped (the worker sent it meanwhile, or is sending it now)"
            elif submission.notification_sent:
                sent += 1
                status = "sent"
            else:
                status = f"failed ({submission.last_error})"
            self.stdout.write(f"[{number}/{len(pending)}] submission {pk}: {status}")
        self.stdout.write(f"{sent} of {len(pending)} notifications sent.")
        failed = len(pending) - sent - skipped
        if failed:
            # A non-zero exit lets cron or a scheduler notice that mail is still failing.
            raise CommandError(f"{failed} notification(s) still unsent.")
