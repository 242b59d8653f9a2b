"""{% organisation_name %}: the name for the plain 400 and 500 pages, which Django renders
without a request and which never read the database (templates/plain.html): the
ORGANISATION_NAME setting. Every other template reads Site settings."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def organisation_name():
    return settings.ORGANISATION_NAME
