"""The admin's password reset: the same answer, in the same time, for every address.

Wagtail's own form looks the address up and sends the email inside the request, so its
timing tells whether an address has an account, and a slow mail server slows the page.
This form only counts the request against the address's limit and queues one task
(truvisory/tasks.py), whatever the address; the worker looks the address up and sends
the email. Over PASSWORD_RESET_LIMIT requests an hour for one address, nothing is
queued, and the page still answers as usual.
"""

import logging

from django.conf import settings
from django.utils.crypto import salted_hmac
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from pages import ratelimit

logger = logging.getLogger(__name__)


class PasswordResetForm(WagtailPasswordResetForm):
    """Queues the reset email instead of sending it (WAGTAILADMIN_USER_PASSWORD_RESET_FORM)."""

    def save(self, **kwargs):
        from truvisory.tasks import send_password_reset

        email = self.cleaned_data["email"]
        key = (
            "password-resets:"
            + salted_hmac(
                "truvisory.password_reset", email.casefold(), algorithm="sha256"
            ).hexdigest()
        )
        if ratelimit.over(key, settings.PASSWORD_RESET_LIMIT, settings.PASSWORD_RESET_WINDOW):
            logger.warning("Password reset not sent: too many requests for one address")
            return
        send_password_reset.enqueue(email)
