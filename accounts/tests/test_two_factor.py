"""Two-factor sign-in to the admin and the public site (accounts/two_factor.py, on django-otp)."""

import re
import time
from base64 import b32encode
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from accounts.two_factor import make_backup_codes

PASSWORD = "correct horse battery staple"
SETUP_URL = "/admin/two-factor/"
VERIFY_URL = "/admin/two-factor/verify/"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", "editor@truvisory.test", PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.fixture
def app_device(editor):
    return TOTPDevice.objects.create(user=editor, name="Authenticator app", confirmed=True)


def code(device, steps_ahead=0):
    """The code the user's app shows now, or `steps_ahead` 30-second steps from now (a code
    is accepted once, so a second sign-in in the same test needs the next one)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def a_second_passes(device):
    """The throttle after a wrong code is over: its failure moved back in time, not slept out."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
    )


def sign_in(client=None):
    client = client or Client()
    response = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD, "next": "/admin/pages/"}
    )
    assert response.status_code == 302
    return client, response


def errors(response):
    return " ".join(
        li.get_text(" ", strip=True)
        for li in BeautifulSoup(response.content, "html.parser").select(".error, .error-message")
    )


def backup_codes_on(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [li.get_text(strip=True) for li in soup.select("[data-backup-codes] li")]


def test_without_two_factor_the_password_is_enough(editor):
    client, response = sign_in()
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    account = client.get("/admin/account/").content.decode()
    assert "Two-factor sign-in" in account
    assert "Off. Turn it on" in account


def test_turning_it_on_with_the_app_and_getting_backup_codes(editor):
    client, _ = sign_in()
    page = client.get(SETUP_URL)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("svg title").get_text() == "QR code for your authenticator app"
    pending = TOTPDevice.objects.get(user=editor, confirmed=False)
    secret = soup.select_one("[data-secret]").get_text().replace(" ", "")
    assert secret == b32encode(pending.bin_key).decode()
    # A reload shows the same key: the one already scanned stays valid.
    assert secret in client.get(SETUP_URL).content.decode().replace(" ", "")

    wrong = client.post(SETUP_URL, {"action": "turn-on", "code": "000000"})
    assert wrong.status_code == 200  # the form again, with its error
    assert "That code is not right" in errors(wrong)
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()

    a_second_passes(pending)  # a wrong code makes the next try wait a second
    done = client.post(SETUP_URL, {"action": "turn-on", "code": code(pending)})
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]  # shown once, and kept by no cache
    shown = backup_codes_on(done)
    assert len(shown) == 10
    stored = StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    assert sorted(shown) == sorted(stored)
    assert TOTPDevice.objects.get(user=editor).confirmed
    # This session proved the code, so the admin stays open; the account page says "On".
    assert client.get("/admin/pages/").status_code == 200
    assert "On: you enter a code" in client.get("/admin/account/").content.decode()


