"""The page cache: its whole rule is here. What is cached, under which key, for how long, and
what empties it.

WHAT IS CACHED
- Whole responses (middleware.py). A GET with no session cookie, outside the admin and
  settings.PAGE_CACHE_EXCLUDED_PATHS (search, /healthz, the share cards), is answered from
  the cache when it can be.
  A response is kept only when it is safe to share: status 200, not streamed, no cookie set,
  no `private`, `no-cache` or `no-store` in its Cache-Control, and a Vary of at most
  Accept-Encoding. So pages with a CSRF form, pages that used a CSP nonce, editors' views and
  previews are never kept. Static files are answered by WhiteNoise before the page cache and
  never touch it.
- Nothing a signed-in person is sent. A request with a session cookie is neither answered
  from the cache nor kept, and its answer is marked private, so no CDN or browser cache
  shares it either. Editors see Wagtail's user bar on such answers only ({% userbar %},
  templatetags/userbar.py, outside every fragment); a visitor's page never reads the session,
  which would add `Vary: Cookie` and keep the page out of the cache.
- Fragments ({% pagefragment %}, templatetags/page_cache.py): a page's rendered content
  (templates/base.html) and its JSON-LD (components/head_meta.html), for every page type
  that does not set `fragment_cacheable = False` (pages/models/mixins.py); never in
  previews, and never a fragment whose render used the visitor's CSRF token (a form). A
  render that the whole-page cache cannot answer (a first visit, a signed-in editor) reuses
  them, and renders only the rest.
- The site's menu (templatetags/navigation.py): the header's and footer's links, as plain
  values, once per Site. Which link is the current page is marked on each render, never kept.

WHERE
The cache alias "pages" (settings.CACHES), apart from "default", which holds the contact
form's rate-limit counters and Wagtail's own look-ups. Every worker and node shares it:
Redis when REDIS_URL is set, otherwise a table in the site's database made by `migrate`
(local memory under `make run` and the tests without Redis). Each process also keeps its
own copies of the entries it read or wrote (LOCAL_BYTES at most, least recently used
dropped first, each for LOCAL_SECONDS at most), answered under the same version check as
the shared ones and dropped when the version changes: a cached page then needs no round
trip at all.

UNDER WHICH KEY
The key of every kept page, fragment and menu names the release (below), so no two
releases ever share one.
- A whole response: `page:<release>:<digest>:<encoding>`. The digest is of the scheme, the
  host name and the path. The host name is the request's, checked against ALLOWED_HOSTS,
  lower-cased and without its port, so letter case and ports never make new entries (what a
  page shows may depend on the Site, never on the port). The scheme keeps http and https
  apart. The encoding is what the stored body is: `gzip` for a gzip-compressed body,
  `identity` for a plain one. A client that accepts gzip (Django's own test, as
  GZipMiddleware makes it) is answered from the gzip entry, or else the identity one; any
  other client only from the identity one. The query parameters the page reads (its
  `cache_query_parameters`, or a view's `reads_query_parameters`: query.py) are added to
  the digest, in a fixed order; every other parameter is removed from the request before
  the page runs, so a campaign link or `?x=<random>` gets the same entry as the bare URL,
  and the page (its canonical included) never carries them. Which parameters the page at
  an address reads is learned when it renders and kept beside its entry (`<address>:reads`),
  so a request with a query string is answered in one round trip too. A view that names no
  parameters gets the query string whole, and its answer to one is never kept.
- A fragment: Wagtail's {% wagtailpagecache %} key (the page's `cache_key`: its id, URL
  path and last publication; and the Site), with the generation (release included) added.
- The menu: `menu:<Site id>:<generation>`.

FOR HOW LONG
settings.PAGE_CACHE_SECONDS (an hour) at most, a whole response, a fragment or the menu
alike, so a fragment never outlives the pages made from it. All usually go much sooner
(below). Shared answers are sent with
`Cache-Control: public, max-age=300, stale-while-revalidate=86400`, so browsers and a CDN
keep them five minutes.

HEAD AND CONDITIONAL REQUESTS (middleware.py)
- A HEAD is the GET of the same URL without its body: answered from the GET's entry, or
  rendered as that GET (and kept for both), so its status and headers are the GET's, ETag,
  Last-Modified and Content-Length included, and no byte follows them. Every HEAD that
  reaches the page cache is handled so, cached or not; static files are WhiteNoise's.
- A shared answer of a page carries `Last-Modified`: the page's `last_modified` property
  (noted on the request by the on_serve_page hook in wagtail_hooks.py, never later than
  now), unless the view set its own (the sitemap and the feed do). It is stored with the
  entry, so a hit answers without loading the page. An answer that is not shared (a form,
  a signed-in editor's page) has none: with no max-age, a browser would guess a freshness
  from it.
- If-None-Match (the ETag, compared weakly) and If-Modified-Since (Last-Modified; ignored
  when If-None-Match is sent, RFC 9110 13.1.3) get a 304 from Django's
  get_conditional_response, with the ETag, Last-Modified, Cache-Control and Vary of the
  200. A miss renders and keeps the whole 200 first and then decides, as a hit does, so a
  304 is the same either way (Django's ConditionalGetMiddleware, further in, never sees
  these headers on such a request; it still gives the ETag).

WHAT EMPTIES IT
The generation, `<release>.<content version>`. Every whole response is stored with the
generation it was rendered under and is served only while that is still the current one; a
fragment and the menu have it in their keys.

A new release starts a new generation by itself. The release (release.py) is a digest of
what renders a page: the files of the project's own apps and templates, the installed
distributions and their versions, the static manifest (`staticfiles.json`, whose hashed
names change with any collected file), and settings.RELEASE (the RELEASE environment
variable) when set, to force a new one where none of those changed. Each process computes
it from its own files, so every node of one release agrees, and no deploy step can forget
it. A process of a new release, on one node or many, finds no entry under its keys: no
page or fragment that an older release rendered (its HTML linking its hashed stylesheet)
is ever served after a deploy. During a rolling deploy each release answers from its own
entries; the old ones expire (within an hour). The first process
of a new release also queues a CDN purge (invalidation.release_started), once per release.

The content version is a random token in one database row (models.ContentVersion), shared
by every release, so a change empties the cache for all of them. A change writes a new
token, never one used before, in the same transaction as the change itself: it commits
with the change or rolls back with it, and no failure of the cache can lose it. A Redis
restored from an old snapshot brings back entries of old versions, which never match
again. Each process reads the version when it answers its first request after
settings.PAGE_CACHE_VERSION_SECONDS (a second) has passed since it last did, before the
view reads anything else, so what a page shows is never older than the version it is kept
under, and a change shows on every node within that second (in the process that made it,
at once). These changes write one (invalidation.py):
- a page is published (with its "Show in menus" and menu label), unpublished, moved (a
  reordering among its siblings included) or deleted;
- a row of any model a visitor sees through a page is saved or deleted: every registered
  snippet model and every registered setting (read from Wagtail's registries at the time of
  the change, so a new snippet model needs no wiring), a Site, a Redirect, a page view
  restriction (a page made private, or public again), an image or a document; and an image
  rendition is deleted (as when an image's file is replaced).
After the commit the CDN, when one is configured (WAGTAILFRONTENDCACHE), is purged of every
URL of every site, by the same rule, once per transaction (cdn.py).

WHEN THE CACHE FAILS
Nothing it may hold is served: when it does not answer (Redis down, or its one-second
timeout), the page renders afresh and nothing is kept. A failed write is logged (one line,
at WARNING, logger `truvisory.page_cache`) and counted in the database
(models.PageCacheFailures, shown under Settings > Page cache), and the process writes
nothing for WRITE_PAUSE_SECONDS, so that a paused Redis does not hold every request for its
timeout. While the database is down nothing can change: the version read last still serves
the cached pages (a process that never read one keeps and serves nothing).

By hand: `manage.py clear_page_cache`, or Settings > Page cache in the admin (superusers
only: a page that says what it does, and a CSRF-protected POST). Both delete every kept
page, fragment and menu of every release (in Redis the alias's own keys, by its key prefix,
never the rest of the database; otherwise its table, or its memory), write a new content
version and purge the CDN; both log it with who asked (logger `truvisory.page_cache`). No
deploy needs it; it is for a change the rules above do not see (a setting changed in the
environment, a file edited in place).
"""

