"""IndexNow: search engines hear of a change as soon as it is committed. The rule, and why not
wagtail-indexnow: docs/architecture.md, "IndexNow"."""

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

KEY_PATTERN = re.compile(r"[A-Za-z0-9-]{8,128}")  # the protocol's rule


def configured():
    return bool(settings.INDEXNOW_KEY)


@register(Tags.compatibility)
def settings_are_valid(app_configs, **kwargs):
    """A malformed key or endpoint stops start-up, rather than being refused by every post."""
    errors = []
    if configured() and not KEY_PATTERN.fullmatch(settings.INDEXNOW_KEY):
        message = "INDEXNOW_KEY must be 8 to 128 letters, digits and dashes, as IndexNow asks."
        hint = "Set it to, for example, uuid.uuid4().hex, or unset it to turn IndexNow off."
        errors.append(Error(message, hint=hint, id="truvisory.E001"))
    endpoint = settings.INDEXNOW_ENDPOINT
    if configured() and urlsplit(endpoint).scheme not in ("http", "https"):
        message = f"INDEXNOW_ENDPOINT {endpoint!r} is not an http(s) URL."
        hint = "Unset it to use https://api.indexnow.org/indexnow."
        errors.append(Error(message, hint=hint, id="truvisory.E002"))
    return errors


@require_safe
@never_cache
def key_file(request, key):
    """`/<key>.txt`: the key, the protocol's proof of ownership; a 404 for any other name."""
    if not configured() or key != settings.INDEXNOW_KEY:
        raise Http404
    return HttpResponse(settings.INDEXNOW_KEY, content_type="text/plain; charset=utf-8")


def posts(urls):
    """The JSON bodies that tell IndexNow of `urls`: the canonical host's, sorted, each once."""
    site = Site.objects.filter(is_default_site=True).first()
    if not configured() or site is None:
        return []
    # Wagtail (and so the CDN purge) writes a Site's URLs from its root_url, which is
    # http:// on port 80; canonical links write them from site_base (pages/site_url.py).
    root, base = site.root_url, site_base(site)
    canonical = sorted({base + url[len(root) :] for url in urls if url.startswith(root + "/")})
    size, key = settings.INDEXNOW_BATCH_SIZE, settings.INDEXNOW_KEY
    return [
        {
            "host": urlsplit(base).hostname,
            "key": key,
            "keyLocation": f"{base}/{key}.txt",
            "urlList": canonical[start : start + size],
        }
        for start in range(0, len(canonical), size)
    ]


def send(body, attempt, can_wait):
    """Post one body and log what happened: the seconds to wait before posting it again, or
    None when it is done (at once without `can_wait`: tasks run at once under `make run`)."""
    log = {"endpoint": settings.INDEXNOW_ENDPOINT, "urls": len(body["urlList"]), "attempt": attempt}
    status, error = _post(body)
    if status is not None and 200 <= status < 300:  # 202: the key is still being checked
        logger.info("IndexNow accepted the changed URLs", extra={**log, "status": status})
        return None
    log.update(status=status, error=error)
    # Too many requests, as any 5xx (the engine's own trouble), may be taken later.
    if status is not None and status != http.HTTPStatus.TOO_MANY_REQUESTS and status < 500:
        logger.error("IndexNow refused the changed URLs", extra=log)
        return None
    if attempt >= settings.INDEXNOW_ATTEMPTS or not can_wait:
        logger.error("IndexNow did not take the changed URLs: given up", extra=log)
        return None
    delay = settings.INDEXNOW_BACKOFF_SECONDS * 2 ** (attempt - 1)
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
    except (http.client.HTTPException, OSError) as error:  # URLError is an OSError
        reason = getattr(error, "reason", error)
        return None, str(reason) or type(reason).__name__
