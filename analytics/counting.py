"""From a beacon to daily counts, through this process's buffer and Redis or straight into the
database, each visitor once a day by a digest with the day's salt (docs/analytics.md)."""

import hashlib
import json
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from analytics import buffer, store
from analytics.models import DailySalt, VisitorMark
from pages.models import SiteSettings

_salt = {}  # {"day": date, "value": str}: the salt of the day, kept by each process once read
_prune_checked = {}  # {"day": the day this process last asked whether a prune is due}


def salt_for(day):
    """The day's salt: made by the first beacon of the day, which deletes every older one."""
    if _salt.get("day") != day:
        salt, created = DailySalt.objects.get_or_create(
            day=day, defaults={"value": secrets.token_hex(32)}
        )
        if created:
            DailySalt.objects.filter(day__lt=day).delete()
        _salt.update(day=day, value=salt.value)
    return _salt["value"]


def record(visited, keys, site_id, address, user_agent):
    """Count what beacons.read found, on the Site; return the work now due for tasks.queue."""
    day = timezone.localdate()
    counts = {(table, site_id, *rest): 1 for table, *rest in keys}
    visitors = {}
    if visited is not None:  # a page view: its visitor is counted for the page and the site
        # Who the visitor is today, and on no other day: 128 bits of a digest.
        text = "\n".join([salt_for(day), str(site_id), address, user_agent])
        digest = hashlib.sha256(text.encode()).hexdigest()[:32]
        visitors = {(site_id, path): {digest} for path in (visited, "")}
    if settings.REDIS_URL:
        buffer.add(day, counts, visitors)
    else:
        store.record_in_database(day, counts, visitors)
    due = buffer.take_due()
    if _prune_checked.get("day") != day:
        # Once a day per process, and then once a day for all of them.
        _prune_checked["day"] = day
        if cache.add(f"{store.PREFIX}:prune-due:{day.isoformat()}", 1, timeout=24 * 60 * 60):
            due.add("prune")
    return due


def flush():
    """Move Redis's counts into the database, and return how many moved. Each day's hash is
    renamed (beacons meanwhile start a new one), added, then deleted, or tried again later."""
    buffer.flush()  # this process's own counts first
    connection = store.redis_connection()
    if connection is None:
        return 0
    for key in connection.scan_iter(f"{store.PREFIX}:counts:*"):
        day = key.decode().rsplit(":", 1)[1]
        connection.renamenx(key, f"{store.PREFIX}:flushing:{day}:{secrets.token_hex(4)}")
    moved = 0
    for key in connection.scan_iter(f"{store.PREFIX}:flushing:*"):
        day = date.fromisoformat(key.decode().split(":")[2])
        counts = {tuple(json.loads(f)): int(n) for f, n in connection.hgetall(key).items()}
        with transaction.atomic():
            store.add_counts(day, counts)
        connection.delete(key)
        moved += sum(counts.values())
    for key in connection.scan_iter(f"{store.PREFIX}:visitors:*"):
        _, _, day, site_id, path = key.decode().split(":", 4)
        store.set_visitors(date.fromisoformat(day), int(site_id), path, connection.pfcount(key))
    return moved


def prune(today=None):
    """Delete past days' salts and visitor marks, and counts older than the Site's retention."""
    today = today or timezone.localdate()
    deleted = DailySalt.objects.filter(day__lt=today).delete()[0]
    deleted += VisitorMark.objects.filter(day__lt=today).delete()[0]
    for site in Site.objects.all():
        cutoff = today - timedelta(days=SiteSettings.for_site(site).analytics_retention_days)
        for model, _ in store.TABLES.values():
            deleted += model.objects.filter(site=site, day__lt=cutoff).delete()[0]
    return deleted
