"""Site-wide views that span both apps: health, robots.txt, llms.txt, markdown copies."""

import secrets
from datetime import timedelta

from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from guides.models import EvidencePage, GuideIndexPage, GuidePage
from pages.markdown import markdown_copy
from pages.models import BasePage, ContactPage, SiteSettings
from pages.seo import canonical_base, canonical_url
from pages.social import card_digest, stored_card
from pages.visibility import is_visible, visible_pages
from truvisory import page_cache
from truvisory.worker import live_workers, uses_worker


def _database_check():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def _page_cache_check():
    """Whether the page cache takes and gives back an entry (a cache that ignores its
    errors, as django-redis does, gives back nothing)."""
    key = f"healthz-{secrets.token_hex(8)}"  # one of its own: nodes probe at once
    try:
        cache = page_cache.store()
        cache.set(key, "ok", timeout=10)
        answer = cache.get(key)
        cache.delete(key)
    except Exception:
        return "unavailable"
    return "ok" if answer == "ok" else "unavailable"


def _worker_check():
    """A task worker's heartbeat within the lease, where tasks need one."""
    if not uses_worker():
        return "not used"  # tasks run in the process that queues them
    try:
        return "ok" if live_workers().exists() else "no heartbeat within the lease"
    except DatabaseError:
        return "unknown: the database is unavailable"


def _health(checks, healthy):
    status = "ok" if all(v in ("ok", "not used") for v in checks.values()) else "degraded"
    if not healthy:
        status = "unavailable"
    return JsonResponse({"status": status, **checks}, status=200 if healthy else 503)


@require_safe
@never_cache
def healthz(request):
    """Liveness, for a load balancer: 200 while this process answers and can serve pages,
    from the page cache or by rendering them; 503 only when it can do neither. The JSON says
    what is degraded."""
    checks = {"page_cache": _page_cache_check(), "database": _database_check()}
    return _health(checks, healthy="ok" in checks.values())


@require_safe
@never_cache
def readyz(request):
    """Readiness, for a deploy or a monitor: 200 when the database answers and a task worker
    has beaten within the lease (TASK_LEASE_SECONDS); else 503, with the reasons."""
    checks = {"database": _database_check()}
    checks["worker"] = _worker_check()
    return _health(checks, healthy=all(v in ("ok", "not used") for v in checks.values()))


@require_safe
def social_card(request, page_id, digest):
    """The generated share card of a live, public page. Its URL changes with the title."""
    page = get_object_or_404(visible_pages(), pk=page_id)
    site_name = SiteSettings.for_request(request).organisation_name
    current = card_digest(page.title, site_name)
    if digest != current:
        return redirect("social_card", page_id, current)
    name = stored_card(page.pk, page.title, site_name)
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/png")
    patch_cache_control(response, public=True, max_age=60 * 60 * 24 * 365, immutable=True)
    return response


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for by name: a redirect to the icon.
    Temporary, because the icon's hashed static URL changes when the icon does."""
    response = redirect(static("img/favicon.svg"))
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
    return response


def _text(body, content_type="text/plain; charset=utf-8"):
    return HttpResponse(body, content_type=content_type)


@require_safe
def robots_txt(request):
    """Crawl rules: the sitemap, private paths, and the editors' AI-crawler policy."""
    home = Site.find_for_request(request).root_page
    policy = SiteSettings.for_request(request).ai_crawler_policy()
    context = {
        "sitemap_url": canonical_base(home, request) + "/sitemap.xml",
        "allowed": [name for name, allowed in policy if allowed],
        "blocked": [name for name, allowed in policy if not allowed],
    }
    return _text(render_to_string("robots.txt", context))


