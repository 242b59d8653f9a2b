"""Check every source's outbound link and record what it answered.

Run it by hand or from cron; the admin's content plan and links report shows the last
result of each link.
"""

from django.core.management.base import BaseCommand

from guides.models import Source, SourceLinkCheck


class Command(BaseCommand):
    help = "HEAD (or GET, when HEAD is refused) each source's link and record the result."

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="Seconds to wait for each link."
        )

    def handle(self, *args, timeout, **options):
        sources = list(Source.objects.exclude(url="").order_by("publisher", "title"))
        broken = 0
        for number, source in enumerate(sources, start=1):
            check = SourceLinkCheck.record(source, timeout)
            style = self.style.SUCCESS if check.is_ok else self.style.ERROR
            broken += not check.is_ok
            self.stdout.write(f"[{number}/{len(sources)}] {style(check.result)}  {source.url}")
        summary = f"Checked {len(sources)} links: {len(sources) - broken} fine, {broken} broken."
        self.stdout.write(self.style.WARNING(summary) if broken else self.style.SUCCESS(summary))
