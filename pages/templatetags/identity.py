"""{% organisation_name %}: the ORGANISATION_NAME setting, for the plain 400 and 500 pages,
which never read the database (templates/plain.html)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def organisation_name():
    return settings.ORGANISATION_NAME
