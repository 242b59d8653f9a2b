"""Identity as data: renaming the organisation in Site settings renames it everywhere a visitor,
an editor or a mail reader meets it (pages/identity.py).

The plain 400 and 500 pages never read the database: they name ORGANISATION_NAME, the
deployment's setting, which a rename changes too (as an operator does; here, the test's
`settings`). Everything else follows Site settings alone.
"""

import uuid
from collections import deque
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.views.defaults import bad_request, permission_denied, server_error
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page, Site

from accounts.tasks import send_password_reset
from pages.models import ContactSubmission, SiteSettings
from pages.notifications import notify
from pages.views import csrf_failure
from tests.mail import Inbox, SmtpServer, use_smtp
from tests.test_contact import send

PASSWORD = "correct horse battery staple"
EDITOR = "editor@identity.test"
# Files beside the pages that crawlers and assistants read, and pages only a form leads to.
MORE_URLS = [
    "/robots.txt",
    "/llms.txt",
    "/llms-full.txt",
    "/sitemap.xml",
    "/feeds/guides/",
    "/.well-known/security.txt",
    "/evidence.csv",
    "/evidence.json",
    "/search/?q=example",
]


@pytest.fixture
def renamed(db, settings):
    """(old name, new name): the organisation renamed in Site settings, and in
    ORGANISATION_NAME, which had been set to the old name as a deployment sets it."""
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    old = site_settings.organisation_name
    new = f"Renamed Org {uuid.uuid4().hex[:8]}"
    settings.ORGANISATION_NAME = old
    site_settings.organisation_name = new
    site_settings.save()
    settings.ORGANISATION_NAME = new
    return old, new


def crawl(client):
    """Every page and file a crawler reaches from the home page and MORE_URLS, with the
    markdown copy of every live page: {url: text}."""
    live = [page.url for page in Page.objects.live().filter(depth__gt=1)]
    starts = ["/", *MORE_URLS, *live, *(f"{url}index.html.md" for url in live)]
    seen, queue, texts = set(starts), deque(starts), {}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        texts[url] = text
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in BeautifulSoup(text, "html.parser").find_all(["a", "form"]):
            href = urldefrag(link.get("href") or link.get("action") or "")[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or href in seen:
                continue
            seen.add(href)
            queue.append(href)
    assert set(live) <= set(texts)
    return texts


def test_no_page_or_file_names_the_old_organisation(client, renamed):
    old, new = renamed
    texts = crawl(client)
    assert [url for url, text in texts.items() if old in text] == []
    named = [url for url, text in texts.items() if new in text]
    assert "/" in named and "/llms.txt" in named and "/feeds/guides/" in named
    # The contact form's consent box names who keeps the details.
    contact = BeautifulSoup(texts["/contact/"], "html.parser")
    assert new in contact.find("label", attrs={"for": "id_consent"}).get_text()


def test_no_error_page_names_the_old_organisation(client, renamed):
    old, new = renamed
    request = RequestFactory().get("/")
    request.user = get_user_model()()
    pages = {
        "404": client.get("/no-such-page/"),
        "403": permission_denied(request, PermissionDenied()),
        "403 (CSRF)": csrf_failure(request),
        "400": bad_request(request, SuspiciousOperation()),
        "500": server_error(request),
    }
    for name, response in pages.items():
        if hasattr(response, "render"):
            response.render()
        title = BeautifulSoup(response.content, "html.parser").title.get_text()
        assert new in title, name
        assert old not in response.content.decode(), name
    assert pages["404"].status_code == 404


@pytest.fixture
def inbox(settings):
    server = SmtpServer(Inbox())
    use_smtp(settings, server.port)
    settings.CONTACT_NOTIFY_EMAIL = "team@identity.test"
    yield server.inbox
    server.stop()


def test_no_email_names_the_old_organisation(renamed, inbox):
    old, new = renamed
    assert send().status_code == 302
    notify(ContactSubmission.objects.latest("pk").pk)
    get_user_model().objects.create_user("editor", EDITOR, PASSWORD, is_staff=True)
    send_password_reset.call(EDITOR)

    notification, reset = inbox.messages
    assert notification["To"] == "team@identity.test" and reset["To"] == EDITOR
    for message in (notification, reset):
        assert message["From"].startswith(f"{new} <")
        assert old not in message.as_string()


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", EDITOR, PASSWORD, is_staff=True, is_superuser=True
    )


def signed_in():
    client = Client()
    client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    return client


def test_no_two_factor_screen_names_the_old_organisation(editor, renamed):
    old, new = renamed
    client = signed_in()
    setup = client.get("/admin/two-factor/")
    assert setup.status_code == 200
    # The QR code's address names the new issuer: the name the authenticator app shows.
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert f"issuer={new}" in unquote(device.config_url)
    device.confirmed = True
    device.save()

    verify = signed_in().get("/admin/two-factor/verify/")
    assert verify.status_code == 200
    for response, says in [
        (setup, f"the six-digit code the app now shows for {new}."),
        (verify, f"enter the code it shows for {new}."),
    ]:
        text = response.content.decode()
        assert says in " ".join(text.split())
        assert old not in text


def test_the_admin_greets_editors_by_the_new_name(editor, renamed):
    old, new = renamed
    # A superuser's dashboard names WAGTAIL_SITE_NAME; an editor's, the Site's own name.
    assert Site.objects.get(is_default_site=True).site_name == new
    client = Client()
    client.force_login(editor)
    dashboard = client.get("/admin/")
    assert new in BeautifulSoup(dashboard.content, "html.parser").find("h1").get_text()
    assert old not in dashboard.content.decode()
