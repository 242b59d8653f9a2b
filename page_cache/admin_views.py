"""Settings > Page cache, for superusers: the release, the failed writes, and a button that
empties it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import cdn, invalidation
from .cache import release_id
from .models import PageCacheFailures


class PageCacheView(WagtailAdminTemplateMixin, TemplateView):
    """GET: what emptying does, and the button; POST: empty it."""

    page_title = "Page cache"
    header_icon = "bin"
    template_name = "page_cache/admin.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            # A 403 (the site's own page), not Wagtail's redirect to the dashboard, which
            # would answer a refused POST with a 302.
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            release=release_id(),
            cdn=cdn.configured(),
            failures=PageCacheFailures.objects.filter(pk=1).first(),
            **kwargs,
        )

    def post(self, request):
        invalidation.empty(by=request.user.get_username())
        messages.success(
            request, "The page cache is empty: each page renders afresh on its next request."
        )
        return redirect("page_cache")
