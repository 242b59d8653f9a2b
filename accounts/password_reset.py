"""The admin's password reset: the same answer, from the same work, for every address.

Wagtail's own form looks the address up and sends the email inside the request, so its
timing tells whether an address has an account, and a slow mail server slows the page.
This form only queues one task (page_cache/tasks.py), whatever the address; the worker
counts the request against the address's limit (PASSWORD_RESET_LIMIT an hour), looks the
address up and sends the email. So a request for an address that is over its limit does
exactly what one for any other address does: nothing in the request tells them apart.

What the request does count is the client: over PASSWORD_RESET_CLIENT_LIMIT requests an
hour from one network (pages/ratelimit.py: an IPv4 address, or an IPv6 /64), nothing more
is queued, so that one client cannot fill the queue or a mailbox. The page still answers as
usual; that tells the client only about itself.
"""

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
