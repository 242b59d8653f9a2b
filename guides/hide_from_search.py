"""“Hide from search engines until complete”, offered on a thin guide by its checks: ticks the
page's `noindex` once confirmed on a page of its own (no form inside the edit form)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from guides.models import GuidePage

LOG_ACTION = "guides.hide_from_search"


def hide_from_search(page, user, publish):
    """Tick `noindex` on the live page by publishing when `publish`, and in the latest draft
    when there is one or not `publish`. Returns whether it is live."""
    had_draft = page.has_unpublished_changes
    draft = page.get_latest_revision_as_object() if had_draft or not publish else None
    if publish:
        page.noindex = True
        page.save_revision(user=user, log_action=True).publish(user=user)
    if draft is not None:
        draft.noindex = True
        draft.save_revision(user=user, log_action=True)
    log(page, LOG_ACTION, user=user)
    return publish


class HideFromSearchView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then hide the guide from search engines; back to its editor after."""

    page_title = "Hide from search engines until complete"
    header_icon = "view"
    template_name = "guides/admin/confirm_hide_from_search.html"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(GuidePage, pk=page_id)
        permissions = self.page.permissions_for_user(request.user)
        if not permissions.can_edit():
            raise PermissionDenied
        self.edit_url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        self.publishes = self.page.live and permissions.can_publish()
        lock = self.page.get_lock()
        if lock and lock.for_user(request.user):
            messages.error(request, lock.get_message(request.user))
            return redirect(self.edit_url)
        return super().dispatch(request)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.edit_url, "label": self.page.get_admin_display_title()},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.page, publishes=self.publishes, edit_url=self.edit_url, **kwargs
        )

    def post(self, request):
        title = self.page.get_admin_display_title()
        if self.page.noindex and not self.page.has_unpublished_changes:
            messages.info(request, f"“{title}” is already hidden from search engines.")
        elif hide_from_search(self.page, request.user, publish=self.publishes):
            messages.success(
                request,
                f"“{title}” is hidden from search engines until you untick “Hide from search "
                "engines” on the Promote tab. Visitors still see it.",
            )
        else:
            messages.success(
                request,
                f"“{title}” is saved as a draft hidden from search engines. It takes effect "
                "when the page is published.",
            )
        return redirect(self.edit_url)
