"""The files machines read, generated from the page tree: robots.txt, security.txt, llms.txt,
llms-full.txt and each page's markdown copy (pages/markdown.py writes one)."""

from datetime import timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from guides.models import EvidencePage, GuideIndexPage, GuidePage
from pages.markdown import markdown_copy
from pages.models import BasePage, ContactPage, SiteSettings
from pages.seo import canonical_base, canonical_url
from pages.visibility import is_visible, visible_pages, visible_pages_of_site


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
    return _text(render_to_string("machine_readable/robots.txt", context))


@require_safe
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability."""
    home = Site.find_for_request(request).root_page
    contact = security_contact(request, home)
    if not contact:
        raise Http404("No contact email in the site settings, and no live contact page")
    context = {
        "contact": contact,
        "expires": (timezone.now() + timedelta(days=365)).strftime("%Y-%m-%dT00:00:00Z"),
        "canonical": canonical_base(home, request) + "/.well-known/security.txt",
    }
    return _text(render_to_string("machine_readable/security.txt", context))


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
    """Live, public, indexable content pages of the request's Site, in tree order."""
    pages = visible_pages_of_site(request, Page.objects).specific()
    return [
        page for page in pages.order_by("path") if isinstance(page, BasePage) and not page.noindex
    ]


@require_safe
def llms_txt(request):
    """/llms.txt (llmstxt.org): the guides as a markdown index, generated from the page tree."""
    index = visible_pages_of_site(request, GuideIndexPage.objects).first()
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
    return _text(render_to_string("machine_readable/llms.txt", context))


@require_safe
def llms_full_txt(request):
    """Every markdown copy of the site's content pages, joined."""
    copies = [markdown_copy(page, request) for page in _indexable_pages(request)]
    response = _text("\n---\n\n".join(copies))
    response["X-Robots-Tag"] = "noindex"  # the pages themselves are what search engines list
    return response


@require_safe
def markdown_page(request, path=""):
    """A page's markdown copy at its URL plus index.html.md, canonical to the page."""
    home = Site.find_for_request(request).root_page
    page = visible_pages().filter(url_path=f"{home.url_path}{path}").specific().first()
    if not isinstance(page, BasePage):
        # Follow the page's redirect (wagtail.contrib.redirects) to the new page's copy.
        found = get_redirect(request, Redirect.normalise_path(f"/{path}"))
        target = found.redirect_page.specific if found and found.redirect_page else None
        if not isinstance(target, BasePage) or not is_visible(target):
            raise Http404("No page here")
        return redirect(f"{target.get_url(request)}index.html.md", permanent=found.is_permanent)
    response = _text(markdown_copy(page, request), "text/markdown; charset=utf-8")
    response["Link"] = f'<{canonical_url(page, request)}>; rel="canonical"'
    response["X-Robots-Tag"] = "noindex"
    return response
