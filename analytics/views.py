"""The collector: POST /_a/, where static/js/analytics.js sends its beacons. It answers 204,
whatever it holds, sets no cookie, and counts only what docs/analytics.md says."""

import logging
import time

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Site

from analytics import beacons, counting, tasks
from pages.form_body import form_fields
from pages.models import SiteSettings

logger = logging.getLogger(__name__)

# The collector's address, fixed: its middleware answers it before any URL is resolved.
COLLECTOR_PATH = "/_a/"


# What never_cache sends, less its Expires (which Cache-Control overrides), made once.
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


@csrf_exempt
@require_POST
def collect(request):
    try:
        count(request)
    except Exception:
        logger.exception("Analytics: a beacon was not counted")
    return HttpResponse(status=204, headers={"Cache-Control": NEVER_CACHE})


def count(request):
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > beacons.MAX_BODY_BYTES:
        return
    user_agent = request.headers.get("User-Agent", "")
    if (
        not user_agent
        or beacons.BOT.search(user_agent.lower())
        or beacons.refuses_tracking(request)
    ):
        return
    try:
        host = request.get_host()
    except DisallowedHost:
        return
    # The fields static/js/analytics.js sends (URLSearchParams), read strictly and once: a
    # QueryDict would cost more than the rest of the beacon.
    data = form_fields(request, beacons.MAX_FIELDS)
    counted = data and beacons.read(data, own_host=host)
    site_id = counted and counted_site(request, host)
    if site_id:
        address = request.META.get("REMOTE_ADDR", "")
        tasks.queue(counting.record(*counted, site_id, address, user_agent))


SITE_SECONDS = 30  # a switch in Site settings reaches every process within this
_sites = {}  # {host: (until, site id or None)}


def counted_site(request, host):
    """The id of the request's Site if it counts visits, else None; read every SITE_SECONDS."""
    until, site_id = _sites.get(host, (0, None))
    if until < time.monotonic():
        site = Site.find_for_request(request)
        site_id = site.pk if site and SiteSettings.for_site(site).analytics_enabled else None
        _sites[host] = (time.monotonic() + SITE_SECONDS, site_id)
    return site_id


def forget_sites(**kwargs):
    _sites.clear()
