"""Retry the notification email of every contact submission whose email did not go out."""

from django.core.management.base import BaseCommand, CommandError

from pages.notifications import possibly_sent, resend_unsent


class Command(BaseCommand):
    help = (
        "Send the notification emails that failed, oldest first. Safe to run from cron: it "
        "never sends one that went out, or may have (a worker died mid-send)."
    )

    def handle(self, *args, **options):
        sent, tried, failed = resend_unsent(self.stdout.write)
        self.stdout.write(f"{sent} of {tried} notifications sent.")
        for pk in possibly_sent().order_by("pk").values_list("pk", flat=True):
            self.stdout.write(
                f"submission {pk}: possibly sent already (a worker stopped mid-send): check the "
                "inbox, and resend it from Contact submissions if it did not arrive"
            )
        if failed:
            # A non-zero exit lets cron or a scheduler notice that mail is still failing.
            raise CommandError(f"{failed} notification(s) still unsent.")
