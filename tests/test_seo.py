"""What search engines and AI assistants read: head metadata, JSON-LD, sitemap, robots,
the feed, llms.txt and the markdown copies."""

import datetime
import io
import json
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from PIL import Image
from wagtail.models import Page

from guides.models import FaqEntry, GuidePage
from pages.models import SiteSettings
from tests.content import site as content
from tests.factories import add_image
from tests.fixtures import GUIDE_URL
from tests.html import soup, text_of

LIVE_URLS = [
    "/",
    "/guides/",
    content.TOPIC_URL,
    GUIDE_URL,
    GUIDE_URL + "assessment/",
    "/engagements/",
    "/faq/",
    "/evidence/",
    "/contact/",
    "/privacy/",
    content.ABOUT_URL,
    content.AUTHOR_URL,
]
# The page's own node: a WebPage, or the schema.org subtype of it that the page is.
WEBPAGE_TYPES = {"WebPage", "AboutPage", "ProfilePage"}


def graph_of(page):
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


@pytest.mark.parametrize("url", LIVE_URLS)
def test_every_live_page_has_complete_head_metadata(client, db, url):
    page = soup(client.get(url + "?utm_source=x"))
    canonical = page.find("link", rel="canonical")["href"]
    assert canonical.startswith("https://") and "?" not in canonical
    assert urlsplit(canonical).path == url
    assert page.title.string.strip()
    assert page.find("meta", attrs={"name": "description"})["content"]
    for prop in [
        "og:type",
        "og:title",
        "og:description",
        "og:url",
        "og:site_name",
        "og:image",
        "og:image:width",
        "og:image:height",
        "og:image:alt",
    ]:
        assert page.find("meta", property=prop)["content"], prop
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert (
        page.find("link", rel="alternate", type="application/atom+xml")["href"] == "/feeds/guides/"
    )
    markdown = page.find("link", rel="alternate", type="text/markdown")["href"]
    assert client.get(markdown)["Content-Type"].startswith("text/markdown")
    graph = graph_of(page)
    assert {"Organization", "WebSite"} <= graph.keys()
    assert len(WEBPAGE_TYPES & graph.keys()) == 1
    search = graph["WebSite"]["potentialAction"]
    assert search["target"]["urlTemplate"] == "https://localhost/search/?q={search_term_string}"
    assert search["query-input"] == "required name=search_term_string"
    if url != "/":
        visible = [
            (text_of(li), li.a["href"] if li.a else url) for li in page.select("nav.breadcrumbs li")
        ]
        listed = [
            (item["name"], urlsplit(item["item"]).path)
            for item in graph["BreadcrumbList"]["itemListElement"]
        ]
        assert listed == visible


def test_title_falls_back_to_title_and_site_name(client, db):
    """The engagements page has no SEO title of its own."""
    page = Page.objects.get(slug="engagements").specific
    page.title = "A page title"
    page.save_revision().publish()
    organisation = content.SETTINGS["organisation_name"]
    assert soup(client.get("/engagements/")).title.string == f"A page title | {organisation}"


def test_guide_article_and_faq_match_the_visible_page(client, guide):
    page = soup(client.get(GUIDE_URL))
    graph = graph_of(page)
    article = graph["Article"]
    times = [time["datetime"] for time in page.select(".byline time")]
    assert article["datePublished"].startswith(times[0])
    assert article["dateModified"] == guide.last_modified.isoformat()
    assert article["author"]["@type"] == "Person"
    assert article["author"]["name"] == content.AUTHOR["name"]
    assert article["author"]["url"] == "https://localhost" + content.AUTHOR_URL
    assert article["isPartOf"]["url"].endswith(content.TOPIC_URL)
    topic = GuidePage.objects.get(url_path__endswith=content.TOPIC_URL)
    assert page.find("meta", property="article:section")["content"] == topic.title

    visible = [
        (text_of(entry.h3), text_of(entry.select_one(".prose")))
        for entry in page.select("section.faq .faq__entry")
    ]
    structured = [
        (question["name"], text_of(soup_fragment(question["acceptedAnswer"]["text"])))
        for question in graph["FAQPage"]["mainEntity"]
    ]
    assert len(visible) == len([answer for answer in content.FAQ_ANSWERS.values() if answer])
    assert structured == visible


