"""Who the site says it is (SiteSettings.organisation_name), for code with no template."""

from email.utils import formataddr, parseaddr

from django.apps import apps
from django.conf import settings
from django.utils.functional import lazy


def default_organisation_name():
    return settings.ORGANISATION_NAME


def organisation_name():
    """The default Site's organisation name, which the admin, emails and HTTP clients use."""
    # By name: the settings module reads this before the models can be imported.
    return apps.get_model("pages", "SiteSettings").for_default_site().organisation_name


def totp_issuer(device):
    """OTP_TOTP_ISSUER: the name an authenticator app shows beside its codes."""
    return organisation_name()


# WAGTAIL_SITE_NAME: read when the admin needs it, after each rename.
site_name = lazy(organisation_name, str)()


def email_sender():
    """The From of every email: the organisation's name at DEFAULT_FROM_EMAIL's address."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    return formataddr((organisation_name(), address))


# WAGTAILADMIN_NOTIFICATION_FROM_EMAIL: Wagtail's own emails (moderation, workflows).
sender = lazy(email_sender, str)()


def user_agent(client):
    """The User-Agent of one of the site's HTTP clients, naming whom to ask."""
    home = settings.SITE_URL or settings.WAGTAILADMIN_BASE_URL
    return f"{organisation_name()} {client} (+{home})"
