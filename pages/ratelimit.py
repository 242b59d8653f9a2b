"""A per-address limit on contact form posts, kept in the shared cache.

It fails open: when the cache is down every post is let through, because a lost lead
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
    try:
        count = _count(f"contact-posts:{sender}")
    except Exception:
        logger.warning("Contact rate limit skipped: the cache is unavailable", exc_info=True)
        return False
    # django-redis, told to ignore connection errors, answers None: let the post through.
    return count is not None and count > settings.CONTACT_RATE_LIMIT


def _count(key):
    cache.add(key, 0, timeout=settings.CONTACT_RATE_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this post starts a new window.
        cache.set(key, 1, timeout=settings.CONTACT_RATE_WINDOW)
        return 1
