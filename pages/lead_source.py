"""Where a lead came from, as the visitor's browser kept it (static/js/visit.js), bounded
before it is stored: a value no browser would send is "unknown", never an error."""

import re

from pages.lines import PATH, scheme_and_host

UNKNOWN = "unknown"
GUIDES_READ_MAX = 10

# utm_ values as campaigns write them: words, numbers, spaces and light punctuation.
CAMPAIGN = re.compile(r"[\w .,:+\-/|()&']+")
LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
HOSTNAME = re.compile(rf"(?=.{{1,253}}$){LABEL}(?:\.{LABEL})*")


def page_path(value):
    """An address on this site, such as /guides/fractional-ai-cto/ (no query, no fragment)."""
    value = value.strip()
    valid = len(value) <= 200 and PATH.fullmatch(value) and not value.startswith("//")
    return value if valid or not value else UNKNOWN


def campaign_value(value):
    """One utm_ value, as the campaign's link gave it."""
    value = " ".join(value.split())
    return value if not value or (len(value) <= 100 and CAMPAIGN.fullmatch(value)) else UNKNOWN


def referrer_host(value):
    """The host of `document.referrer` (a full address), in lower case, if it is a web address."""
    value = value.strip()
    if not value:
        return ""
    scheme, host = scheme_and_host(value)
    valid = len(value) <= 2000 and scheme in ("http", "https") and HOSTNAME.fullmatch(host)
    return host if valid else UNKNOWN


def guides_read(value):
    """The last GUIDES_READ_MAX guides read (space-separated addresses), once each, oldest first."""
    paths = list(map(page_path, value.split()[-GUIDES_READ_MAX * 10 :]))
    last_reads = dict.fromkeys(path for path in reversed(paths) if path != UNKNOWN)
    return list(reversed(last_reads))[-GUIDES_READ_MAX:]
