from django import template

from pages.richtext import render_rich_text

register = template.Library()


@register.simple_tag(takes_context=True)
def rich_text(context, value):
    """Render stored rich text; links to pages that are not live become plain text."""
    return render_rich_text(value, context.get("request"))


@register.inclusion_tag("components/page_link.html", takes_context=True)
def page_link(context, page, text=None):
    """A link to a page while it is live, and its plain title (or text) while it is not."""
    request = context.get("request")
    return {
        "url": page.get_url(request) if page and page.live else None,
        "text": text or page.title,
    }
