"""{% contact_url %}: links to the contact form that say where the visitor came from."""

from django import template
from django.utils.http import urlencode

register = template.Library()

CONTACT_PATH = "/contact/"


@register.simple_tag
def contact_url(page=None, **extra):
    """The contact form's address, saying which page the visitor came from (`?from=` its
    slug, recorded with the lead) and any `extra` parameters (a list gives one each)."""
    query = {"from": page.slug} if getattr(page, "slug", "") else {}
    query.update(extra)
    return CONTACT_PATH + ("?" + urlencode(query, doseq=True) if query else "")
