"""Where the counts are kept, Redis's per-day hashes and HyperLogLogs and the database's daily
tables, with the writers that add to each (for counting.py and buffer.py alike)."""

import json
from collections import Counter, defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django_redis import get_redis_connection

from analytics.models import (
    CampaignDay,
    DeviceDay,
    GoalDay,
    PageDay,
    SearchTermDay,
    SiteDay,
    SourceDay,
    VisitorMark,
)

PREFIX = "truvisory-analytics"
VISITOR_KEY_SECONDS = 2 * 24 * 60 * 60  # a day's distinct visitors: read until the next day
FLUSH_EVERY_SECONDS = 60

# The daily tables: each row is a Site, a day and these values, with counts beside them.
TABLES = {
    "page": (PageDay, ("path",)),
    "site": (SiteDay, ()),
    "source": (SourceDay, ("path", "kind", "label")),
    "campaign": (CampaignDay, ("path", "source", "medium", "campaign")),
    "device": (DeviceDay, ("path", "device")),
    "goal": (GoalDay, ("path", "goal")),
    "search": (SearchTermDay, ("term",)),
}


def redis_connection():
    """The raw Redis client of the default cache, or None without Redis."""
    return get_redis_connection("default") if settings.REDIS_URL else None


def count_field(key):
    return json.dumps(key, separators=(",", ":"))


def record_in_redis(connection, counts, visitors):
    """Add counts and visitor digests, each {day: …}, to Redis in one round trip. True if the
    flush task is due."""
    pipe = connection.pipeline(transaction=False)
    for day, amounts in counts.items():
        for key, amount in amounts.items():
            pipe.hincrby(f"{PREFIX}:counts:{day.isoformat()}", count_field(key), amount)
    for day, pages in visitors.items():
        for (site_id, visited), digests in pages.items():
            key = f"{PREFIX}:visitors:{day.isoformat()}:{site_id}:{visited}"
            pipe.pfadd(key, *digests)
            pipe.expire(key, VISITOR_KEY_SECONDS)
    pipe.set(f"{PREFIX}:flush-due", 1, nx=True, ex=FLUSH_EVERY_SECONDS)
    return bool(pipe.execute()[-1])


def record_in_database(day, counts, visitors):
    """Add a day's counts, and its visitors by a VisitorMark each, counted once."""
    counts = Counter(counts)
    with transaction.atomic():
        for (site_id, visited), digests in visitors.items():
            table_key = ("page", site_id, visited) if visited else ("site", site_id)
            for digest in digests:
                mark = {"site_id": site_id, "day": day, "path": visited, "digest": digest}
                counts[(*table_key, "visitors")] += VisitorMark.objects.get_or_create(**mark)[1]
        add_counts(day, +counts)  # +: without the visitors counted before, which add 0


def add_counts(day, counts):
    """Add counts ({(table, site id, *values, field): n}) to the day's rows, made if need be."""
    rows = defaultdict(dict)
    for (*row, field), amount in counts.items():
        rows[tuple(row)][field] = amount
    for (table, site_id, *values), amounts in rows.items():
        _upsert(day, table, site_id, values, {f: F(f) + n for f, n in amounts.items()}, amounts)


def set_visitors(day, site_id, path, visitors):
    """A day's visitors of a path ("" for the site), as Redis counted them: never lowered."""
    table, values = ("page", [path]) if path else ("site", [])
    update = {"visitors": Greatest(F("visitors"), visitors)}
    _upsert(day, table, site_id, values, update, {"visitors": visitors})


def _upsert(day, table, site_id, values, update, create):
    model, names = TABLES[table]
    lookup = {"site_id": site_id, "day": day, **dict(zip(names, values, strict=True))}
    if model.objects.filter(**lookup).update(**update):
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup, **create)
    except IntegrityError:  # made meanwhile by another beacon
        model.objects.filter(**lookup).update(**update)
