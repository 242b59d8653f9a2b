"""Who the site says it is, for code that has no template to ask (two-factor issuer, admin
site name, email sender, HTTP clients): SiteSettings.organisation_name, seeded from the
ORGANISATION_NAME setting, which alone names it on the plain 400 and 500 pages."""

from email.utils import formataddr, parseaddr

from django.apps import apps
from django.conf import settings
from django.utils.functional import lazy


def default_organisation_name():
    """A fresh database's organisation name (the model field's default)."""
    return settings.ORGANISATION_NAME


def organisation_name():
    """The default Site's organisation name: the admin, its emails and the site's HTTP
    clients serve every Site, and speak as the default one."""
    # By name: the settings module reads this before the models can be imported.
    return apps.get_model("pages", "SiteSettings").for_default_site().organisation_name


def totp_issuer(device):
    """OTP_TOTP_ISSUER: the name an authenticator app shows beside its codes."""
    return organisation_name()


# WAGTAIL_SITE_NAME: read when the admin needs it, after each rename.
site_name = lazy(organisation_name, str)()


def email_sender(name=None):
    """The From of every email the site sends: the organisation's name at the address
    DEFAULT_FROM_EMAIL gives (which may carry a display name of its own; this one wins)."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    return formataddr((name or organisation_name(), address))


# WAGTAILADMIN_NOTIFICATION_FROM_EMAIL: Wagtail's own emails (moderation, workflows).
sender = lazy(email_sender, str)()


def user_agent(client):
    """The User-Agent of one of the site's HTTP clients, e.g. "Example Firm link checker
    (+https://example.com)", so that the servers it calls know whom to ask."""
    home = settings.SITE_URL or settings.WAGTAILADMIN_BASE_URL
    return f"{organisation_name()} {client} (+{home})"
