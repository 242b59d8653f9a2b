"""Every page's structured data, read from its HTML by extruct as crawlers read it, uses
only types and properties that schema.org's own vocabulary defines for where they stand
(tests/checkers.py); and that check can fail."""

import json

import pytest
from wagtail.models import Site

from guides.models import ProfilePage
from pages.models import SiteSettings
from tests.checkers import schema_org_errors, structured_data
from tests.content import site as content
from tests.fixtures import GUIDE_URL

ASSESSMENT_URL = GUIDE_URL + "assessment/"

# Every page type, each with a type of node its structured data must hold, so that a page
# whose JSON-LD went missing cannot pass. A new page type is one more line here.
PAGES = [
    ("/", "WebPage"),
    ("/guides/", "WebPage"),
    (content.TOPIC_URL, "Article"),
    (GUIDE_URL, "Article"),
    (GUIDE_URL, "FAQPage"),
    (ASSESSMENT_URL, "WebPage"),
    (ASSESSMENT_URL + "result/", "WebPage"),
    ("/engagements/", "WebPage"),
    ("/faq/", "WebPage"),
    ("/contact/", "WebPage"),
    ("/contact/thanks/", "WebPage"),
    ("/privacy/", "WebPage"),
    (content.ABOUT_URL, "AboutPage"),
    (content.AUTHOR_URL, "ProfilePage"),
    ("/evidence/", "Dataset"),
]


def node_types(html, url):
    """The types of the top-level nodes of a page's JSON-LD, as extruct reads them."""
    documents = structured_data(html, url)["json-ld"]
    return {node.get("@type") for document in documents for node in document["@graph"]}


def page_with(json_ld="", body=""):
    script = f'<script type="application/ld+json">{json.dumps(json_ld)}</script>' if json_ld else ""
    return f"<!DOCTYPE html><html><head>{script}</head><body>{body}</body></html>"


@pytest.mark.parametrize(("url", "node_type"), PAGES)
def test_structured_data_uses_only_schema_org_terms(client, db, url, node_type):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert node_type in node_types(html, f"https://localhost{url}")
    assert schema_org_errors(html, f"https://localhost{url}") == []


def test_profile_links_reach_structured_data_in_schema_org_terms(client, db):
    """The fields the tests' site leaves empty: the firm's and the author's profile links."""
    link = {"label": "Example profile", "url": "https://example.org/profile"}
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.profile_links = [("link", link)]
    site_settings.save()
    profile = ProfilePage.objects.get(url_path__endswith=content.AUTHOR_URL)
    profile.profile_links = [("link", link)]
    profile.save_revision().publish()

    html = client.get(content.AUTHOR_URL).content.decode()
    graph = structured_data(html, "https://localhost/")["json-ld"][0]["@graph"]
    nodes = {node["@type"]: node for node in graph}
    assert nodes["Organization"]["sameAs"] == [link["url"]]
    assert nodes["ProfilePage"]["mainEntity"]["sameAs"] == [link["url"]]
    assert schema_org_errors(html) == []


def test_the_check_reports_unknown_types_unknown_properties_and_misplaced_properties():
    json_ld = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": "A headline",
        "colour": "red",
        "author": {"@type": "Persn", "name": "A misspelt type"},
        "publisher": {"@type": "Organization", "name": "A firm", "jobTitle": "Not a firm's"},
    }
    assert schema_org_errors(page_with(json_ld)) == [
        "Article.colour: not a schema.org property",
        "Article.author: @type Persn is not a schema.org type",
        "Article.publisher.jobTitle: not a property of Organization",
    ]


def test_the_check_follows_a_graph_and_its_references():
    """A node named by @id alone is checked where it is defined, and its type found there:
    a node that adds properties under that @id, and a value that must be of a given type."""
    page = "https://example.org/guide/#webpage"
    json_ld = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Article",
                "headline": "A headline",
                "mainEntityOfPage": {"@id": page},
                "author": {"@id": page},
            },
            {"@type": "WebPage", "@id": page, "lastReviewed": "2026-01-01"},
            {"@id": page, "jobTitle": "Not a web page's"},
        ],
    }
    assert schema_org_errors(page_with(json_ld)) == [
        "Article.author: a WebPage where author expects Organization, Person",
        "WebPage.jobTitle: not a property of WebPage",
    ]


def test_the_check_knows_the_current_vocabulary_and_its_subtypes():
    """hasCertification and Certification came into schema.org in 2024; ProfilePage takes
    WebPage's properties, and Person's `mainEntity` those of a Person."""
    json_ld = {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "lastReviewed": "2026-01-01",
        "mainEntity": {
            "@type": "Person",
            "name": "A person",
            "knowsAbout": "Examples",
            "hasCertification": {"@type": "Certification", "name": "A certification"},
        },
    }
    assert schema_org_errors(page_with(json_ld)) == []


def test_the_check_reads_microdata_and_rdfa_too():
    body = (
        '<div itemscope itemtype="https://schema.org/Person"><span itemprop="name">A</span>'
        '<span itemprop="isbn">1</span></div>'
        '<div vocab="https://schema.org/" typeof="Book"><span property="jobTitle">B</span></div>'
    )
    assert schema_org_errors(page_with(body=body)) == [
        "Person.isbn: not a property of Person",
        "Book.jobTitle: not a property of Book",
    ]
