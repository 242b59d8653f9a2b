"""Everything search engines and social sites read about a page, computed in one place.

The head include (templates/components/head_meta.html) renders what this module returns;
page types add their own structured-data nodes by overriding
``BasePage.structured_data_nodes``.
"""

import json
from urllib.parse import urlsplit

from django.templatetags.static import static
from django.utils.safestring import mark_safe

# Characters that could close the <script> element or open a comment inside it.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(graph):
    """Serialise a JSON-LD graph so that no content can break out of its <script>."""
    data = {"@context": "https://schema.org", "@graph": graph}
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))  # noqa: S308


def canonical_base(page, request=None):
    """https and the site's hostname, e.g. https://truvisory.com."""
    _site_id, root_url, _path = page.get_url_parts(request) or (None, "", "")
    hostname = urlsplit(root_url).hostname or (request.get_host() if request else "localhost")
    return f"https://{hostname}"


def canonical_url(page, request=None):
    parts = page.get_url_parts(request)
    return canonical_base(page, request) + (parts[2] if parts else "/")


def organization_node(base, site_settings):
    node = {
        "@type": "Organization",
        "@id": f"{base}/#organization",
        "name": site_settings.organisation_name,
        "url": f"{base}/",
        "logo": {
            "@type": "ImageObject",
            "url": base + static("img/logo.png"),
            "width": 512,
            "height": 512,
        },
    }
    if site_settings.description:
        node["description"] = site_settings.description
    same_as = [link.value["url"] for link in site_settings.profile_links]
    if same_as:
        node["sameAs"] = same_as
    return node


def website_node(base, site_settings):
    return {
        "@type": "WebSite",
        "@id": f"{base}/#website",
        "url": f"{base}/",
        "name": site_settings.organisation_name,
        "publisher": {"@id": f"{base}/#organization"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{base}/search/?q={{query}}"},
            "query-input": "required name=query",
        },
    }


def breadcrumb_node(url, crumbs):
    """crumbs: (name, absolute url) pairs, exactly as the visible breadcrumbs show them."""
    return {
        "@type": "BreadcrumbList",
        "@id": f"{url}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": item_url}
            for position, (name, item_url) in enumerate(crumbs, start=1)
        ],
    }