import logging
import secrets
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
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
    """What this process remembers between requests: the content version it last read and
    when (a monotonic clock), its own copies of entries it read from or wrote to the cache
    (answered without a round trip, under the same version check, for LOCAL_SECONDS at
    most, and dropped when the version changes), and until when it writes nothing."""

    def __init__(self):
        self.reset()

    def reset(self):
        """Forget everything (the tests do, between tests, as their database rolls back)."""
        self.token = None
        self.read_at = -float("inf")
        self.writes_resume_at = -float("inf")
        self.copies = OrderedDict()  # key: (value, size, until), least recently used first
        self.copied_bytes = 0
        self.memos = (None, {})  # (generation, {key: value}): memo.py

    def copy(self, key, value):
        size = value_size(value)
        if size > LOCAL_BYTES // 8:
            return
        self.drop(key)
        self.copies[key] = (value, size, time.monotonic() + LOCAL_SECONDS)
        self.copied_bytes += size
        while self.copied_bytes > LOCAL_BYTES:
            self.copied_bytes -= self.copies.popitem(last=False)[1][1]

    def copied(self, key):
        found = self.copies.get(key)
        if found is None:
            return None
        if found[2] <= time.monotonic():
            self.drop(key)
            return None
        self.copies.move_to_end(key)
        return found[0]

    def drop(self, key):
        if key in self.copies:
            self.copied_bytes -= self.copies.pop(key)[1]


