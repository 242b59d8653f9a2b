"""Links to pages: `unlinked_as_prose`, the filter that Wagtail's rich text wrapper
(templates/wagtailcore/shared/richtext.html) runs on every rendered rich text, so that links
to pages visitors cannot see read as prose (pages/richtext.py); and `visible`, whether
visitors may see a page a template links to (pages/visibility.py)."""

from django import template

from pages.richtext import unlinked_as_prose
from pages.visibility import is_visible

register = template.Library()
register.filter("unlinked_as_prose", unlinked_as_prose)
register.filter("visible", is_visible)
