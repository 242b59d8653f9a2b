"""`manage.py runserver`, quieter: checks say nothing unless something is wrong, the local admin's
login is printed last, and scheduled pages are published every minute (worker/scheduler.py)."""

from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand

from accounts.management.commands.ensure_local_admin import saved_login
from worker import scheduler

RULE = "-" * 64


class Command(RunserverCommand):
    def inner_run(self, *args, **options):
        if not options["skip_checks"]:
            self.check(display_num_errors=False)  # errors stop here; warnings are printed
            options = {**options, "skip_checks": True}
        scheduler.start()  # in the process that serves, restarted with it on a code change
        super().inner_run(*args, **options)

    def on_bind(self, server_port):
        host = "0.0.0.0" if self.addr == "0" else self.addr  # noqa: S104 (as Django shows it)
        host = f"[{host}]" if self._raw_ipv6 else host
        site = f"{self.protocol}://{host}:{server_port}/"
        login = saved_login()
        lines = ["", RULE, f"  The site:   {site}", f"  The admin:  {site}{settings.ADMIN_PATH}/"]
        if login:
            lines += [f"  User name:  {login['username']}", f"  Password:   {login['password']}"]
        else:
            lines += ["  No local admin yet: python manage.py ensure_local_admin"]
        lines += [
            RULE,
            "  Scheduled pages go live within a minute of their time.",
            "  Development server only. Ctrl+C stops it. One line per request follows.",
            "",
        ]
        self.stdout.write("\n".join(lines))
