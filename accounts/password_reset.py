"""The admin's password reset: the same answer, from the same work, for every address."""

import logging

from django.conf import settings
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from accounts.tasks import send_password_reset
from pages import ratelimit

# The name it logged under in truvisory/, which logs and alerts may filter on.
logger = logging.getLogger("truvisory.password_reset")


class PasswordResetForm(WagtailPasswordResetForm):
    """Queues the reset email instead of sending it (WAGTAILADMIN_USER_PASSWORD_RESET_FORM)."""

    def save(self, request=None, **kwargs):
        network = ratelimit.client_network(request) if request else ""
        key = "password-reset-clients:" + ratelimit.address_hash(network)
        limit = settings.PASSWORD_RESET_CLIENT_LIMIT
        if ratelimit.over(key, limit, settings.PASSWORD_RESET_WINDOW):
            logger.warning("Password reset not queued: too many requests from one network")
            return
        send_password_reset.enqueue(self.cleaned_data["email"])
