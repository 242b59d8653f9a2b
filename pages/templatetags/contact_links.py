"""{% contact_url %}: the contact form's one address."""

from django import template
from django.utils.http import urlencode

register = template.Library()

CONTACT_PATH = "/contact/"


@register.simple_tag
def contact_url(**extra):
    """The contact form's address, with the `extra` parameters that have a value."""
    query = urlencode({name: value for name, value in extra.items() if value}, doseq=True)
    return CONTACT_PATH + ("?" + query if query else "")
