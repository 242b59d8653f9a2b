"""Move the analytics counts kept in Redis into the database and prune what has expired, by
hand or from cron where no task worker runs."""

from django.core.management.base import BaseCommand

from analytics import counting


class Command(BaseCommand):
    help = "Move Redis's analytics counts into the database, and delete expired counts."

    def handle(self, *args, **options):
        moved = counting.flush()
        deleted = counting.prune()
        self.stdout.write(
            f"{moved} counts moved into the database; {deleted} expired rows deleted."
        )
