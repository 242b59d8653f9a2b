"""Links to pages: `unlinked_as_prose` (pages/richtext.py) and `visible` (visibility.py)."""

from django import template

from pages.richtext import unlinked_as_prose
from pages.visibility import is_visible

register = template.Library()
register.filter("unlinked_as_prose", unlinked_as_prose)
register.filter("visible", is_visible)
