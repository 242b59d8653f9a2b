"""The dashboard says plainly when nobody would hear of a lead: contact notifications have
no recipient, or the last one could not be sent; and says nothing once that is fixed
(pages/notification_status.py). Leads are sent through a real SMTP server on loopback."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from pages.models import ContactSubmission, SiteSettings
from scripts.prodserver import free_port
from tests.html import soup, text_of
from tests.mail import Inbox, SmtpServer, use_smtp
from tests.tasks import run_worker
from tests.test_contact import send

DASHBOARD = "/admin/"
SETTINGS_URL = "/admin/settings/pages/sitesettings/#id_contact_email"
UNSENT_URL = "/admin/contact_submissions/?notification_sent=false"
RESEND_URL = "/admin/contact-submissions/resend/"


def warning(client):
    """The dashboard's contact-notifications panel, or None."""
    return soup(client.get(DASHBOARD)).select_one("#contact-notifications-section")


def set_contact_email(address):
    site_settings = SiteSettings.for_default_site()
    site_settings.contact_email = address
    site_settings.save()


@pytest.fixture
def fresh_install(settings, db):
    """As `make run` or a new deployment starts: no CONTACT_NOTIFY_EMAIL, no contact email."""
    settings.CONTACT_NOTIFY_EMAIL = ""
    set_contact_email("")


@pytest.fixture
def refusing_smtp(settings, fresh_install):
    """A contact email, and a mail server address where nothing listens."""
    use_smtp(settings, free_port())
    set_contact_email("team@truvisory.test")


def test_a_fresh_install_warns_that_nobody_is_emailed_and_links_the_setting(
    admin_client, fresh_install
):
    panel = warning(admin_client)
    assert panel is not None
    assert "Nobody is emailed about new leads" in text_of(panel)
    assert "contact notifications have no recipient" in text_of(panel)
    link = panel.find("a", href=SETTINGS_URL)
    assert text_of(link) == "Set the contact email in Site settings"
    # The link opens the site settings' form, which has the field.
    form = soup(admin_client.get(SETTINGS_URL.split("#")[0], follow=True))
    assert form.find(id="id_contact_email") is not None


def test_the_warning_counts_the_leads_nobody_was_told_about(admin_client, fresh_install):
    send()
    send(address="192.0.2.11")
    panel = warning(admin_client)
    assert "2 leads not emailed yet" in text_of(panel)
    assert panel.find("a", href=UNSENT_URL)
    # Nothing was tried, so the leads do not read as a mail failure.
    assert list(ContactSubmission.objects.values_list("notification_attempts", flat=True)) == [0, 0]


def test_setting_the_contact_email_keeps_the_count_until_the_leads_are_sent(
    admin_client, fresh_install, settings
):
    """The no-recipient warning goes once a contact email is set; the unsent leads, their
    count and the age of the oldest stay until "Resend unsent leads" has sent them."""
    send()
    send(address="192.0.2.11")
    ContactSubmission.objects.update(created_at=timezone.now() - timedelta(hours=3))
    set_contact_email("team@truvisory.test")
    panel = warning(admin_client)
    text = text_of(panel)
    assert "Nobody is emailed" not in text
    assert "2 leads not emailed yet; the oldest arrived 3 hours ago" in text
    form = panel.find("form", action=RESEND_URL)
    assert text_of(form.button) == "Resend unsent leads"

    # The button's form, posted as a browser would, with the CSRF check on.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(User.objects.get(username="admin"))
    form = warning(browser).find("form", action=RESEND_URL)
    fields = {field["name"]: field["value"] for field in form.find_all("input")}
    assert fields["csrfmiddlewaretoken"] and fields["next"] == DASHBOARD
    inbox = Inbox()
    server = SmtpServer(inbox)
    try:
        use_smtp(settings, server.port)
        response = browser.post(RESEND_URL, fields, follow=True)
    finally:
        server.stop()
    assert response.redirect_chain == [(DASHBOARD, 302)]
    assert "2 of 2 unsent leads emailed." in text_of(soup(response))
    assert len(inbox.messages) == 2
    assert warning(admin_client) is None


def test_a_recipient_from_the_environment_counts_too(admin_client, fresh_install, settings):
    settings.CONTACT_NOTIFY_EMAIL = "team@truvisory.test"
    assert warning(admin_client) is None


def test_a_failed_notification_is_on_the_dashboard_until_mail_works(
    admin_client, refusing_smtp, settings
):
    assert warning(admin_client) is None
    send()
    panel = warning(admin_client)
    assert panel is not None
    text = text_of(panel)
    assert "The last contact notification could not be sent: ConnectionRefusedError" in text
    assert "1 lead not emailed yet" in text
    assert panel.find("a", href=SETTINGS_URL)

    # Still refused: resend_notifications fails, and the warning stays.
    with pytest.raises(CommandError):
        call_command("resend_notifications", stdout=io.StringIO())
    assert warning(admin_client) is not None

    # The mail server answers again: the lead goes out and the warning is gone.
    inbox = Inbox()
    server = SmtpServer(inbox)
    try:
        use_smtp(settings, server.port)
        call_command("resend_notifications", stdout=io.StringIO())
    finally:
        server.stop()
    assert len(inbox.messages) == 1
    assert warning(admin_client) is None


def test_only_the_last_notification_counts(admin_client, refusing_smtp, settings):
    """A lead emailed after a failure shows mail works again: no failure is reported, but
    the one that failed is still counted, with the button that sends it."""
    send()
    inbox = Inbox()
    server = SmtpServer(inbox)
    try:
        use_smtp(settings, server.port)
        send(address="192.0.2.11")
    finally:
        server.stop()
    assert len(inbox.messages) == 1
    text = text_of(warning(admin_client))
    assert "could not be sent" not in text
    assert "1 lead not emailed yet" in text


def test_an_editor_sees_the_warning_and_who_can_fix_it(client, django_user_model, fresh_install):
    editor = django_user_model.objects.create_user("edith", password="x" * 12)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    panel = warning(client)
    assert panel is not None
    assert panel.find("a", href=SETTINGS_URL) is None
    assert "An administrator can set the contact email in Settings › Site settings" in text_of(
        panel
    )


def test_a_user_who_cannot_read_leads_is_not_told(client, django_user_model, fresh_install):
    user = django_user_model.objects.create_user("viewer", password="x" * 12)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert warning(client) is None


def test_the_last_resend_says_it_waits_for_the_worker_then_what_it_did(
    admin_client, refusing_smtp, task_queue
):
    """With a task worker, "Resend unsent leads" is queued: the panel says so, and once the
    worker has run it, how many of the leads it tried were emailed (none: mail is down)."""
    send()
    send(address="192.0.2.11")
    response = admin_client.post(RESEND_URL, {"next": DASHBOARD}, follow=True)
    assert response.status_code == 200
    assert "Last resend, asked for 0 minutes ago: waiting for the task worker." in text_of(
        warning(admin_client)
    )
    run_worker()
    text = text_of(warning(admin_client))
    assert "2 leads not emailed yet" in text
    assert "Last resend, asked for 0 minutes ago: 0 of 2 emailed, 2 failed again." in text
