"""{% userbar %}: Wagtail's user bar on the live site, for signed-in editors only.

Wagtail's own {% wagtailuserbar %} reads the session on every request, which adds
`Vary: Cookie` and keeps every visitor's page out of the page cache; this one looks only when
the request carries a session cookie, which the page cache neither answers nor keeps.
"""

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
