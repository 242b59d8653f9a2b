"""{% userbar %}: Wagtail's user bar on the live site, for signed-in editors only. Wagtail's
own {% wagtailuserbar %} reads every request's session, and its `Vary: Cookie` would keep every
page out of the page cache; this one looks only when the request carries a session cookie."""

from django import template
from django.conf import settings
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

register = template.Library()


@register.simple_tag(takes_context=True)
def userbar(context):
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    return wagtailuserbar(context)
