"""X-Forwarded-* and X-Request-ID, believed only from TRUSTED_PROXIES (docs/operations.md)."""

import functools
import ipaddress
import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

FORWARDING_HEADERS = [
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
]
# Believed from a trusted proxy, dropped from anyone else; but a browser may send one, so
# it is no sign of a proxy missing from TRUSTED_PROXIES.
REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"


@functools.cache
def trusted_networks(entries):
    """settings.TRUSTED_PROXIES, parsed (a tuple, so that it can be cached)."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is neither an IP address nor a network"
            ) from None
    return tuple(networks)


def parse_address(text):
    """An address, with an IPv4 address in IPv6 form (::ffff:10.0.0.1) as IPv4; or None."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def is_trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def visitor_address(peer, forwarded_for, networks):
    """The right-most address of X-Forwarded-For and the peer that is not a trusted proxy."""
    # Each proxy appends the address it was connected from: anything further left is
    # whatever the client sent. An entry that is not an address stops the walk.
    address = parse_address(peer)
    for entry in reversed(forwarded_for.split(",")):
        if not is_trusted(address, networks) or (candidate := parse_address(entry)) is None:
            break
        address = candidate
    return str(address) if address is not None else peer


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        trusted_networks(tuple(settings.TRUSTED_PROXIES))  # a wrong entry stops start-up
        self.warned = False

    def __call__(self, request):
        meta = request.META
        networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
        peer = meta.get("REMOTE_ADDR", "")
        if is_trusted(parse_address(peer), networks):
            meta["REMOTE_ADDR"] = visitor_address(
                peer, meta.get("HTTP_X_FORWARDED_FOR", ""), networks
            )
        else:
            meta.pop(REQUEST_ID_HEADER, None)
            ignored = [header for header in FORWARDING_HEADERS if meta.pop(header, None)]
            if ignored and not self.warned:
                # Once per worker: behind a proxy that is missing from TRUSTED_PROXIES, every
                # visitor would share its address and every request would look like http.
                self.warned = True
                logger.warning(
                    "Forwarded headers from %s ignored (%s): it is not in TRUSTED_PROXIES",
                    peer,
                    ", ".join(header.removeprefix("HTTP_").replace("_", "-") for header in ignored),
                )
        return self.get_response(request)
