from django import template
from django.utils.http import urlencode

from pages.richtext import render_rich_text

register = template.Library()

CONTACT_PATH = "/contact/"


@register.simple_tag(takes_context=True)
def rich_text(context, value):
    """Render stored rich text; links to pages that are not live read as ordinary prose."""
    return render_rich_text(value, context.get("request"))


@register.simple_tag
def contact_url(page=None, **extra):
    """The contact form's address, saying which page the visitor came from (`?from=` its
    slug, recorded with the lead) and any `extra` parameters (a list gives one each)."""
    query = {"from": page.slug} if getattr(page, "slug", "") else {}
    query.update(extra)
    return CONTACT_PATH + ("?" + urlencode(query, doseq=True) if query else "")
