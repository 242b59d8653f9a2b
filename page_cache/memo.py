"""What a render looks up that only content decides, remembered by each process for one
generation, so any change that could alter an answer drops it (docs/architecture.md)."""

import copy

from wagtail.models import Site

from .cache import current_version, generation_for, state
from .internals import find_site, request_site, request_site_root_paths, site_key

# A bound on what a client asking for many addresses could add: far more than the pages need.
MAX_ENTRIES = 20_000


def remembered(request, key, compute, *, keep_none=True):
    """The value kept under `key` for the request's generation (the current one without a
    request), computed and kept when there is none, but in a preview or with `keep_none=False`."""
    if getattr(request, "is_preview", False):
        return compute()
    kept_under = current_version() if request is None else generation_for(request)
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


def copied(instance):
    """A copy of a kept model instance for one request (None stays None)."""
    return None if instance is None else copy.copy(instance)


def site_for(request):
    """Wagtail's Site.find_for_request, and the site root paths Wagtail makes page URLs from,
    remembered; the request keeps its own copy of the Site."""

    def find():
        return copied(remembered(request, ("site", *site_key(request)), lambda: find_site(request)))

    # Wagtail keeps the root paths in the "default" cache: a round trip a request.
    request_site_root_paths(
        request, lambda: remembered(request, ("site root paths",), Site.get_site_root_paths)
    )
    return request_site(request, find)
