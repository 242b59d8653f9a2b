"""Make sure a local admin account exists, and say how to log in.

On the first run it creates the user with a random password and keeps the
credentials in a git-ignored file, so later runs print the same ones.
"""

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".local-admin.txt"


class Command(BaseCommand):
    help = "Create a local admin account if needed and print its login details."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, username, url, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_local_admin is for local development only (DEBUG is off).")
        User = get_user_model()
        saved = self.read_saved()
        user = User.objects.filter(username=username).first()
        if user and saved.get("username") == username and user.check_password(saved["password"]):
            password = saved["password"]
        else:
            password = secrets.token_urlsafe(15)
            if user is None:
                user = User(username=username, email=f"{username}@localhost")
            user.is_staff = user.is_superuser = user.is_active = True
            user.set_password(password)
            user.save()
            CREDENTIALS_FILE.write_text(
                json.dumps({"username": username, "password": password}) + "\n"
            )
            CREDENTIALS_FILE.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS("Local admin: ")
            + f"{url}  user: {username}  password: {password}  (kept in {CREDENTIALS_FILE.name})"
        )

    def read_saved(self):
        try:
            return json.loads(CREDENTIALS_FILE.read_text())
        except (OSError, ValueError):
            return {}
