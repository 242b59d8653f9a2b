"""Views outside the page tree that any site has: a page's share card, /favicon.ico, and the
friendly answer to a form post that failed its CSRF check."""

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from pages.models import SiteSettings
from pages.social import card_digest, stored_card
from pages.visibility import visible_pages


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
    """/favicon.ico: a temporary redirect to the icon, whose hashed URL changes with it."""
    response = redirect(static("img/favicon.svg"))
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
    return response


def csrf_failure(request, reason=""):
    """A post without a valid CSRF token (cookies blocked): the visitor gets their message back."""
    context = {"message": request.POST.get("message", "")[:5000], "noindex": True}
    return TemplateResponse(request, "403_csrf.html", context, status=403)
