"""Where a lead came from, as the visitor's browser kept it (static/js/visit.js), bounded
before it is stored: a value no browser would send is "unknown", never an error. The
analytics name the stored referrer host as the lead's source (analytics/sources.py)."""

import re

from pages.lines import PATH, scheme_and_host

UNKNOWN = "unknown"
PATH_MAX_LENGTH = 200
CAMPAIGN_MAX_LENGTH = 100
REFERRER_MAX_LENGTH = 2000
GUIDES_READ_MAX = 10

# utm_ values as campaigns write them: words, numbers, spaces and light punctuation.
CAMPAIGN = re.compile(r"[\w .,:+\-/|()&']+")
LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
HOSTNAME = re.compile(rf"(?=.{{1,253}}$){LABEL}(?:\.{LABEL})*")


def page_path(value):
    """An address on this site, such as /guides/fractional-ai-cto/ (no query, no fragment)."""
    value = value.strip()
    if not value:
        return ""
    if len(value) > PATH_MAX_LENGTH or not PATH.fullmatch(value) or value.startswith("//"):
        return UNKNOWN
    return value


def campaign_value(value):
    """One utm_ value, as the campaign's link gave it."""
    value = " ".join(value.split())
    if not value:
        return ""
    if len(value) > CAMPAIGN_MAX_LENGTH or not CAMPAIGN.fullmatch(value):
        return UNKNOWN
    return value


def referrer_host(value):
    """The host of `document.referrer` (a full address, as the browser gives it), in lower
    case; empty without one; "unknown" when it is not a web address."""
    value = value.strip()
    if not value:
        return ""
    if len(value) > REFERRER_MAX_LENGTH:
        return UNKNOWN
    scheme, host = scheme_and_host(value)
    if scheme not in ("http", "https") or not HOSTNAME.fullmatch(host):
        return UNKNOWN
    return host


def guides_read(value):
    """The addresses of the guides read (space-separated), once each, oldest first: the last
    GUIDES_READ_MAX of those that are addresses at all (anything else is dropped)."""
    paths = list(map(page_path, value.split()[-GUIDES_READ_MAX * 10 :]))
    last_reads = dict.fromkeys(path for path in reversed(paths) if path != UNKNOWN)
    return list(reversed(last_reads))[-GUIDES_READ_MAX:]
