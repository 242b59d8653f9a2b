"""Per-sender limits kept in the shared cache: contact form posts per address, and
(truvisory/password_reset.py) password-reset emails per email address.

They fail open: when the cache is down everything is let through, because a lost lead
costs more than a little spam.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)


def client_address(request):
    """The visitor's IP address. Behind a proxy in settings.TRUSTED_PROXIES, the first
    middleware (truvisory/proxies.py) has already put it in REMOTE_ADDR, and from anyone else
    a forwarded address never reaches this far. django-axes reads it here too."""
    return request.META.get("REMOTE_ADDR", "")


def address_hash(address):
    """A keyed hash of an address: stable enough to count repeats, useless to anyone else."""
    return salted_hmac("pages.contact.address", address, algorithm="sha256").hexdigest()


def over_limit(sender):
    """Count one post from this sender, and say whether it is over the limit."""
    return over(
        f"contact-posts:{sender}", settings.CONTACT_RATE_LIMIT, settings.CONTACT_RATE_WINDOW
    )


def over(key, limit, window):
    """Count one event under `key`, and say whether that makes more than `limit` in the
    `window` seconds since the first one."""
    try:
        count = _count(key, window)
    except Exception:
        logger.warning("Rate limit %s skipped: the cache is unavailable", key, exc_info=True)
        return False
    # django-redis, told to ignore connection errors, answers None: let the event through.
    return count is not None and count > limit


def _count(key, window):
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this event starts a new window.
        cache.set(key, 1, timeout=window)
        return 1
