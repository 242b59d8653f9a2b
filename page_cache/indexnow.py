"""IndexNow: search engines hear of a change as soon as it is committed.

With settings.INDEXNOW_KEY set (the environment's INDEXNOW_KEY), the site answers
`/<key>.txt` with the key, which proves to the engines that the key belongs to the host,
and the task worker posts the URLs each committed change touched to
settings.INDEXNOW_ENDPOINT (api.indexnow.org by default, which shares them with every
engine that takes part, such as Bing, whose index feeds Copilot, and Yandex).
Unset, there is no key file (a 404), nothing is queued and nothing is sent.

WHICH URLS: the CDN purge's, by the same function (page_cache/cdn.py `changed_urls`):
every URL of the site a change may have altered, and the URLs it took away (an
unpublished, deleted or moved page's, a page's old slug), so an engine drops those too.
Of them only the canonical host's (the default Site, which SITE_URL sets), written as the
page's canonical link writes them, each once.

WHEN AND HOW: `page_cache.tasks.submit_to_indexnow` is queued once per transaction, after
its commit (page_cache/invalidation.py), so a publish never waits for IndexNow and never
fails because of it. The list goes out in posts of at most INDEXNOW_BATCH_SIZE URLs (the
protocol allows 10,000), as the protocol's JSON body (host, key, keyLocation, urlList).
Each post waits at most INDEXNOW_TIMEOUT seconds to connect and for each read. A post that
gets no answer, a 429 or a 5xx is queued again (`post_to_indexnow`) after
INDEXNOW_BACKOFF_SECONDS, then twice that, and so on, until INDEXNOW_ATTEMPTS attempts;
then it is given up. Any other 4xx (a key the engine could not verify, a URL of another
host) would fail the same way again, so it is given up at once. Every outcome is logged
by the logger `truvisory.indexnow`, with the endpoint, the number of URLs, the attempt and
the status.

Why not wagtail-indexnow (0.2.0, read before writing this): it posts from Wagtail's
`after_publish_page` hook, which only the admin's create and edit views run, inside the
editor's request, with no timeout, and raises when the endpoint fails: a slow or failing
IndexNow holds up the editor's publish or answers it with a server error, and a scheduled
publish (`publish_scheduled`) is never submitted. It sends only the published page's URL:
never the pages that list it, a slug change's old URL, an unpublished, moved or deleted
page, or the pages a changed statistic or source shows on. It skips a page republished
within ten minutes, so a quick correction is never submitted. It is always on. And the
key file it serves (a key derived from SECRET_KEY in URL-safe base64, which always ends
in `=` and may hold `_`, characters the protocol does not allow) does not hold the key it
posts, which has an extra `indexnow-` prefix.
"""

import http.client
import json
import logging
import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Site

from pages.identity import user_agent
from pages.site_url import site_base

# The name it logged under in truvisory/, which logs and alerts may filter on.
logger = logging.getLogger("truvisory.indexnow")

# The protocol's rule for a key: 8 to 128 letters, digits and dashes.
KEY_PATTERN = re.compile(r"[A-Za-z0-9-]{8,128}")
# Too many requests: the same post may be taken later (as after any 5xx, the engine's own
# trouble). 200 and 202 (the key is still being checked) are success.
TOO_MANY_REQUESTS = 429


def configured():
    """Whether IndexNow is on: only while INDEXNOW_KEY is set."""
    return bool(settings.INDEXNOW_KEY)


@register(Tags.compatibility)
def settings_are_valid(app_configs, **kwargs):
    """A malformed key or endpoint stops start-up, rather than being refused by every post."""
    errors = []
    if configured() and not KEY_PATTERN.fullmatch(settings.INDEXNOW_KEY):
        errors.append(
            Error(
                "INDEXNOW_KEY must be 8 to 128 letters, digits and dashes (the IndexNow "
                "protocol's rule).",
                hint='Set INDEXNOW_KEY to, for example, the output of `python -c "import '
                'uuid; print(uuid.uuid4().hex)"`, or unset it to turn IndexNow off.',
                id="truvisory.E001",
            )
        )
    if configured() and urlsplit(settings.INDEXNOW_ENDPOINT).scheme not in ("http", "https"):
        errors.append(
            Error(
                f"INDEXNOW_ENDPOINT {settings.INDEXNOW_ENDPOINT!r} is not an http(s) URL.",
                hint="Unset it to use https://api.indexnow.org/indexnow.",
                id="truvisory.E002",
            )
        )
    return errors


@require_safe
@never_cache
def key_file(request, key):
    """`/<key>.txt`: the key, as the protocol's proof of ownership; a 404 for any other name
    and while IndexNow is off. Never cached, so a changed or removed key shows at once."""
    if not configured() or key != settings.INDEXNOW_KEY:
        raise Http404
    return HttpResponse(settings.INDEXNOW_KEY, content_type="text/plain; charset=utf-8")


def posts(urls):
    """The JSON bodies that tell IndexNow of `urls`: the canonical host's, sorted, each
    once, at most INDEXNOW_BATCH_SIZE to a body. None while IndexNow is off."""
    site = Site.objects.filter(is_default_site=True).first()
    if not configured() or site is None:
        return []
    # Wagtail (and so the CDN purge) writes a Site's URLs from its root_url, which is
    # http:// on port 80; canonical links write them from site_base (pages/site_url.py).
    root, base = site.root_url, site_base(site)
    canonical = sorted({base + url[len(root) :] for url in urls if url.startswith(root + "/")})
    size = settings.INDEXNOW_BATCH_SIZE
    key = settings.INDEXNOW_KEY
    return [
        {
            "host": urlsplit(base).hostname,
            "key": key,
            "keyLocation": f"{base}/{key}.txt",
            "urlList": canonical[start : start + size],
        }
        for start in range(0, len(canonical), size)
    ]


def backoff_seconds(attempt):
    """How long to wait after failed attempt number `attempt` (1, 2, …): doubling."""
    return settings.INDEXNOW_BACKOFF_SECONDS * 2 ** (attempt - 1)


def send(body, attempt, can_wait):
    """Post one body and log what happened. Returns the seconds to wait before posting it
    again, or None when it is done: accepted, refused for good, or given up. `can_wait` is
    False when the task backend cannot run a task later (the immediate backend of `make
    run`), and a failure is then given up at once, rather than holding up the process."""
    log = {
        "endpoint": settings.INDEXNOW_ENDPOINT,
        "urls": len(body["urlList"]),
        "attempt": attempt,
    }
    status, error = _post(body)
    if status is not None and 200 <= status < 300:
        logger.info("IndexNow accepted the changed URLs", extra={**log, "status": status})
        return None
    log.update(status=status, error=error)
    if status is not None and status != TOO_MANY_REQUESTS and status < 500:
        logger.error("IndexNow refused the changed URLs", extra=log)
        return None
    if attempt >= settings.INDEXNOW_ATTEMPTS or not can_wait:
        logger.error("IndexNow did not take the changed URLs: given up", extra=log)
        return None
    delay = backoff_seconds(attempt)
    logger.warning(
        "IndexNow did not take the changed URLs: trying again later",
        extra={**log, "retry_in_seconds": delay},
    )
    return delay


def _post(body):
    """(status, None) for any answer, or (None, what went wrong) when there was none."""
    request = urllib.request.Request(  # noqa: S310  (settings_are_valid allows only http(s))
        settings.INDEXNOW_ENDPOINT,
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": user_agent("IndexNow"),
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.INDEXNOW_TIMEOUT) as response:  # noqa: S310
            return response.status, None
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        reason = getattr(error, "reason", None) or error
        return None, str(reason) or type(reason).__name__
