"""Background tasks that belong to the site as a whole (see pages/tasks.py for the pattern)."""

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_tasks import task

from pages import ratelimit
from truvisory import indexnow
from truvisory.page_cache import cdn

logger = logging.getLogger(__name__)


@task()
def send_password_reset(email):
    """Email a password-reset link to each active admin account with this address, as
    Wagtail's form would in the request. The link is built on WAGTAILADMIN_BASE_URL.
    At most PASSWORD_RESET_LIMIT an hour for one address, counted here rather than in the
    request, which then does the same for every address (truvisory/password_reset.py)."""
    from wagtail.admin.forms.auth import PasswordResetForm
    from wagtail.admin.views.account import PasswordResetView

    digest = salted_hmac("truvisory.password_reset", email.casefold(), algorithm="sha256")
    key = "password-resets:" + digest.hexdigest()
    if ratelimit.over(key, settings.PASSWORD_RESET_LIMIT, settings.PASSWORD_RESET_WINDOW):
        logger.warning("Password reset not sent: too many requests for one address")
        return
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    form.save(
        domain_override=base_url.netloc,
        use_https=base_url.scheme == "https",
        subject_template_name=PasswordResetView.subject_template_name,
        email_template_name=PasswordResetView.email_template_name,
    )


@task()
def purge_cdn(urls_taken_away):
    """Purge every URL of the site from the CDN, and the URLs a change took away. Queued once
    a change is committed (truvisory/page_cache/invalidation.py): listing the URLs reads
    every live page, which is the worker's job, not the request's."""
    cdn.purge_urls(sorted(cdn.changed_urls(urls_taken_away)))


@task()
def submit_to_indexnow(urls_taken_away):
    """Tell IndexNow of the same URLs as purge_cdn, queued beside it after each committed
    change while INDEXNOW_KEY is set (truvisory/indexnow.py). A post that fails is queued
    again, later, as post_to_indexnow."""
    for body in indexnow.posts(cdn.changed_urls(urls_taken_away)):
        _post_to_indexnow(body, attempt=1)


@task()
def post_to_indexnow(body, attempt):
    """One IndexNow post again, after its back-off: attempt number `attempt`. Dropped if
    IndexNow was turned off meanwhile."""
    if indexnow.configured():
        _post_to_indexnow(body, attempt)


def _post_to_indexnow(body, attempt):
    can_wait = post_to_indexnow.get_backend().supports_defer
    delay = indexnow.send(body, attempt, can_wait=can_wait)
    if delay is not None:
        later = timezone.now() + timedelta(seconds=delay)
        post_to_indexnow.using(run_after=later).enqueue(body, attempt + 1)