def test_with_two_factor_every_admin_page_waits_for_the_code(app_device):
    client, response = sign_in()
    assert client.get("/admin/pages/")["Location"] == f"{VERIFY_URL}?next=%2Fadmin%2Fpages%2F"
    assert client.get("/admin/account/")["Location"].startswith(VERIFY_URL)
    assert client.get(SETUP_URL)["Location"].startswith(VERIFY_URL)
    form = client.get(f"{VERIFY_URL}?next=/admin/pages/")
    assert form.status_code == 200
    assert "Enter your code" in form.content.decode()

    wrong = client.post(VERIFY_URL, {"code": "000000", "next": "/admin/pages/"})
    assert "That code is not right" in errors(wrong)
    assert client.get("/admin/pages/").status_code == 302

    # Spaces are fine; the throttle after the one wrong code lasts a second.
    a_second_passes(app_device)
    digits = code(app_device)
    spaced = f" {digits[:3]} {digits[3:]} "
    right = client.post(VERIFY_URL, {"code": spaced, "next": "/admin/pages/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_a_code_from_the_app_works_once(app_device):
    first, _ = sign_in()
    used = code(app_device)
    assert first.post(VERIFY_URL, {"code": used}).status_code == 302
    second, _ = sign_in()
    assert "That code is not right" in errors(second.post(VERIFY_URL, {"code": used}))
    throttled = second.post(VERIFY_URL, {"code": code(app_device, 1)})
    assert "Too many wrong codes. Wait 1 second," in errors(throttled)
    TOTPDevice.objects.filter(pk=app_device.pk).update(throttling_failure_timestamp=None)
    assert second.post(VERIFY_URL, {"code": code(app_device, 1)}).status_code == 302


def test_wrong_codes_make_the_next_try_wait_longer(app_device, caplog):
    client, _ = sign_in()
    for _ in range(3):
        client.post(VERIFY_URL, {"code": "000000"})
        a_second_passes(app_device)
    TOTPDevice.objects.filter(pk=app_device.pk).update(throttling_failure_timestamp=timezone.now())
    refused = client.post(VERIFY_URL, {"code": code(app_device)})
    # Three failures: 1, 2, then 4 seconds to wait.
    assert re.search(r"Too many wrong codes\. Wait [34] seconds", errors(refused))
    assert client.get("/admin/pages/").status_code == 302
    assert [r.username for r in caplog.records if r.getMessage() == "Two-factor code rejected"] == [
        "editor"
    ] * 3


def test_a_backup_code_works_once_in_any_case_and_with_spaces(editor, app_device):
    codes = make_backup_codes(editor)
    client, _ = sign_in()
    spaced = f" {codes[0][:4].upper()} {codes[0][4:]} "
    response = client.post(VERIFY_URL, {"code": spaced, "next": "/admin/pages/"}, follow=True)
    assert response.redirect_chain[0] == ("/admin/pages/", 302)
    assert "You used a backup code. 9 backup codes left" in response.content.decode()
    again, _ = sign_in()
    assert "That code is not right" in errors(again.post(VERIFY_URL, {"code": codes[0]}))
    assert StaticToken.objects.filter(device__user=editor).count() == 9


def test_new_backup_codes_replace_the_old_ones(editor, app_device):
    old = make_backup_codes(editor)
    client, _ = sign_in()
    client.post(VERIFY_URL, {"code": code(app_device)})
    page = client.post(SETUP_URL, {"action": "backup-codes"})
    new = backup_codes_on(page)
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticDevice.objects.filter(user=editor).count() == 1
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(new)


def test_turning_it_off_needs_a_code(editor, app_device):
    make_backup_codes(editor)
    client, _ = sign_in()
    client.post(VERIFY_URL, {"code": code(app_device)})
    wrong = client.post(SETUP_URL, {"action": "turn-off", "code": "000000"})
    assert "That code is not right" in errors(wrong)
    assert TOTPDevice.objects.filter(user=editor).exists()
    TOTPDevice.objects.filter(pk=app_device.pk).update(throttling_failure_timestamp=None)
    off = client.post(SETUP_URL, {"action": "turn-off", "code": code(app_device, 1)}, follow=True)
    assert off.redirect_chain == [("/admin/account/", 302)]
    assert "Two-factor sign-in is off." in off.content.decode()
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    client, response = sign_in()
    assert client.get("/admin/pages/").status_code == 200


def test_when_required_a_user_without_it_must_set_it_up_first(editor, settings):
    settings.ADMIN_2FA_REQUIRED = True
    client, _ = sign_in()
    assert client.get("/admin/pages/")["Location"] == f"{SETUP_URL}?next=%2Fadmin%2Fpages%2F"
    assert client.get(VERIFY_URL)["Location"].startswith(SETUP_URL)
    page = client.get(f"{SETUP_URL}?next=/admin/pages/")
    assert "This site asks every editor to set this up" in page.content.decode()
    pending = TOTPDevice.objects.get(user=editor, confirmed=False)
    done = client.post(
        SETUP_URL, {"action": "turn-on", "code": code(pending), "next": "/admin/pages/"}
    )
    link = BeautifulSoup(done.content, "html.parser").find("a", string="I have saved them")
    assert link["href"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_next_never_leaves_the_site(app_device):
    client, _ = sign_in()
    response = client.post(VERIFY_URL, {"code": code(app_device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_signing_out_and_the_public_site_are_never_held_up(app_device):
    client, _ = sign_in()
    assert client.get("/").status_code == 200
    assert client.post("/admin/logout/")["Location"] == "/admin/login/"


def test_an_administrator_can_reset_it_for_a_user(editor, app_device):
    make_backup_codes(editor)
    out = StringIO()
    call_command("reset_two_factor", "editor", stdout=out)
    assert "Two-factor sign-in is off for editor" in out.getvalue()
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    client, _ = sign_in()
    assert client.get("/admin/pages/").status_code == 200

    out = StringIO()
    call_command("reset_two_factor", "editor", stdout=out)
    assert "nothing to reset" in out.getvalue()
    with pytest.raises(CommandError, match="no user called 'nobody'"):
        call_command("reset_two_factor", "nobody")


@pytest.fixture
def restricted(guide, settings, tmp_path):
    """The guide, and a document, each for signed-in users only (Wagtail's view restrictions)."""
    settings.MEDIA_ROOT = tmp_path
    PageViewRestriction.objects.create(page=guide, restriction_type="login")
    private = Collection.get_first_root_node().add_child(name="Signed-in only")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    document = Document.objects.create(
        title="Board pack", collection=private, file=ContentFile(b"board pack", "board-pack.txt")
    )
    return SimpleNamespace(page=guide.url, title=guide.title, document=document.url)


def sends_to_sign_in(response, url):
    return response.status_code == 302 and response["Location"] == f"/_util/login/?next={url}"


def test_restricted_pages_and_documents_wait_for_the_code_too(app_device, restricted):
    client, _ = sign_in()  # the password step only
    for url in (restricted.page, restricted.document):
        assert sends_to_sign_in(client.get(url), url)
    # Nor does the public site treat the session as signed in: no editor's bar on pages.
    assert "wagtail-userbar" not in client.get("/").content.decode()

    client.post(VERIFY_URL, {"code": code(app_device)})
    assert restricted.title in client.get(restricted.page).content.decode()
    document = client.get(restricted.document)
    assert document.status_code == 200
    assert b"".join(document.streaming_content) == b"board pack"


def test_without_two_factor_the_password_still_opens_restricted_pages(editor, restricted):
    client, _ = sign_in()
    assert client.get(restricted.page).status_code == 200
    assert client.get(restricted.document).status_code == 200


def test_the_front_end_sign_in_goes_through_the_code_page(app_device, restricted):
    client = Client()
    login = client.get(restricted.page)
    assert sends_to_sign_in(login, restricted.page)
    assert client.get(login["Location"]).status_code == 200  # Wagtail's sign-in form
    password = client.post(
        login["Location"], {"username": "editor", "password": PASSWORD, "next": restricted.page}
    )
    step = f"{VERIFY_URL}?next={quote(restricted.page, safe='')}"
    assert password["Location"] == step
    # The page is still closed, and the sign-in page leads back to the code page.
    assert sends_to_sign_in(client.get(restricted.page), restricted.page)
    assert client.get(login["Location"])["Location"] == step

    done = client.post(VERIFY_URL, {"code": code(app_device), "next": restricted.page})
    assert done["Location"] == restricted.page
    assert client.get(restricted.page).status_code == 200
