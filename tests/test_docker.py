"""The Docker image and compose file, tested without a Docker engine (none runs here):
the Dockerfile and docker-compose.yml are read, and the image's commands run on this
host with the image's settings."""

import http.cookies
import re
import shlex
import subprocess
import time
import urllib.parse
import urllib.request

import pytest
import yaml
from django.core.management import get_commands

from scripts.prodserver import BIN, ROOT, production_server
from tests.mail import Inbox, SmtpServer

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
TEAM = "team@truvisory.test"


def runtime_stage():
    """The final stage's instructions, as (INSTRUCTION, arguments), continuations joined."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("#")]
    last_from = max(n for n, line in enumerate(lines) if line.upper().startswith("FROM "))
    return [tuple(line.split(None, 1)) for line in lines[last_from:]]


def image_env():
    """The runtime stage's ENV, as a dict."""
    env = {}
    for instruction, args in runtime_stage():
        if instruction.upper() == "ENV":
            env.update(pair.split("=", 1) for pair in shlex.split(args))
    return env


def test_the_image_gives_its_non_root_user_the_media_folder():
    stage = runtime_stage()
    user = next(args for instruction, args in stage if instruction.upper() == "USER")
    assert user not in {"root", "0"}
    uid = re.search(rf"useradd .*--uid (\d+) .*\b{user}\b", str(stage))
    assert uid and uid.group(1) == "10001"
    media = image_env()["MEDIA_ROOT"]
    # Before USER, a RUN makes MEDIA_ROOT and gives it to the user: a volume mounted
    # there starts with that owner, so uploads and share cards can be written.
    before_user = stage[: [instruction.upper() for instruction, _ in stage].index("USER")]
    runs = " && ".join(args for instruction, args in before_user if instruction.upper() == "RUN")
    assert re.search(rf"mkdir -p [^&]*{re.escape(media)}\b", runs), runs
    assert re.search(rf"chown {user}(:{user})? [^&]*{re.escape(media)}\b", runs), runs
    # Every service that stores media mounts its volume on that folder.
    for name in ("web", "worker"):
        assert f"media:{media}" in COMPOSE["services"][name]["volumes"], name


def test_compose_runs_the_worker_and_every_command_it_names_exists():
    services = COMPOSE["services"]
    worker = services["worker"]
    assert worker["command"][:3] == ["python", "manage.py", "db_worker"]
    assert worker["environment"] == services["web"]["environment"]
    assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    commands = get_commands()
    named = set()
    for service in services.values():
        command = service.get("command")
        text = " ".join(command) if isinstance(command, list) else str(command or "")
        named |= set(re.findall(r"manage\.py (\w+)", text))
    assert {"db_worker", "migrate", "load_site_content", "resend_notifications"} <= named
    assert named <= set(commands), named - set(commands)


def seconds(duration):
    """A compose duration such as "30s", "1m30s" or "2m", in seconds."""
    units = {"h": 3600, "m": 60, "s": 1}
    parts = re.findall(r"(\d+)([hms])", str(duration))
    assert parts and "".join(n + u for n, u in parts) == str(duration), duration
    return sum(int(n) * units[u] for n, u in parts)


def test_only_web_has_a_health_check_and_the_long_running_services_restart_and_stop_gently(
    settings,
):
    # The image has none: worker, scheduler and migrate serve no /healthz.
    assert not [i for i, _ in runtime_stage() if i.upper() == "HEALTHCHECK"]
    services = COMPOSE["services"]
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    for name in ("worker", "scheduler", "migrate"):
        assert "healthcheck" not in services[name], name
    for name in ("web", "worker", "scheduler"):
        assert services[name]["restart"] == "unless-stopped", name
        # Room for the request or mail send under way when the container is stopped.
        assert seconds(services[name]["stop_grace_period"]) > settings.EMAIL_TIMEOUT * 2, name
    assert services["migrate"]["restart"] == "no"


