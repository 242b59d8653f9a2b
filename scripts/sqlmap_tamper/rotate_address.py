"""A sqlmap tamper script: each request through a proxy that gives it a new address.

Loopback is a trusted proxy of the local server (scripts/prodserver.py), so the
X-Forwarded-For set here is the visitor's address as the site sees it. SQLMAP_ROTATE says
which addresses: "64", a new one in the IPv6 /64 of SQLMAP_ADDRESS each time; "net", one
in a new /64 each time. (sqlmap loads this file by its path; it changes no payload.)
"""

import ipaddress
import os
import random

__priority__ = 0


def dependencies():
    pass


def new_address():
    home = ipaddress.ip_network(os.environ["SQLMAP_ADDRESS"] + "/64", strict=False)
    if os.environ["SQLMAP_ROTATE"] == "64":
        return str(home[random.randrange(1, 2**64)])  # noqa: S311 (not a secret)
    network = random.randrange(2**32)  # noqa: S311 (a /64 under 2001:db8::/32)
    return str(ipaddress.IPv6Address("2001:db8::") + (network << 64) + 1)


def tamper(payload, **kwargs):
    kwargs.get("headers", {})["X-Forwarded-For"] = new_address()
    return payload
