"""Each process adds up its beacons in memory, and a thread of its own hands them to Redis
about once a second, so that a beacon costs no more than a cached page (docs/analytics.md)."""

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
# Tests run without the thread, and flush by hand (analytics/tests/test_analytics_collector.py).
THREADED = True

_lock = threading.Lock()
_thread = {"pid": None}  # the process that runs the thread, the thread and its wake event
_counts = defaultdict(Counter)  # {day: Counter({count key: amount})}
_visitors = defaultdict(lambda: defaultdict(set))  # {day: {(site id, path or ""): {digest}}}
_size = {"n": 0}  # counts and digests held
_flush_due = threading.Event()  # set by a flush that found the database's flush due


def add(day, counts, visitors):
    """Hold one beacon's counts, and its visitor digests ({(site id, path or ""): digests})."""
    if _hold({day: counts}, {day: visitors}):
        flush()
    elif THREADED and _thread["pid"] != os.getpid():
        _start_thread()


def _hold(counts, visitors):
    """Add counts and digests, each {day: …}, to the buffer; True once it is full."""
    with _lock:
        for day, amounts in counts.items():
            _size["n"] += len(amounts.keys() - _counts[day].keys())
            _counts[day].update(amounts)
        for day, pages in visitors.items():
            for key, digests in pages.items():
                _size["n"] += len(set(digests) - _visitors[day][key])
                _visitors[day][key].update(digests)
        return _size["n"] >= MAX_PENDING


def take():
    """The held counts and digests, leaving the buffer empty."""
    with _lock:
        counts, visitors = dict(_counts), dict(_visitors)
        _counts.clear()
        _visitors.clear()
        _size["n"] = 0
    return counts, visitors


def flush(exiting=False):
    """Move the held counts into Redis, and return how many moved. When Redis fails they wait
    for the next flush, or, once the buffer is full or the process exits, go in the database."""
    counts, visitors = take()
    if not counts and not visitors:
        return 0
    try:
        if store.record_in_redis(store.redis_connection(), counts, visitors):
            _flush_due.set()
    except Exception:  # Redis failed, or there is none
        if not exiting:
            if not _hold(counts, visitors):
                logger.warning("Analytics: Redis failed; the counts wait for the next flush")
                return 0
            counts, visitors = take()  # the buffer is full: all it holds, these and newer
        logger.warning("Analytics: Redis failed; the counts go into the database")
        for day in counts.keys() | visitors.keys():
            try:
                store.record_in_database(day, counts.get(day, {}), visitors.get(day, {}))
            except Exception:
                logger.exception("Analytics: the counts of %s were lost", day)
    return sum(sum(amounts.values()) for amounts in counts.values())


def take_due():
    """{"flush"} once after a flush found the database's flush due, for the collector to
    queue (the buffer knows no tasks). Until a beacon comes, the counts wait in Redis."""
    if _flush_due.is_set():
        _flush_due.clear()
        return {"flush"}
    return set()


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
    with _lock:
        if _thread["pid"] == os.getpid():
            return  # started meanwhile, for another beacon
        wake = threading.Event()
        thread = threading.Thread(target=_run, args=(wake,), name="analytics-flush", daemon=True)
        thread.start()
        _thread.update(pid=os.getpid(), thread=thread, wake=wake)


def stop():
    """Stop the thread, if this process runs one, and flush what it holds."""
    if _thread["pid"] == os.getpid():
        _thread["wake"].set()
        _thread["thread"].join(timeout=5)
        _thread["pid"] = None
    flush(exiting=True)


atexit.register(stop)
