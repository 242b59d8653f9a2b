"""The canonical host: SITE_URL sets the default Site, and every absolute URL a page, the
sitemap, robots.txt, the feed, llms.txt or a markdown copy emits starts with it, whatever
Host header the request came with."""

import importlib
import json
import re
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.models import Site

from pages.site_url import apply_site_url, parse_site_url
from tests.checkers import atom_errors, robots, sitemap_errors
from tests.content import site as content
from tests.factories import SITE_CONTENT
from tests.fixtures import GUIDE_URL
from tests.html import soup

SITE = "https://www.example.org"
HOSTS = ["www.example.org", "localhost", "attacker.example"]
ABSOLUTE = re.compile(r"https?://[^\s\"'<>)]+")


@pytest.fixture
def site_url(db, settings):
    """SITE_URL set, then the deploy steps: migrate and the seed loader (with the tests'
    content, which the session has loaded already: loading it again changes nothing)."""
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = HOSTS
    out = StringIO()
    call_command("migrate", verbosity=1, stdout=out)
    call_command("load_site_content", "--content", SITE_CONTENT, stdout=out)
    return out.getvalue()


def our_urls(text):
    """The absolute URLs in a text that point at this site (not at a cited source)."""
    sources = tuple(source["url"] for source in content.SOURCES.values())
    others = ("https://schema.org", "http://www.w3.org", "http://www.sitemaps.org")
    return [url for url in ABSOLUTE.findall(text) if not url.startswith(sources + others)]


def test_migrate_points_the_default_site_at_site_url(site_url):
    assert "SITE_URL: the default Site is now https://www.example.org" in site_url
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("www.example.org", 443)
    assert apply_site_url() is None  # running it again changes nothing


@pytest.mark.parametrize("host", HOSTS)
def test_every_absolute_url_starts_with_site_url_whatever_the_host(client, site_url, host):
    page = soup(client.get(GUIDE_URL, HTTP_HOST=host))
    head = [
        page.find("link", rel="canonical")["href"],
        page.find("meta", property="og:url")["content"],
        page.find("meta", property="og:image")["content"],
        page.find("meta", attrs={"name": "twitter:image"})["content"],
    ]
    graph = page.find("script", type="application/ld+json").string
    assert head[0] == f"{SITE}{GUIDE_URL}"
    assert len(our_urls(graph)) > 10

    sitemap = client.get("/sitemap.xml", HTTP_HOST=host).content
    assert sitemap_errors(sitemap) == []
    locations = [loc.text for loc in ET.fromstring(sitemap).iter() if loc.tag.endswith("loc")]

    robots_txt = client.get("/robots.txt", HTTP_HOST=host).content
    feed = client.get("/feeds/guides/", HTTP_HOST=host).content
    assert atom_errors(feed) == []
    llms = client.get("/llms.txt", HTTP_HOST=host).content.decode()
    copy = client.get(f"{GUIDE_URL}index.html.md", HTTP_HOST=host)
    evidence_copy = client.get("/evidence/index.html.md", HTTP_HOST=host).content.decode()
    evidence_data = [client.get(url, HTTP_HOST=host) for url in ["/evidence.csv", "/evidence.json"]]

    emitted = [
        *head,
        *our_urls(graph),
        *locations,
        *robots(robots_txt).sitemaps,
        *our_urls(feed.decode()),
        *our_urls(llms),
        *our_urls(copy.content.decode()),
        *our_urls(copy["Link"]),
        *our_urls(evidence_copy),
        *(url for data in evidence_data for url in our_urls(data.content.decode("utf-8-sig"))),
        *(url for data in evidence_data for url in our_urls(data["Link"])),
    ]
    assert len(our_urls(evidence_data[1].content.decode())) > 10
    assert [url for url in emitted if not url.startswith(f"{SITE}/")] == []
    assert re.search(r"<id>tag:www\.example\.org,", feed.decode())


def test_check_deploy_warns_while_the_site_is_localhost(db, settings):
    def warnings():
        return [m.id for m in run_checks(include_deployment_checks=True) if m.id == "pages.W001"]

    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    assert warnings() == ["pages.W001"]
    settings.SITE_URL = SITE
    apply_site_url()
    assert warnings() == []


@pytest.mark.parametrize(
    "value",
    [
        "truvisory.com",
        "ftp://truvisory.com",
        "https://truvisory.com/guides/",
        "https://x.org:8443",
        "http://truvisory.com",
        "https://x.org:port",
    ],
)
def test_a_site_url_that_cannot_work_is_refused_with_a_reason(db, settings, value):
    settings.SITE_URL = value
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        parse_site_url(value)
    errors = [message for message in run_checks() if message.id == "pages.E001"]
    assert len(errors) == 1 and value in errors[0].msg


def test_make_run_keeps_working_on_127_0_0_1(client, db, settings):
    dev = importlib.import_module("truvisory.settings.dev")
    assert dev.SITE_URL.startswith("http://127.0.0.1:")
    settings.SITE_URL = "http://127.0.0.1:8000"
    apply_site_url()
    response = client.get(GUIDE_URL, HTTP_HOST="127.0.0.1:8000")
    canonical = soup(response).find("link", rel="canonical")["href"]
    assert canonical == f"http://127.0.0.1:8000{GUIDE_URL}"
    graph = json.loads(soup(response).find("script", type="application/ld+json").string)
    assert graph["@graph"][0]["url"] == "http://127.0.0.1:8000/"
