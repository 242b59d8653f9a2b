"""Everything search engines and social sites read about a page, computed in one place."""

import json
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from pages.site_url import base_from_root_url, default_base

# Search results show about this many characters of a title and a description; a
# description much shorter than the snippet leaves search engines to fill it themselves.
# The editor's live counts, the search-result preview and the guide checks all use these.
TITLE_MIN, TITLE_MAX = 20, 60
DESCRIPTION_MIN, DESCRIPTION_MAX = 110, 160

# Characters that could close the <script> element or open a comment inside it.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(graph):
    """Serialise a JSON-LD graph so that no content can break out of its <script>."""
    data = {"@context": "https://schema.org", "@graph": graph}
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))  # noqa: S308


def length_advice(text, low, high):
    """How long a title or description is, worded as static/js/character-count.js words it."""
    count = len(text.strip())
    advice = f"{count} character{'' if count == 1 else 's'}; aim for {low} to {high}."
    if count > high:
        advice += " Search results will cut it short."
    return advice


def canonical_base(page, request=None):
    """The base URL of the page's Site, never from the Host header (`request` saves a query)."""
    return _base(page.get_url_parts(request))


def canonical_url(page, request=None):
    parts = page.get_url_parts(request)
    return _base(parts) + (parts[2] if parts and parts[2] else "/")


def _base(url_parts):
    return base_from_root_url(url_parts[1]) if url_parts and url_parts[1] else default_base()


def absolute(base, url):
    """A URL of this site made absolute; an absolute URL stays as it is."""
    return urljoin(base + "/", url)


# The attributes of HTML that hold a URL; `srcset` holds several (absolute_links).
URL_ATTRIBUTES = {"href", "src", "poster", "cite", "action"}


def absolute_links(html, page_url):
    """Content HTML with every link and source made absolute, to be read away from the page."""
    document = BeautifulSoup(html, "html.parser")
    for tag in document.find_all(True):
        for name in URL_ATTRIBUTES & tag.attrs.keys():
            tag[name] = urljoin(page_url, tag[name].strip())
        if tag.has_attr("srcset"):
            candidates = (candidate.split(maxsplit=1) for candidate in tag["srcset"].split(","))
            tag["srcset"] = ", ".join(
                " ".join([urljoin(page_url, parts[0]), *parts[1:]]) for parts in candidates if parts
            )
    return str(document)


def logo_node(base, image):
    """The organisation's logo: the editor's, as a 512 × 512 rendition, or the site's own."""
    if image is None:
        url, width, height = base + static("img/logo.png"), 512, 512
    else:
        rendition = image.get_rendition("fill-512x512")
        url, width, height = absolute(base, rendition.url), rendition.width, rendition.height
    return {"@type": "ImageObject", "url": url, "width": width, "height": height}


def organization_node(base, site_settings):
    node = {
        "@type": "Organization",
        "@id": f"{base}/#organization",
        "name": site_settings.organisation_name,
        "url": f"{base}/",
        "logo": logo_node(base, site_settings.logo),
    }
    # A certification with a public record is a credential the organisation holds
    # (schema.org's hasCredential is a property of an Organization too). One without a
    # record may be a limit rather than a credential ("not FedRAMP-authorized"): left out.
    credentials = [
        {"@type": "EducationalOccupationalCredential", "name": entry.value["text"], "url": url}
        for entry in site_settings.certifications
        if (url := entry.value["url"])
    ]
    optional = {
        "description": site_settings.description,
        "sameAs": [link.value["url"] for link in site_settings.profile_links],
        "hasCredential": credentials,
    }
    return {**node, **{key: value for key, value in optional.items() if value}}


def website_node(base, site_settings):
    return {
        "@type": "WebSite",
        "@id": f"{base}/#website",
        "url": f"{base}/",
        "name": site_settings.organisation_name,
        "publisher": {"@id": f"{base}/#organization"},
        "potentialAction": {
            "@type": "SearchAction",
            # The form Google's search-box documentation gives.
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{base}/search/?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
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
