"""{% userbar %}: Wagtail's user bar ("Edit this page", and the accessibility and content
checks) on the live site, for signed-in editors only, without costing visitors the page cache.

Wagtail's own {% wagtailuserbar %} reads `request.user` on every request, and reading the
user reads the session, which makes Django add `Vary: Cookie` to the answer: the page cache
then never keeps a visitor's page (page_cache/cache.py). So the user bar is
looked for only when the request carries a session cookie. The page cache never answers nor
keeps such a request, and marks its answer private, so no CDN or shared proxy keeps it either;
base.html renders the bar outside every cached fragment. The bar never reaches a visitor.
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
