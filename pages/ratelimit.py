"""Per-network limits in the shared cache, for contact form posts and password resets. They
fail open: a lost lead costs more than a little spam (docs/architecture.md, "Rate limits")."""

import ipaddress
import logging

from django.core.cache import cache
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)


IPV6_PREFIX = 64


def client_network(request):
    """The visitor's network key, from REMOTE_ADDR (truvisory/proxies.py sets it)."""
    return network_of(request.META.get("REMOTE_ADDR", ""))


def network_of(address):
    """An IPv6 address as the first address of its /64 (2001:db8:1:2::), which django-axes
    can keep in its address column; anything else as it is."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    parsed = getattr(parsed, "ipv4_mapped", None) or parsed  # ::ffff:192.0.2.1 is IPv4
    if parsed.version == 4:
        return str(parsed)
    return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)


def network_label(network):
    """A network key as people read it: 2001:db8:1:2::/64, or the IPv4 address."""
    return f"{network}/{IPV6_PREFIX}" if ":" in network else network


def address_hash(network):
    """A keyed hash of a network key: stable enough to count repeats, useless to anyone else."""
    return salted_hmac("pages.contact.address", network, algorithm="sha256").hexdigest()


def over(key, limit, window):
    """Count one event: whether that makes more than `limit` in `window` seconds under `key`."""
    try:
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:
            # The key expired between add() and incr(): this event starts a new window.
            cache.set(key, 1, timeout=window)
            count = 1
    except Exception:
        logger.warning("Rate limit %s skipped: the cache is unavailable", key, exc_info=True)
        return False
    # django-redis, told to ignore connection errors, answers None: let the event through.
    return count is not None and count > limit
