"""The markdown copies of pages and llms.txt: what AI assistants read, without competing
with the pages in search results."""

import re
from urllib.parse import urlsplit

import pytest
from wagtail.models import Page

from guides.models import GuidePage
from tests.conftest import GUIDE_URL
from tests.test_seo import LIVE_URLS

LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


@pytest.mark.parametrize("url", LIVE_URLS)
def test_a_copy_names_its_page_as_canonical_and_is_noindex(client, db, url):
    response = client.get(f"{url}index.html.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Link"] == f'<https://localhost{url}>; rel="canonical"'
    assert response["X-Robots-Tag"] == "noindex"


def test_the_guide_copy_has_the_whole_guide(client, db):
    body = client.get(GUIDE_URL + "index.html.md").content.decode()
    assert body.startswith("# Fractional AI CTO")
    assert "## What is a fractional AI CTO?" in body
    assert "| Finding | Figure | Source (date) |" in body
    assert "| ≈95% | [MIT NANDA, State of AI in Business](https://" in body
    assert "### What does a fractional AI CTO cost?" in body
    assert "[the pillar guide](https://localhost/guides/fractional-cto/)" in body
    assert client.get("/guides/fractional-cto/why-ai-pilots-fail/index.html.md").status_code == 404
    full = client.get("/llms-full.txt")
    assert "## What is a fractional AI CTO?" in full.content.decode()
    assert "# How Truvisory’s fractional CTO engagements work" in full.content.decode()
    assert full["X-Robots-Tag"] == "noindex"


def test_the_home_and_guide_index_copies_list_what_their_pages_list(client, db):
    home = client.get("/index.html.md").content.decode()
    assert f"(https://localhost{GUIDE_URL})" in home
    assert "The flagship guide" in home
    index = client.get("/guides/index.html.md").content.decode()
    assert "[The fractional CTO guide](https://localhost/guides/fractional-cto/)" in index
    assert (
        "[Fractional AI CTO: What It Is, When You Need One, and What One Actually Does]"
        f"(https://localhost{GUIDE_URL})"
    ) in index


def test_an_old_copy_url_redirects_like_its_page_after_a_slug_change(
    client, db, django_capture_on_commit_callbacks
):
    guide = GuidePage.objects.get(slug="fractional-ai-cto")
    guide.slug = "what-is-a-fractional-ai-cto"
    with django_capture_on_commit_callbacks(execute=True):
        guide.save_revision().publish()
    page = client.get(GUIDE_URL)
    copy = client.get(f"{GUIDE_URL}index.html.md")
    assert page.status_code == copy.status_code == 301
    new_url = "/guides/fractional-cto/what-is-a-fractional-ai-cto/"
    assert page["Location"] == new_url
    assert copy["Location"] == f"{new_url}index.html.md"
    assert client.get(copy["Location"])["Content-Type"].startswith("text/markdown")
    assert client.get("/no-such-page/index.html.md").status_code == 404


def test_a_copy_never_redirects_to_a_page_that_is_not_live(
    client, db, django_capture_on_commit_callbacks
):
    page = Page.objects.get(slug="engagements").specific
    page.slug = "how-we-work"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.unpublish()
    assert client.get("/engagements/index.html.md").status_code == 404


def test_llms_txt_links_each_pages_markdown_copy(client, db):
    body = client.get("/llms.txt").content.decode()
    lines = body.splitlines()
    assert lines[0] == "# Truvisory"
    assert any(line.startswith("> ") for line in lines[1:4])
    assert "## The fractional CTO guide" in lines and "## Optional" in lines
    assert "why-ai-pilots-fail" not in body
    links = LINK.findall(body)
    assert {urlsplit(url).path for _title, url in links} >= {
        f"{path}index.html.md" for path in LIVE_URLS if path not in ("/", "/guides/")
    }
    for _title, url in links:
        assert url.startswith("https://localhost/") and url.endswith("/index.html.md"), url
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/markdown"), url
