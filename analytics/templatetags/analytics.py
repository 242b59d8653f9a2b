"""{% analytics_script %}: the analytics script's tag in every visitor page's head, following
Site settings > Analytics; with an external endpoint, its origin for the page's CSP."""

from urllib.parse import urlsplit

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from pages.models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def analytics_script(context):
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return ""
    site_settings = SiteSettings.for_request(request)
    collector = reverse("analytics_collect") if site_settings.analytics_enabled else ""
    endpoint = urlsplit(site_settings.analytics_endpoint)
    origin = f"{endpoint.scheme}://{endpoint.netloc}" if endpoint.scheme and endpoint.netloc else ""
    if not collector and not origin:
        return ""
    request.analytics_origin = origin  # "" for none (truvisory/csp.py)
    return format_html(
        '<script src="{}" defer data-collect="{}" data-endpoint="{}"></script>',
        static("js/analytics.js"),
        collector,
        site_settings.analytics_endpoint if origin else "",
    )
