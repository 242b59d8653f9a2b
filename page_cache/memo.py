"""What a render looks up that only content decides, remembered by each process for one
content version: which Site answers a host (and the site root paths), which page is at an
address, whether a page is restricted, the site settings, the privacy page, and a page's
head tags.

A visitor's first request renders a page afresh only when the whole-page cache cannot answer
(a signed-in editor, a first visit); that render still reuses its fragments and the menu, but
it used to ask the database a dozen small questions whose answers change only when content
does: about half of its time. Each answer is kept here under the request's generation (the
release and the content version, read before the view runs: cache.py), so it is
dropped by the same rule as every cached page and fragment: any change that could alter it
(a page published, moved or deleted, a Site, a setting, a view restriction, a snippet saved)
writes a new content version, and no answer of an older one is given again. With no known
version (the database never answered) nothing is kept, and the answer is looked up afresh.

Only answers, never a page to render: a kept model instance is handed out as a copy (copy.copy,
which copies Django's own per-instance caches too), so no request can change what another
reads, and an editor's preview (which renders unsaved content) neither reads nor keeps any.
"""

import copy

from django.http.request import split_domain_port
from wagtail.models import Site

from .cache import current_version, generation, generation_for, state

# The most answers a process keeps for one content version: far more than the site's pages
# need (a few a page), and a bound on what a client asking for many addresses could add.
MAX_ENTRIES = 20_000


def remembered(request, key, compute, *, keep_none=True):
    """The value kept under `key` for the request's generation (the current one without a
    request), computed (and kept) when there is none; computed afresh, and not kept, in a
    preview or with no known generation. With `keep_none=False` a None is not kept (an
    address that names no page: any client can ask for as many as it likes), and no more
    than MAX_ENTRIES answers are kept for one generation."""
    if request is None:
        kept_under = current_generation()
    elif getattr(request, "is_preview", False):
        kept_under = None
    else:
        kept_under = generation_for(request)
    if kept_under is None:
        return compute()
    kept_generation, memos = state.memos
    if kept_generation != kept_under:
        memos = {}
        state.memos = (kept_under, memos)  # one assignment: another thread sees old or new
    try:
        return memos[key]
    except KeyError:
        value = compute()
        if (value is not None or keep_none) and len(memos) < MAX_ENTRIES:
            memos[key] = value
        return value


def current_generation():
    return generation(current_version())


def copied(instance):
    """A copy of a kept model instance for one request (None stays None)."""
    return None if instance is None else copy.copy(instance)


def site_for(request):
    """Wagtail's Site.find_for_request, with the look-up kept for the content version; the
    request keeps its own copy (and its root page's), as Wagtail's look-up does, and the
    site root paths Wagtail makes page URLs from."""
    if not hasattr(request, "_wagtail_site"):
        # The host and port Wagtail's own look-up reads.
        key = ("site", split_domain_port(request._get_raw_host())[0], request.get_port())
        site = copied(remembered(request, key, lambda: Site._find_for_request(request)))
        if site is not None and "root_page" in site._state.fields_cache:
            site.root_page = copy.copy(site.root_page)
        request._wagtail_site = site
    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        # What every page URL is made from (Wagtail keeps it in the "default" cache: a round
        # trip a request); a Site saved or a root page moved writes a new version.
        paths = remembered(request, ("site root paths",), Site.get_site_root_paths)
        request._wagtail_cached_site_root_paths = paths
    return request._wagtail_site
