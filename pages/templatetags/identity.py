"""{% organisation_name %}: the ORGANISATION_NAME setting, for the plain 400 and 500 pages,
which never read the database (templates/plain.html)."""

from django import template

from pages.identity import default_organisation_name

register = template.Library()
register.simple_tag(default_organisation_name, name="organisation_name")