def value_size(value):
    """About how many bytes a kept value holds: its page or fragment, the rest counted small."""
    if isinstance(value, str | bytes):
        return len(value) + 100
    if isinstance(value, tuple) and len(value) == 3:  # a whole response
        return len(value[1]) + 1000
    return 1000


state = ProcessState()


def store():
    """The page cache's own cache (settings.CACHES["pages"])."""
    return caches[ALIAS]


def new_token():
    # 64 random bits: no token is ever drawn twice, so no old entry can ever match again,
    # not even one rendered in a transaction that was rolled back.
    return secrets.token_hex(8)


def current_version():
    """The content version: the database's, read at most once every
    PAGE_CACHE_VERSION_SECONDS by this process. When the database does not answer, the
    version read last (nothing can change while it is down), or None if there is none."""
    now = time.monotonic()
    if state.token is not None and now - state.read_at < settings.PAGE_CACHE_VERSION_SECONDS:
        return state.token
    state.read_at = now
    try:
        token = read_version()
    except DatabaseError:
        logger.warning("The content version could not be read: the database did not answer")
        return state.token
    if token != state.token:
        forget_copies()
    state.token = token
    return token


def read_version():
    """The version row's token, made on first use."""
    token = ContentVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    if token is None:
        token = ContentVersion.objects.get_or_create(
            pk=1, defaults={"token": new_token(), "changed_at": timezone.now()}
        )[0].token
    return token


def count_failed_write():
    """Add one to the failed writes in the database: at most once every WRITE_PAUSE_SECONDS
    a process, as a process writes nothing for that long after a failure."""
    now = timezone.now()
    try:
        with transaction.atomic():
            counted = PageCacheFailures.objects.filter(pk=1).update(
                failed_writes=F("failed_writes") + 1, last_failed_at=now
            )
            if not counted:
                PageCacheFailures.objects.create(pk=1, failed_writes=1, last_failed_at=now)
    except DatabaseError:
        logger.warning("A failed write to the page cache could not be counted", exc_info=True)


def failed_writes():
    """Writes to the page cache that failed, for Settings > Page cache and a health check:
    {"failed_writes": how many, "last_failed_at": when the last one failed, or None}."""
    row = PageCacheFailures.objects.filter(pk=1).first()
    return {
        "failed_writes": row.failed_writes if row else 0,
        "last_failed_at": row.last_failed_at if row else None,
    }


def generation(token):
    """The generation an entry is kept under: this release and the content version."""
    return f"{release_id()}.{token}" if token else None


def generation_for(request):
    """The current generation, read once per request (the middleware reads it before the
    view, so that nothing a render reads is older than it); None when it cannot be known."""
    if not hasattr(request, "page_cache_generation"):
        request.page_cache_generation = generation(current_version())
    return request.page_cache_generation


def bump_version():
    """A new content version, written in the current transaction: it commits with the
    change, or rolls back with it. Every kept page and fragment, of every release, stops
    matching once it commits: in this process at once, in every other within
    PAGE_CACHE_VERSION_SECONDS."""
    changes = {"token": new_token(), "changed_at": timezone.now()}
    if not ContentVersion.objects.filter(pk=1).update(**changes):
        ContentVersion.objects.update_or_create(pk=1, defaults=changes)
    forget_version()


def forget_version():
    """This process reads the version again on its next request."""
    state.token = None
    forget_copies()


def forget_copies():
    state.copies.clear()
    state.copied_bytes = 0
    state.memos = (None, {})


def read(keys):
    """The entries found under `keys`: this process's copies, and the rest from the cache in
    one round trip; None when the cache did not answer (logged), and then nothing it holds
    is trusted."""
    found = {}
    for key in keys:
        value = state.copied(key)
        if value is not None:
            found[key] = value
    missing = [key for key in keys if key not in found]
    if not missing:
        return found
    try:
        fetched = store().get_many(missing)
    except Exception as error:
        logger.warning(
            "The page cache did not answer: rendering without it: %s: %s",
            type(error).__name__,
            error,
        )
        return None
    for key, value in fetched.items():
        state.copy(key, value)
    return {**found, **fetched}


def keep(entries, timeout):
    """Write `entries` to the cache (and this process's copies); a failure is logged (one
    line) and counted, and this process then writes nothing for WRITE_PAUSE_SECONDS. Never
    raises."""
    now = time.monotonic()
    if now < state.writes_resume_at:
        return False
    try:
        store().set_many(entries, timeout)
    except Exception as error:
        state.writes_resume_at = now + WRITE_PAUSE_SECONDS
        logger.warning(
            "The page cache could not keep %s: %s: %s",
            ", ".join(key.split(":", 1)[0] for key in entries),
            type(error).__name__,
            error,
        )
        count_failed_write()
        return False
    for key, value in entries.items():
        state.copy(key, value)
    return True
