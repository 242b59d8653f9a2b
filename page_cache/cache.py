"""The page cache's store: the content version every kept page, fragment and menu must match,
the shared cache with this process's own copies, and what a failed write does
(docs/architecture.md, "The page cache")."""

import logging
import secrets
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.db.models import F
from django.utils import timezone

from .models import ContentVersion, PageCacheFailures
from .release import release_id

# The name it logged under in truvisory/, which logs and alerts may filter on.
logger = logging.getLogger("truvisory.page_cache")

ALIAS = "pages"
# After a failed write, this process writes nothing to the cache for this long: a paused or
# full Redis would otherwise make every request wait for its socket timeout.
WRITE_PAUSE_SECONDS = 5
# The most this process keeps of its own copies of what the cache holds (bytes of pages),
# and for how long (seconds) before it asks the cache again.
LOCAL_BYTES = 16 * 1024 * 1024
LOCAL_SECONDS = 60


class ProcessState:
    """What this process remembers between requests: the content version, its own copies of
    cache entries (least recently used dropped first), and until when it writes nothing."""

    def __init__(self):
        self.reset()

    def reset(self):
        """Forget everything (the tests do, between tests, as their database rolls back)."""
        self.token = None
        self.read_at = -float("inf")
        self.writes_resume_at = -float("inf")
        self.copies = OrderedDict()  # key: (value, size, until), least recently used first
        self.forget_copies()  # and memos: (generation, {key: value}), memo.py's

    def copy(self, key, value):
        size = value_size(value)
        if size <= LOCAL_BYTES // 8:
            self.drop(key)
            self.copies[key] = (value, size, time.monotonic() + LOCAL_SECONDS)
            self.copied_bytes += size
            while self.copied_bytes > LOCAL_BYTES:
                self.copied_bytes -= self.copies.popitem(last=False)[1][1]

    def copied(self, key):
        value, _size, until = self.copies.get(key, (None, 0, 0))
        if until > time.monotonic():
            self.copies.move_to_end(key)
            return value
        self.drop(key)
        return None

    def drop(self, key):
        self.copied_bytes -= self.copies.pop(key, (None, 0))[1]

    def forget_copies(self):
        self.copies.clear()
        self.copied_bytes = 0
        self.memos = (None, {})


def value_size(value):
    """About how many bytes a kept value holds (a whole response: its body)."""
    body = value[1] if isinstance(value, tuple) and len(value) == 3 else value
    return len(body) + 1000 if isinstance(body, str | bytes) else 1000


state = ProcessState()


def store():
    return caches[ALIAS]


def new_token():
    # 64 random bits: no token is ever drawn twice, so no old entry can ever match again,
    # not even one rendered in a transaction that was rolled back.
    return secrets.token_hex(8)


def current_version():
    """The generation: the release and the database's content version, read at most once
    every PAGE_CACHE_VERSION_SECONDS; the one read last while the database does not answer
    (nothing can change then); None when none is known."""
    now = time.monotonic()
    if state.token is None or now - state.read_at >= settings.PAGE_CACHE_VERSION_SECONDS:
        state.read_at = now
        try:
            token = read_version()
        except DatabaseError:
            logger.warning("The content version could not be read: the database did not answer")
            token = state.token
        if token != state.token:
            state.forget_copies()
        state.token = token
    return f"{release_id()}.{state.token}" if state.token else None


def read_version():
    """The version row's token, made on first use."""
    defaults = {"token": new_token(), "changed_at": timezone.now()}
    return ContentVersion.objects.get_or_create(pk=1, defaults=defaults)[0].token


def count_failed_write():
    """Add one to the failed writes in the database (at most once every WRITE_PAUSE_SECONDS)."""
    now = timezone.now()
    try:
        PageCacheFailures.objects.update_or_create(
            pk=1,
            defaults={"failed_writes": F("failed_writes") + 1, "last_failed_at": now},
            create_defaults={"failed_writes": 1, "last_failed_at": now},
        )
    except DatabaseError:
        logger.warning("A failed write to the page cache could not be counted", exc_info=True)


def generation_for(request):
    """The current generation, read once per request (before the view, by the middleware)."""
    if not hasattr(request, "page_cache_generation"):
        request.page_cache_generation = current_version()
    return request.page_cache_generation


def bump_version():
    """A new content version, written in the current transaction: it commits with the change."""
    changes = {"token": new_token(), "changed_at": timezone.now()}
    ContentVersion.objects.update_or_create(pk=1, defaults=changes)
    forget_version()


def forget_version():
    state.token = None
    state.forget_copies()


def read(keys):
    """The entries under `keys`, this process's copies first, the rest in one round trip;
    None when the cache did not answer."""
    found = {key: value for key in keys if (value := state.copied(key)) is not None}
    missing = [key for key in keys if key not in found]
    if not missing:
        return found
    try:
        fetched = store().get_many(missing)
    except Exception as error:
        logger.warning("The page cache did not answer: rendering without it: %r", error)
        return None
    for key, value in fetched.items():
        state.copy(key, value)
    return {**found, **fetched}


def keep(entries, timeout):
    """Write `entries` to the cache and this process's copies. A failure is logged and
    counted, and pauses this process's writes; it never raises."""
    now = time.monotonic()
    if now < state.writes_resume_at:
        return
    try:
        store().set_many(entries, timeout)
    except Exception as error:
        state.writes_resume_at = now + WRITE_PAUSE_SECONDS
        kinds = ", ".join(key.split(":", 1)[0] for key in entries)
        logger.warning("The page cache could not keep %s: %r", kinds, error)
        count_failed_write()
        return
    for key, value in entries.items():
        state.copy(key, value)
