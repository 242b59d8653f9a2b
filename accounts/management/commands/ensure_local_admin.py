"""Make sure a local admin account exists, and say how to log in. Its login is kept in
LOCAL_ADMIN_FILE (git-ignored), for later runs and runserver's banner."""

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


def saved_login():
    """The saved user name and password, or {} when there are none."""
    try:
        saved = json.loads(Path(settings.LOCAL_ADMIN_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return saved if isinstance(saved, dict) and {"username", "password"} <= saved.keys() else {}


class Command(BaseCommand):
    help = "Create a local admin account if needed and print its login details."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, username, url, verbosity, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_local_admin is for local development only (DEBUG is off).")
        User = get_user_model()
        path = Path(settings.LOCAL_ADMIN_FILE)
        saved = saved_login()
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
            path.write_text(json.dumps({"username": username, "password": password}) + "\n")
            path.chmod(0o600)
        if verbosity:
            login = f"{url}  user: {username}  password: {password}  (kept in {path.name})"
            self.stdout.write(self.style.SUCCESS("Local admin: ") + login)