@require_safe
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability.

    The contact is the site settings' contact email or, without one, the contact page's
    address (RFC 9116 allows an https URI), so a fresh install has the file too. With
    neither there is no file. It expires a year from the day it is served, so it never goes
    stale by itself.
    """
    home = Site.find_for_request(request).root_page
    contact = security_contact(request, home)
    if not contact:
        raise Http404("No contact email in the site settings, and no live contact page")
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    context = {
        "contact": contact,
        "expires": (today + timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "canonical": canonical_base(home, request) + "/.well-known/security.txt",
    }
    return _text(render_to_string("security.txt", context))


def security_contact(request, home):
    """security.txt's Contact: `mailto:` the contact email, else the contact page's URL."""
    email = SiteSettings.for_request(request).contact_email
    if email:
        return f"mailto:{email}"
    contact_page = visible_pages(ContactPage.objects.descendant_of(home)).first()
    return canonical_url(contact_page, request) if contact_page else None


def _listing(page, request):
    """A page as llms.txt lists it: linked by its markdown copy (llmstxt.org's convention)."""
    url = canonical_url(page, request)
    return {"title": page.title, "url": f"{url}index.html.md", "summary": page.summary}


def _indexable_pages(request):
    """Live, public, indexable content pages of the site, in tree order."""
    home = Site.find_for_request(request).root_page
    pages = visible_pages(Page.objects.descendant_of(home, inclusive=True)).specific()
    return [
        page for page in pages.order_by("path") if isinstance(page, BasePage) and not page.noindex
    ]


@require_safe
def llms_txt(request):
    """/llms.txt (llmstxt.org): the guides as a markdown index, generated from the page tree."""
    index = visible_pages(GuideIndexPage.objects).first()
    pillars = index.pillars_with_clusters() if index else []
    home = Site.find_for_request(request).root_page
    others = _indexable_pages(request)
    context = {
        "site_settings": SiteSettings.for_request(request),
        "home": _listing(home.specific, request),
        # A page hidden from search engines is left out; a pillar so hidden still heads the
        # section of its clusters that are not.
        "pillars": [
            (_listing(pillar, request), listed)
            for pillar, clusters in pillars
            if (
                listed := [
                    _listing(page, request) for page in [pillar, *clusters] if not page.noindex
                ]
            )
        ],
        "others": [
            _listing(page, request)
            for page in others
            if not isinstance(page, GuidePage | GuideIndexPage | EvidencePage)
            and page.depth > home.depth
        ],
    }
    evidence = next((page for page in others if isinstance(page, EvidencePage)), None)
    if evidence:
        context["evidence"] = {**_listing(evidence, request), **evidence.download_urls(request)}
    return _text(render_to_string("llms.txt", context))


@require_safe
def llms_full_txt(request):
    """Every markdown copy of the site's content pages, joined."""
    copies = [markdown_copy(page, request) for page in _indexable_pages(request)]
    response = _text("\n---\n\n".join(copies))
    response["X-Robots-Tag"] = "noindex"  # the pages themselves are what search engines list
    return response


@require_safe
def markdown_page(request, path=""):
    """The markdown copy of a page, at the page's URL plus index.html.md.

    It names its page as canonical and is noindex, so it never competes with the page in
    search results. Where the page has moved, its old copy redirects like the page does.
    """
    home = Site.find_for_request(request).root_page
    page = visible_pages().filter(url_path=f"{home.url_path}{path}").specific().first()
    if not isinstance(page, BasePage):
        return _markdown_redirect(request, path)
    response = _text(markdown_copy(page, request), "text/markdown; charset=utf-8")
    response["Link"] = f'<{canonical_url(page, request)}>; rel="canonical"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _markdown_redirect(request, path):
    """Follow the page's redirect (wagtail.contrib.redirects) to the new page's copy."""
    found = get_redirect(request, Redirect.normalise_path(f"/{path}"))
    target = found.redirect_page.specific if found and found.redirect_page else None
    if not isinstance(target, BasePage) or not is_visible(target):
        raise Http404("No page here")
    url = f"{target.get_url(request)}index.html.md"
    return HttpResponsePermanentRedirect(url) if found.is_permanent else HttpResponseRedirect(url)
