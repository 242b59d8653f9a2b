"""Which source a referrer is: an AI assistant, a search engine or a social network among the
ReferrerHost snippets, another website, or none (direct). The most specific host wins:
gemini.google.com is an AI assistant, although google is a search engine."""

import time
from urllib.parse import urlsplit

from analytics.models import ReferrerHost, SourceKind

CACHE_SECONDS = 60  # other processes see an editor's change within a minute
_known = {"hosts": None, "loaded": 0.0}


def known_hosts():
    """[(host, label, kind)], the dotted hosts first, longest first."""
    if _known["hosts"] is None or time.monotonic() - _known["loaded"] > CACHE_SECONDS:
        rows = list(ReferrerHost.objects.values_list("host", "label", "kind"))
        rows.sort(key=lambda row: ("." not in row[0], -len(row[0])))
        _known["hosts"], _known["loaded"] = rows, time.monotonic()
    return _known["hosts"]


def forget_known_hosts(**kwargs):
    _known["hosts"] = None


def scheme_and_host(address):
    """(scheme, host name) of an address, in lower case, the host without a final dot; ("",
    "") for one that cannot be read."""
    try:
        parts = urlsplit(address.strip())
        return parts.scheme, (parts.hostname or "").rstrip(".")
    except ValueError:
        return "", ""


def referrer_host(referrer):
    """The referrer's host name, lower-case and without `www.`, or "" if it has none."""
    return scheme_and_host(referrer or "")[1].removeprefix("www.")


def referrer_source(referrer: str, own_host: str | None = None) -> tuple[str, str]:
    """(label, kind) of a referrer URL: kind is "ai", "search", "social", "referral" or
    "direct". An empty referrer, one without a host, or one from own_host (this site) is
    ("Direct", "direct"); an unknown host is (its name, "referral")."""
    host = referrer_host(referrer)
    own = (own_host or "").lower().split(":")[0].removeprefix("www.")
    if not host or (own and host == own):
        return "Direct", SourceKind.DIRECT.value
    labels = host.split(".")
    for known, label, kind in known_hosts():
        if "." in known:
            if host == known or host.endswith("." + known):
                return label, kind
        elif known in labels[:-1]:
            return label, kind
    return host[:100], SourceKind.REFERRAL.value
