"""Admin sign-in: repeated failures for one user and address lock that pair out (django-axes)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.html import table_rows

PASSWORD = "correct horse battery staple"
LOGIN_URL = "/admin/login/"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", "editor@truvisory.test", PASSWORD, is_staff=True, is_superuser=True
    )


def logged(caplog, logger_name):
    return [record for record in caplog.records if record.name == logger_name]


def sign_in(client, password, username="editor"):
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/admin/"})


def test_five_failures_lock_the_user_out_from_that_address(axes_on, editor, caplog):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(4):
        response = sign_in(client, "wrong")
        assert response.status_code == 200  # the login form again, with its error
    caplog.clear()
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Sign-in paused" in page
    assert "5 failed attempts" in page
    assert "30 minutes" in page
    assert locked["Retry-After"] == "1800"
    assert any(
        "Locking out" in record.getMessage() for record in logged(caplog, "axes.handlers.database")
    )

    # The right password no longer helps from this address.
    assert sign_in(client, PASSWORD).status_code == 429


def test_the_lockout_is_per_user_and_address(axes_on, editor):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        sign_in(attacker, "wrong")
    assert sign_in(attacker, PASSWORD).status_code == 429

    # The real editor, from their own address, still signs in.
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    response = sign_in(elsewhere, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"

    # Another user name from the attacker's address is not locked either.
    get_user_model().objects.create_user("other", "o@truvisory.test", PASSWORD, is_staff=True)
    assert sign_in(attacker, PASSWORD, username="other").status_code == 302


def test_a_success_before_the_limit_resets_the_count(axes_on, editor):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200


def test_the_address_comes_from_the_trusted_proxy_hop(axes_on, editor, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    # Behind one proxy every request comes from the proxy's address; the client is the
    # last X-Forwarded-For entry, and a forged entry further left changes nothing.
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"):
        proxy = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.7")
        sign_in(proxy, "wrong")
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert sign_in(attacker, PASSWORD).status_code == 429
    editor_client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert sign_in(editor_client, PASSWORD).status_code == 302


def test_the_admin_path_comes_from_the_setting(settings):
    from django.urls import reverse

    assert reverse("wagtailadmin_home") == f"/{settings.ADMIN_PATH}/"


def test_session_and_csrf_cookies_are_secure_in_base_settings():
    from django.conf import global_settings

    from truvisory.settings import base

    def setting(name):  # base.py's value, or else Django's default
        return getattr(base, name, getattr(global_settings, name))

    assert setting("SESSION_COOKIE_SECURE") and setting("SESSION_COOKIE_HTTPONLY")
    assert setting("SESSION_COOKIE_SAMESITE") == "Lax"
    assert setting("CSRF_COOKIE_SECURE") and setting("CSRF_COOKIE_HTTPONLY")


def time_passes(**delta):
    """Move every recorded attempt back in time, as if `delta` had passed."""
    from datetime import timedelta

    from axes.models import AccessAttempt, AccessFailureLog
    from django.db.models import F

    for model in (AccessAttempt, AccessFailureLog):
        model.objects.update(attempt_time=F("attempt_time") - timedelta(**delta))


def pause(client):
    for _ in range(5):
        response = sign_in(client, "wrong")
    assert response.status_code == 429
    return response


def test_three_pauses_in_a_day_lock_sign_in_for_a_day(axes_on, editor, caplog):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(2):
        assert "Sign-in paused" in pause(client).content.decode()
        time_passes(minutes=31)
        # The pause is over: the right password works again, and resets nothing else.
        assert sign_in(client, PASSWORD).status_code == 302
        client.logout()

    caplog.clear()
    locked = pause(client)
    page = locked.content.decode()
    assert "Sign-in locked" in page
    assert "paused 3 times within 24 hours" in page
    assert "manage.py unlock_sign_in editor" in page
    assert 86_390 < int(locked["Retry-After"]) <= 86_400
    assert [r.getMessage() for r in logged(caplog, "truvisory.security")] == ["Sign-in locked"]

    # Half an hour is no longer enough, even with the right password; another address is.
    time_passes(minutes=31)
    assert "Sign-in locked" in sign_in(client, PASSWORD).content.decode()
    assert sign_in(Client(REMOTE_ADDR="198.51.100.20"), PASSWORD).status_code == 302
    # A day after the last pause, the lock is over.
    time_passes(hours=24)
    assert sign_in(client, PASSWORD).status_code == 302


def test_pauses_further_apart_than_a_day_do_not_lock(axes_on, editor):
    client = Client(REMOTE_ADDR="203.0.113.7")
    pause(client)
    time_passes(hours=20)
    pause(client)
    time_passes(hours=5)
    assert "Sign-in paused" in pause(client).content.decode()


def test_an_administrator_unlocks_sign_in(axes_on, editor):
    from io import StringIO

    from django.core.management import call_command

    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        pause(client)
        time_passes(minutes=31)
    assert "Sign-in locked" in sign_in(client, PASSWORD).content.decode()

    out = StringIO()
    call_command("unlock_sign_in", "editor", "--address", "198.51.100.20", stdout=out)
    assert "was neither paused nor locked" in out.getvalue()
    assert sign_in(client, PASSWORD).status_code == 429

    out = StringIO()
    call_command("unlock_sign_in", "editor", stdout=out)
    assert "Sign-in as editor from every address is unlocked" in out.getvalue()
    assert "3 pauses forgiven" in out.getvalue()
    assert sign_in(client, PASSWORD).status_code == 302


def test_superusers_see_and_lift_blocks_under_settings(axes_on, editor, caplog):
    locked, paused = Client(REMOTE_ADDR="203.0.113.7"), Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(3):
        pause(locked)
        time_passes(minutes=31)
    pause(paused)

    admin = Client(REMOTE_ADDR="192.0.2.1")
    admin.force_login(get_user_model().objects.create_superuser("chief", "c@t.test", PASSWORD))
    assert "Sign-in locks" in admin.get("/admin/").content.decode()  # in the Settings menu

    def rows():
        table = table_rows(admin.get("/admin/sign-in-locks/"))
        return [[row["User name"], row["Address"], row["State"]] for row in table]

    # Soonest free first: the pause ends in half an hour, the lock in a day.
    assert rows() == [["editor", "198.51.100.9", "Paused"], ["editor", "203.0.113.7", "Locked"]]

    caplog.clear()
    response = admin.post(
        "/admin/sign-in-locks/", {"username": "editor", "ip_address": "203.0.113.7"}
    )
    assert response["Location"] == "/admin/sign-in-locks/"
    [unlocked] = logged(caplog, "truvisory.security")
    assert unlocked.getMessage() == "Sign-in unlocked" and unlocked.by == "chief"
    assert sign_in(locked, PASSWORD).status_code == 302
    assert sign_in(paused, PASSWORD).status_code == 429
    assert rows() == [["editor", "198.51.100.9", "Paused"]]


def test_only_superusers_reach_sign_in_locks(editor):
    moderator = get_user_model().objects.create_user("mod", "m@t.test", PASSWORD, is_staff=True)
    from django.contrib.auth.models import Group

    moderator.groups.add(Group.objects.get(name="Moderators"))
    client = Client()
    client.force_login(moderator)
    assert client.get("/admin/sign-in-locks/")["Location"] == "/admin/"
    assert "Sign-in locks" not in client.get("/admin/").content.decode()


def test_the_addresses_of_one_ipv6_64_share_a_lockout(axes_on, editor):
    # Each failure from a new address in the same /64, as a rotating proxy sends them.
    for n in range(1, 6):
        sign_in(Client(REMOTE_ADDR=f"2001:db8:aa:1::{n:x}"), "wrong")
    same_64 = Client(REMOTE_ADDR="2001:db8:aa:1:ffff:ffff:ffff:ffff")
    assert sign_in(same_64, PASSWORD).status_code == 429
    # The next /64 is someone else.
    assert sign_in(Client(REMOTE_ADDR="2001:db8:aa:2::1"), PASSWORD).status_code == 302

    # Settings > Sign-in locks shows the /64, and an address in it lifts the pause.
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("chief", "c@t.test", PASSWORD))
    [row] = table_rows(admin.get("/admin/sign-in-locks/"))
    assert row["Address"] == "2001:db8:aa:1::/64"
    from django.core.management import call_command

    call_command("unlock_sign_in", "editor", "--address", "2001:db8:aa:1::77", stdout=StringIO())
    assert sign_in(same_64, PASSWORD).status_code == 302


def test_a_lock_outlasts_other_visitors_failures(axes_on, editor):
    # Axes deletes every attempt older than the cool-off of whoever fails next: the lock
    # must not end because someone else mistyped a password.
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        pause(client)
        time_passes(minutes=31)
    sign_in(Client(REMOTE_ADDR="198.51.100.20"), "wrong", username="someone")
    assert "Sign-in locked" in sign_in(client, PASSWORD).content.decode()
