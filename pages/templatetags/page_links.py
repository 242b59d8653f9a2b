"""Links to pages: `unlinked_as_prose`, which the rich text wrapper runs (pages/richtext.py),
and `visible`, whether visitors may see a linked page (pages/visibility.py)."""

from django import template

from pages.richtext import unlinked_as_prose
from pages.visibility import is_visible

register = template.Library()
register.filter("unlinked_as_prose", unlinked_as_prose)
register.filter("visible", is_visible)
