"""The accounts' background task: the admin's password-reset email, sent by the worker."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django_tasks import task

from pages import ratelimit
from pages.identity import email_sender

# The name it logged under in truvisory/, which logs and alerts may filter on.
logger = logging.getLogger("truvisory.tasks")


@task()
def send_password_reset(email):
    """Email a reset link as Wagtail's form would, at most PASSWORD_RESET_LIMIT per address."""
    from wagtail.admin.forms.auth import PasswordResetForm
    from wagtail.admin.views.account import PasswordResetView

    key = "password-resets:" + ratelimit.address_hash(email.casefold())
    if ratelimit.over(key, settings.PASSWORD_RESET_LIMIT, settings.PASSWORD_RESET_WINDOW):
        logger.warning("Password reset not sent: too many requests for one address")
        return
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    form.save(
        from_email=email_sender(),
        domain_override=base_url.netloc,
        use_https=base_url.scheme == "https",
        subject_template_name=PasswordResetView.subject_template_name,
        email_template_name=PasswordResetView.email_template_name,
    )
