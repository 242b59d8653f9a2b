"""Admin screens of the site's own: Settings > Sign-in locks, for superusers."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.sign_in_locks import current_blocks, unlock


class SignInLocksView(WagtailAdminTemplateMixin, TemplateView):
    """Who cannot sign in now after failed attempts, and a button to let them back in."""

    page_title = "Sign-in locks"
    header_icon = "lock"
    template_name = "accounts/sign_in_locks.html"
    breadcrumbs_items = [
        *WagtailAdminTemplateMixin.breadcrumbs_items,
        {"url": "", "label": page_title},
    ]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            blocks=current_blocks(),
            failure_limit=settings.AXES_FAILURE_LIMIT,
            cool_off_minutes=round(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
            pauses=settings.AXES_LOCK_AFTER_PAUSES,
            lock_hours=round(settings.AXES_LOCK_PERIOD.total_seconds() / 3600),
            **kwargs,
        )

    def post(self, request):
        username, ip_address = request.POST.get("username", ""), request.POST.get("ip_address")
        if unlock(username, ip_address, by=request.user.get_username()) == (0, 0):
            messages.info(request, f"Sign-in as {username} from {ip_address} was not blocked.")
        else:
            messages.success(request, f"Sign-in as {username} from {ip_address} is unlocked.")
        return redirect("sign_in_locks")
