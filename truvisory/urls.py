import os

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from pages import views as page_views
from truvisory import views

ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin").strip("/") or "admin"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("search/", page_views.search, name="search"),
    path(f"{ADMIN_PATH}/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
