"""Turn two-factor sign-in off for a user who has lost both their phone and their backup
codes. They sign in with their password, and can then set it up again."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.two_factor import turn_off


class Command(BaseCommand):
    help = "Turn two-factor sign-in off for a user, so they can sign in and set it up again."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"There is no user called {username!r}.") from None
        if not turn_off(user, by="an administrator"):
            self.stdout.write(f"{username} has no two-factor sign-in set up: nothing to reset.")
            return
        self.stdout.write(
            f"Two-factor sign-in is off for {username}. They sign in with their password, "
            "then can set it up again from their account page."
        )
