"""The filter that Wagtail's rich text wrapper (templates/wagtailcore/shared/richtext.html)
runs on every rendered rich text: links to pages that are not live read as prose
(pages/richtext.py)."""

from django import template

from pages.richtext import unlinked_as_prose

register = template.Library()
register.filter("unlinked_as_prose", unlinked_as_prose)
