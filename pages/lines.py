"""Lines of text as the site reads them: one-per-line fields, and the addresses browsers send."""

import re
from urllib.parse import urlsplit

# Control characters: no text a visitor types holds one, and PostgreSQL refuses NUL outright.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A path as the site's own URLs write them: no scheme, host, query, fragment or control.
PATH = re.compile(r"/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*")


def one_per_line(text):
    """The items of a one-per-line field: each non-blank line, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def scheme_and_host(address):
    """(scheme, host name) of an address, the host without a final dot; empty if unreadable."""
    try:
        parts = urlsplit(address.strip())
        return parts.scheme, (parts.hostname or "").rstrip(".")
    except ValueError:
        return "", ""
