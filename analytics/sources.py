"""Which source a referrer is, a beacon's or a new lead's: a ReferrerHost (the most specific
wins: gemini.google.com is an AI, although google is a search engine), another site, or none."""

import time

from analytics.models import ReferrerHost
from pages.lead_source import UNKNOWN
from pages.lines import scheme_and_host
from pages.models import SourceKind

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


def referrer_host(referrer):
    """The referrer's host name, lower-case and without `www.`, or "" if it has none."""
    return scheme_and_host(referrer or "")[1].removeprefix("www.")


def referrer_source(referrer: str, own_host: str | None = None) -> tuple[str, str]:
    """(label, kind) of a referrer URL: ("Direct", "direct") without a host or from own_host
    (this site), (the host, "referral") for an unknown host."""
    host = referrer_host(referrer)
    own = (own_host or "").lower().split(":")[0].removeprefix("www.")
    if not host or (own and host == own):
        return "Direct", SourceKind.DIRECT.value
    labels = host.split(".")[:-1]  # an undotted known host matches any of them
    for known, label, kind in known_hosts():
        # A dotted host matches itself and its subdomains.
        matches = f".{host}".endswith(f".{known}") if "." in known else known in labels
        if matches:
            return label, kind
    return host[:100], SourceKind.REFERRAL.value


def name_lead_source(sender, instance, raw=False, **kwargs):
    """pre_save of a ContactSubmission: a new lead's source, named from the referrer host and
    landing page the contact form stored (pages/lead_source.py), unless it has one."""
    if not instance._state.adding or raw or instance.source:
        return
    host = instance.referrer_host
    if host == UNKNOWN:  # junk
        source, instance.source_kind = UNKNOWN, SourceKind.DIRECT.value
    elif host or instance.landing_page:
        source, instance.source_kind = referrer_source(f"https://{host}/" if host else "")
    else:  # the browser kept no visit at all (no JavaScript)
        source, instance.source_kind = "", ""
    instance.source = source[: sender._meta.get_field("source").max_length]