def soup_fragment(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_pillar_article_has_part_for_its_clusters_and_an_author(client, db):
    """The topic guide's children: the example guide, and a draft that stays out."""
    article = graph_of(soup(client.get(content.TOPIC_URL)))["Article"]
    assert [part["url"].split("localhost")[-1] for part in article["hasPart"]] == [GUIDE_URL]
    assert article["author"]["@type"] == "Person"
    assert article["author"]["name"] == content.AUTHOR["name"]


def test_a_guide_without_a_byline_is_authored_by_the_organisation(client, db):
    GuidePage.objects.filter(url_path__endswith=content.TOPIC_URL).update(author=None)
    graph = graph_of(soup(client.get(content.TOPIC_URL)))
    assert graph["Article"]["author"] == {"@id": graph["Organization"]["@id"]}


def test_json_ld_cannot_be_broken_out_of(client, guide):
    hostile = "</script><script>alert(1)</script> & <!--"
    FaqEntry.objects.filter(page=guide).update(question=hostile)
    html = client.get(GUIDE_URL).content.decode()
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in script
    data = json.loads(script)
    faq = next(node for node in data["@graph"] if node["@type"] == "FAQPage")
    assert faq["mainEntity"][0]["name"] == hostile


def test_noindex_pages_say_so_and_stay_out_of_the_sitemap(client, db):
    page = Page.objects.get(slug="engagements").specific
    page.noindex = True
    page.save_revision().publish()
    html = soup(client.get("/engagements/"))
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "/engagements/" not in client.get("/sitemap.xml").content.decode()


def test_sitemap_lists_live_indexable_pages_with_substantive_lastmod(client, guide):
    """Each lastmod is the page's last-change time (tests/test_change_dates.py), in full."""
    GuidePage.objects.filter(pk=guide.pk).update(
        content_changed_at=datetime.datetime(2025, 1, 2, 15, 4, 5, 678, tzinfo=datetime.UTC)
    )
    xml = ET.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        urlsplit(url.find("s:loc", ns).text).path: url.find("s:lastmod", ns).text
        for url in xml.findall("s:url", ns)
    }
    assert set(entries) == set(LIVE_URLS)
    assert entries[GUIDE_URL] == "2025-01-02T15:04:05Z"
    assert all(
        url.find("s:loc", ns).text.startswith("https://") for url in xml.findall("s:url", ns)
    )


def test_social_card_is_generated_once_and_again_when_the_title_changes(
    client, guide, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    image_url = soup(client.get(GUIDE_URL)).find("meta", property="og:image")["content"]
    path = urlsplit(image_url).path
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.size == (1200, 630)
    stored = list((tmp_path / "social").iterdir())
    assert len(stored) == 1
    mtime = stored[0].stat().st_mtime_ns
    client.get(path)
    assert stored[0].stat().st_mtime_ns == mtime

    guide.title = "A new title"
    guide.save_revision().publish()
    new_url = soup(client.get(GUIDE_URL)).find("meta", property="og:image")["content"]
    assert new_url != image_url
    assert client.get(urlsplit(new_url).path).status_code == 200
    assert len(list((tmp_path / "social").iterdir())) == 2
    assert client.get(path).status_code == 302


def test_favicon_ico_leads_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/svg+xml"


def test_an_old_http_link_without_its_slash_takes_one_redirect(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/guides")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/guides/"
    assert client.get("/guides/", secure=True).status_code == 200
    # Nothing else changes: https without the slash, and http with it, take one each.
    assert client.get("/guides", secure=True)["Location"] == "/guides/"
    assert client.get("/guides/")["Location"] == "https://testserver/guides/"


def test_og_image_is_absolute_on_the_sites_host_whatever_the_request_host(client, db, settings):
    settings.ALLOWED_HOSTS = ["attacker.example"]
    page = soup(client.get(GUIDE_URL, HTTP_HOST="attacker.example"))
    for image in (
        page.find("meta", property="og:image")["content"],
        page.find("meta", attrs={"name": "twitter:image"})["content"],
    ):
        assert image.startswith("https://localhost/social/"), image


def test_changing_a_slug_redirects_the_old_url(client, db, django_capture_on_commit_callbacks):
    page = Page.objects.get(slug="engagements").specific
    page.slug = "how-we-work"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = client.get("/engagements/")
    assert response.status_code in (301, 302)
    assert response["Location"].endswith("/how-we-work/")
    assert client.get("/engagements").status_code == 301


def test_the_organization_is_the_same_as_the_site_s_profiles(client, db):
    organization = graph_of(soup(client.get("/")))["Organization"]
    assert "sameAs" not in organization  # the tests' site has no profile links
    assert "hasCredential" not in organization  # nor a certification with a public record

    site_settings = SiteSettings.objects.get()
    profiles = {
        "LinkedIn": "https://www.linkedin.com/company/example-firm",
        "GitHub": "https://github.com/example-firm",
    }
    links = list(profiles.values())
    site_settings.profile_links = [
        ("link", {"label": label, "url": url}) for label, url in profiles.items()
    ]
    record = "https://example.org/registry/example-firm"
    first, second = content.SETTINGS["certifications"]
    site_settings.certifications = [
        ("certification", {"text": first, "url": record}),
        ("certification", {"text": second, "url": ""}),
    ]
    site_settings.save()
    for url in ("/", GUIDE_URL, content.AUTHOR_URL):
        organization = graph_of(soup(client.get(url)))["Organization"]
        assert organization["sameAs"] == links
        # Only a certification with a public record is stated as a credential.
        assert organization["hasCredential"] == [
            {"@type": "EducationalOccupationalCredential", "name": first, "url": record}
        ]


def test_the_organization_s_logo_is_the_one_an_editor_chose(client, db, settings, tmp_path):
    organization = graph_of(soup(client.get("/")))["Organization"]
    assert organization["logo"]["url"].startswith("https://localhost/static/img/logo")

    settings.MEDIA_ROOT = tmp_path
    site_settings = SiteSettings.for_default_site()
    site_settings.logo = add_image("Firm logo", size=(900, 600))
    site_settings.save()
    logo = graph_of(soup(client.get("/")))["Organization"]["logo"]
    assert logo["url"].startswith("https://localhost/media/images/firm-logo")
    assert (logo["width"], logo["height"]) == (512, 512)
