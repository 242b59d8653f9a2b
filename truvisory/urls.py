from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from analytics.views import COLLECTOR_PATH, collect
from machine_readable import views
from machine_readable.evidence_downloads import evidence_csv, evidence_json
from machine_readable.feeds import GuidesFeed
from page_cache import indexnow
from page_cache.query import reads_query_parameters as reads
from pages import routing
from pages import views as page_views
from search import views as search_views
from truvisory import health

# Each view's query parameters (page_cache/query.py): only they reach the view,
# and a page cache key holds only them. Pages name theirs on the page class.

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", reads()(views.robots_txt), name="robots_txt"),
    path("favicon.ico", reads()(page_views.favicon), name="favicon"),
    path(".well-known/security.txt", reads()(views.security_txt), name="security_txt"),
    path("llms.txt", reads()(views.llms_txt), name="llms_txt"),
    path("llms-full.txt", reads()(views.llms_full_txt), name="llms_full_txt"),
    path("sitemap.xml", reads("p")(sitemap), name="sitemap"),
    path("feeds/guides/", reads()(GuidesFeed()), name="guides_feed"),
    path("evidence.csv", reads()(evidence_csv), name="evidence_csv"),
    path("evidence.json", reads()(evidence_json), name="evidence_json"),
    re_path(
        r"^(?P<path>(?:[-\w]+/)*)index\.html\.md$", reads()(views.markdown_page), name="markdown"
    ),
    path("search/", reads("q", "page")(search_views.search), name="search"),
    path(COLLECTOR_PATH.lstrip("/"), collect, name="analytics_collect"),
    path("social/<int:page_id>-<str:digest>.png", page_views.social_card, name="social_card"),
    # After llms-full.txt, which the pattern would also match.
    re_path(
        r"^(?P<key>[A-Za-z0-9-]{8,128})\.txt$", reads()(indexnow.key_file), name="indexnow_key"
    ),
    path(f"{settings.ADMIN_PATH}/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),  # with DEBUG only
    # Wagtail's front-end addresses, its serve view last with its routing in fewer queries
    # (pages/routing.py).
    *[pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
]
