"""Lift a pause or lock on admin sign-in (accounts/sign_in_locks.py), for a user name from every
address or from one. Administrators can do the same under Settings > Sign-in locks."""

from django.core.management.base import BaseCommand

from accounts.sign_in_locks import unlock


class Command(BaseCommand):
    help = "Unlock admin sign-in for a user name, from every address or from one (--address)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--address", help="Unlock only this IP address (for IPv6, its whole /64)."
        )

    def handle(self, *args, username, address, **options):
        attempts, pauses = unlock(username, address, by="manage.py unlock_sign_in")
        where = f"from {address}" if address else "from every address"
        if not attempts and not pauses:
            self.stdout.write(f"Sign-in as {username} {where} was neither paused nor locked.")
            return
        self.stdout.write(
            f"Sign-in as {username} {where} is unlocked "
            f"({attempts} failed-attempt record{'s' if attempts != 1 else ''} cleared, "
            f"{pauses} pause{'s' if pauses != 1 else ''} forgiven)."
        )