def compose_env(**overrides):
    """The compose file's settings for the app, with its ${VAR:-default}s at their defaults."""
    env = {}
    for name, value in COMPOSE["services"]["web"]["environment"].items():
        env[name] = re.sub(r"\$\{\w+:?-([^}]*)\}", r"\1", str(value))
    env.pop("SECRET_KEY")  # required (":?"); the server sets its own
    return {**env, **overrides}


def get_page(url, cookie=""):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        return response.status, response.headers, response.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def open_contact_form(base):
    """The contact form as a visitor's browser gets it: (cookie, fields, when it came)."""
    _, headers, body = get_page(base + "/contact/")
    cookie = http.cookies.SimpleCookie(headers["Set-Cookie"])["csrftoken"].value
    html = body.decode()
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    return cookie, fields, time.monotonic()


def post_contact(base, form):
    """Send the form opened earlier, filled in as a visitor would, once production's
    minimum fill time (CONTACT_MIN_FILL_SECONDS, 3 s) has passed since it was opened."""
    cookie, fields, opened = form
    fields = {
        **fields,
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "prompted_by": "pilot",
        "message": "Sent through the image's own settings.",
        "consent": "on",
    }
    time.sleep(max(0, opened + 3.2 - time.monotonic()))
    request = urllib.request.Request(
        base + "/contact/",
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Cookie": f"csrftoken={cookie}"},
    )
    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=10)  # noqa: S310
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Location")
    raise AssertionError("the contact form did not redirect")


@pytest.mark.slow
def test_the_images_commands_run_on_this_host_with_the_images_settings(
    tmp_path, site_template, collected_static
):
    database = site_template.copy()
    smtp = SmtpServer(Inbox())
    media = tmp_path / "media"
    media.mkdir()
    env = {
        **compose_env(DATABASE_URL=database, REDIS_URL=""),
        **{k: v for k, v in image_env().items() if k != "PATH"},
        "MEDIA_ROOT": str(media),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "CONTACT_NOTIFY_EMAIL": TEAM,
        "WAGTAILADMIN_BASE_URL": "http://localhost:8000",
    }
    env.pop("REDIS_URL")
    env.pop("DJANGO_SETTINGS_MODULE")  # the server's own module wraps the production one
    try:
        served = production_server(
            database_url=database, extra_env=env, seed=False, static_root=collected_static
        )
        with served as (base, server_env):
            run = {"cwd": ROOT, "env": server_env, "check": True, "timeout": 120}
            # The release step's migrate, as a rolling deploy runs it beside the old web
            # node: the copy has every migration, and it points the Site at SITE_URL.
            subprocess.run([BIN / "python", "manage.py", "migrate", "--noinput", "-v0"], **run)
            # The form's fill time runs while the share card is checked.
            form = open_contact_form(base)
            # The image's CMD served the site; a share card is drawn and kept in MEDIA_ROOT.
            _, _, home = get_page(base + "/")
            card = re.search(rb'property="og:image" content="https?://[^/]+(/social/[^"]+)"', home)
            status, headers, _ = get_page(base + card.group(1).decode())
            assert (status, headers["Content-Type"]) == (200, "image/png")
            assert list(media.rglob("*.png"))

            # A lead posted to the web node is queued; compose's worker command sends it.
            assert post_contact(base, form) == (302, "/contact/thanks/")
            assert smtp.inbox.attempts == 0
            worker = COMPOSE["services"]["worker"]["command"][1:]  # without "python"
            subprocess.run([BIN / "python", *worker, "--batch", "--no-startup-delay"], **run)
            [message] = smtp.inbox.messages
            assert message["To"] == TEAM

            # docs/operations.md's way to make the first admin user, without a prompt.
            create = ["manage.py", "createsuperuser", "--noinput", "--username", "owner"]
            create_env = {**server_env, "DJANGO_SUPERUSER_PASSWORD": "a-long-pass-phrase-1"}
            subprocess.run(
                [BIN / "python", *create, "--email", "owner@truvisory.test"],
                **{**run, "env": create_env},
            )
    finally:
        smtp.stop()
