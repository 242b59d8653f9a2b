"""Each process adds up its beacons in memory and a thread of its own hands them to Redis
about once a second in one pipeline, so that a beacon costs no more than a cached page. A
flush that fails keeps the counts for the next one, or, once the buffer is full or the
process exits, puts them in the database (docs/analytics.md)."""

import atexit
import logging
import os
import threading
from collections import Counter, defaultdict

from django.db import connections

from analytics import store

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 1.0
MAX_PENDING = 20_000  # counts and visitor digests held before a beacon flushes them itself

_lock = threading.Lock()
_state = {"pid": None, "thread": None, "wake": None}
# {day: Counter({count key: amount})} and {day: {(site id, path or ""): {digest}}}
_counts = defaultdict(Counter)
_visitors = defaultdict(lambda: defaultdict(set))
_size = {"n": 0}
_flush_due = threading.Event()  # set by a flush that found the database's flush due
# Tests run without the thread, and flush by hand (analytics/tests/test_analytics_collector.py).
THREADED = True


def add(day, counts, visitors):
    """Hold one beacon's counts, and its visitor digests ({(site id, path or "" for the
    site): digests})."""
    with _lock:
        full = _hold(day, counts, visitors)
    if full:
        flush()
    elif THREADED:
        _start_thread()


def take():
    """The held counts and digests, leaving the buffer empty."""
    with _lock:
        counts, visitors = dict(_counts), {day: dict(v) for day, v in _visitors.items()}
        _counts.clear()
        _visitors.clear()
        _size["n"] = 0
    return counts, visitors


def _put_back(counts, visitors):
    """Return counts a flush could not deliver, to be tried again; True if that fills the
    buffer."""
    with _lock:
        full = False
        for day in counts.keys() | visitors.keys():
            full = _hold(day, counts.get(day, {}), visitors.get(day, {}))
        return full


def _hold(day, counts, visitors):
    """Add to the buffer (the lock held); True once it holds MAX_PENDING counts and digests."""
    held = _counts[day]
    for key, amount in counts.items():
        _size["n"] += key not in held
        held[key] += amount
    for key, digests in visitors.items():
        known = _visitors[day][key]
        _size["n"] += len(digests) - len(known.intersection(digests))
        known.update(digests)
    return _size["n"] >= MAX_PENDING


def flush(exiting=False):
    """Move the held counts into Redis (or, when Redis fails and they cannot wait, into the
    database). Returns the number of counts moved."""
    counts, visitors = take()
    if not counts and not visitors:
        return 0
    connection = store.redis_connection()
    try:
        if connection is None:
            raise ConnectionError("no Redis configured")
        flush_due = store.record_in_redis(connection, counts, visitors)
    except Exception:
        if not exiting:
            if not _put_back(counts, visitors):
                logger.warning("Analytics: Redis failed; the counts wait for the next flush")
                return 0
            counts, visitors = take()  # the buffer is full: all it holds, these and newer
        logger.warning("Analytics: Redis failed; the counts go into the database")
        _into_database(counts, visitors)
        return _total(counts)
    if flush_due:
        _flush_due.set()
    return _total(counts)


def take_due():
    """{"flush"} once after a flush found the database's flush due, for the collector to
    queue with the beacon it is answering (the buffer knows no tasks: they read the counts).
    Until a beacon comes, the counts wait in Redis, where nothing is lost."""
    if _flush_due.is_set():
        _flush_due.clear()
        return {"flush"}
    return set()


def _total(counts):
    return sum(sum(amounts.values()) for amounts in counts.values())


def _into_database(counts, visitors):
    for day in counts.keys() | visitors.keys():
        try:
            store.record_in_database(day, counts.get(day, {}), visitors.get(day, {}))
        except Exception:
            logger.exception("Analytics: the counts of %s were lost", day)


def _run(wake):
    while not wake.wait(FLUSH_SECONDS):
        try:
            flush()
        except Exception:
            logger.exception("Analytics: the flush to Redis failed")
        finally:
            # The thread lives as long as the process: it keeps no database connection open
            # between its rare uses (the database fallback).
            connections.close_all()


def _start_thread():
    pid = os.getpid()
    if _state["pid"] == pid:
        return
    with _lock:
        if _state["pid"] == pid:
            return
        wake = threading.Event()
        thread = threading.Thread(target=_run, args=(wake,), name="analytics-flush", daemon=True)
        thread.start()
        _state.update(pid=pid, thread=thread, wake=wake)


def stop():
    """Stop the thread, if this process runs one, and flush what it holds."""
    if _state["pid"] == os.getpid():
        _state["wake"].set()
        _state["thread"].join(timeout=5)
        _state.update(pid=None, thread=None, wake=None)
    flush(exiting=True)


atexit.register(stop)
