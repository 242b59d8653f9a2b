"""Lift a pause or lock on admin sign-in (django-axes and truvisory.security), for a user
name from every address or from one."""

import logging

from axes.models import AccessAttempt, AccessFailureLog
from django.core.management.base import BaseCommand

logger = logging.getLogger("truvisory.security")


class Command(BaseCommand):
    help = "Unlock admin sign-in for a user name, from every address or from one (--address)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--address", help="Unlock only this IP address.")

    def handle(self, *args, username, address, **options):
        match = {"username": username}
        if address:
            match["ip_address"] = address
        attempts, _ = AccessAttempt.objects.filter(**match).delete()
        # The pauses are what the lock counts; the failures themselves stay on record.
        pauses = AccessFailureLog.objects.filter(locked_out=True, **match).update(locked_out=False)
        where = f"from {address}" if address else "from every address"
        if not attempts and not pauses:
            self.stdout.write(f"Sign-in as {username} {where} was neither paused nor locked.")
            return
        logger.warning("Sign-in unlocked by an administrator", extra=match)
        self.stdout.write(
            f"Sign-in as {username} {where} is unlocked "
            f"({attempts} failed-attempt record{'s' if attempts != 1 else ''} cleared, "
            f"{pauses} pause{'s' if pauses != 1 else ''} forgiven)."
        )
