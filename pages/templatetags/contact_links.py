"""{% contact_url %}: links to the contact form.

The form has one address. Which page's call to action was clicked, the browser remembers
for the form itself (static/js/visit.js), so no link says it; only the self-assessment's
result adds the triggers ticked, which start the message even without JavaScript."""

from django import template
from django.utils.http import urlencode

register = template.Library()

CONTACT_PATH = "/contact/"


@register.simple_tag
def contact_url(**extra):
    """The contact form's address, with any `extra` parameters that have a value (a list
    gives one each)."""
    query = urlencode({name: value for name, value in extra.items() if value}, doseq=True)
    return CONTACT_PATH + ("?" + query if query else "")
