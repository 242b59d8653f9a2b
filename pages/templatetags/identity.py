"""{% organisation_name %}: the setting, for the 400 and 500 pages, which read no database."""

from django import template

from pages.identity import default_organisation_name

register = template.Library()
register.simple_tag(default_organisation_name, name="organisation_name")
