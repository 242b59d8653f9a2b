"""Check every source's outbound link and record what it answered, by hand or from cron (as
"Check links now" does on Reports → Content plan and links → Source links)."""

from django.core.management.base import BaseCommand

from guides.models import SourceLinkCheck
from guides.tasks import LINK_TIMEOUT


class Command(BaseCommand):
    help = "HEAD (or GET, when HEAD is refused) each source's link and record the result."

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout",
            type=float,
            default=LINK_TIMEOUT,
            help="Seconds to wait for each link (default: %(default)s, as the admin's checks).",
        )

    def handle(self, *args, timeout, **options):
        checks = SourceLinkCheck.check_all(timeout, progress=self.show)
        broken = sum(not check.is_ok for check in checks)
        summary = f"Checked {len(checks)} links: {len(checks) - broken} fine, {broken} broken."
        self.stdout.write(self.style.WARNING(summary) if broken else self.style.SUCCESS(summary))

    def show(self, check, number, total):
        style = self.style.SUCCESS if check.is_ok else self.style.ERROR
        detail = "" if check.is_ok else f" [{check.detail}]"
        self.stdout.write(f"[{number}/{total}] {style(check.result)}{detail}  {check.url}")
