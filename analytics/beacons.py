"""What the collector accepts: one beacon, each field checked against a bound, or nothing.
Only what the reports show is kept: a path, a referrer's source name (never the referrer),
campaign names, a device class, a known goal, a search term."""

from dataclasses import dataclass

from django.conf import settings

from analytics.goals import GOALS
from analytics.models import LABEL_LENGTH, PATH_LENGTH, TERM_LENGTH, DeviceClass
from analytics.sources import referrer_host, referrer_source
from pages.lines import CONTROL, PATH

MAX_BODY_BYTES = 4096
MAX_FIELDS = 20  # a beacon has at most ten
MAX_REFERRER = 2000
MAX_SEARCH_RESULTS = 1_000_000
KINDS = {"pageview", "goal", "search"}
# Paths of things that are not pages a reader views.
NOT_PAGES = ("/static/", "/media/", "/documents/", "/_a/")

# Lower-case parts of a user agent that mark a robot, a crawler, a preview or a script
# rather than a reader. Our own browser tests run HeadlessChrome, and so are not counted,
# unless they set a reader's user agent.
BOT_MARKERS = (
    "bot",
    "crawl",
    "spider",
    "slurp",
    "headless",
    "lighthouse",
    "pagespeed",
    "gtmetrix",
    "pingdom",
    "uptime",
    "monitor",
    "preview",
    "facebookexternalhit",
    "python-requests",
    "python-urllib",
    "aiohttp",
    "httpx",
    "curl",
    "wget",
    "go-http-client",
    "java/",
    "okhttp",
    "axios",
    "node-fetch",
    "undici",
    "scrapy",
    "phantomjs",
    "selenium",
    "puppeteer",
    "playwright",
    "apachebench",
    "httpclient",
    "ia_archiver",
    "archive.org",
)


def is_bot(user_agent):
    agent = user_agent.lower()
    return not agent or any(marker in agent for marker in BOT_MARKERS)


def refuses_tracking(request):
    """Global Privacy Control or Do Not Track, as the browser sent them."""
    return request.headers.get("Sec-GPC", "").strip() == "1" or (
        request.headers.get("DNT", "").strip() == "1"
    )


@dataclass(frozen=True)
class Beacon:
    kind: str  # "pageview", "goal" or "search"
    path: str = ""
    entry: bool = False  # the first page of a visit: its referrer is not this site
    source: str = ""  # the referrer's source, for an entry
    source_kind: str = ""
    campaign: tuple = ()  # (utm_source, utm_medium, utm_campaign), when any was given
    device: str = ""
    goal: str = ""
    term: str = ""
    results: int = 0


def text(data, name, limit):
    """A field, trimmed; None when it is too long or holds a control character."""
    value = data.get(name, "")
    if len(value) > limit or CONTROL.search(value):
        return None
    return value.strip()


def valid_path(value):
    if not value or len(value) > PATH_LENGTH or not PATH.fullmatch(value):
        return None
    if value.startswith("//") or value.startswith((f"/{settings.ADMIN_PATH}/", *NOT_PAGES)):
        return None
    return value


def read(data, own_host):
    """The beacon in a post's fields, or None if any field is out of bounds. own_host: this
    site's host name, whose referrers are not entries."""
    kind = data.get("t", "")
    if kind not in KINDS:
        return None
    if kind == "search":
        term = text(data, "q", TERM_LENGTH * 2)
        results = data.get("n", "")
        if not term or not results.isdigit() or int(results) > MAX_SEARCH_RESULTS:
            return None
        return Beacon(kind, term=" ".join(term.lower().split())[:TERM_LENGTH], results=int(results))
    path = valid_path(data.get("p", ""))
    if path is None:
        return None
    if kind == "goal":
        goal = data.get("g", "")
        return Beacon(kind, path=path, goal=goal) if goal in GOALS else None
    device = data.get("d", "")
    referrer = text(data, "r", MAX_REFERRER)
    campaign = [text(data, name, LABEL_LENGTH) for name in ("us", "um", "uc")]
    if device not in DeviceClass.values or referrer is None or None in campaign:
        return None
    own = own_host.lower().split(":")[0].removeprefix("www.")
    entry = referrer_host(referrer) != own
    source, source_kind = referrer_source(referrer, own) if entry else ("", "")
    return Beacon(
        kind,
        path=path,
        entry=entry,
        source=source,
        source_kind=source_kind,
        campaign=tuple(campaign) if entry and any(campaign) else (),
        device=device,
    )
