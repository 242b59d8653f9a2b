"""The markdown copies of pages and llms.txt: what AI assistants read, without competing
with the pages in search results."""

import re
from urllib.parse import urlsplit

import pytest
from wagtail.models import Page

from guides.models import GuidePage
from tests.content import site as content
from tests.fixtures import GUIDE_URL
from tests.test_seo import LIVE_URLS

LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


@pytest.mark.parametrize("url", LIVE_URLS)
def test_a_copy_names_its_page_as_canonical_and_is_noindex(client, db, url):
    response = client.get(f"{url}index.html.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Link"] == f'<https://localhost{url}>; rel="canonical"'
    assert response["X-Robots-Tag"] == "noindex"


def test_the_guide_copy_has_the_whole_guide(client, guide):
    body = client.get(GUIDE_URL + "index.html.md").content.decode()
    assert body.startswith(f"# {guide.title}\n")
    assert f"## {content.GUIDE_HEADINGS[0]}" in body
    assert "| Finding | Figure | Source (date) |" in body
    statistic = guide.body.first_block_by_name("statistics_table").value["statistics"][0]
    source = content.SOURCES["Example Institute, Annual Survey (Jul 2025)"]
    # Each row with what the page shows beside its figure and source: the date it was last
    # verified, its permalink on the page, and the source's note on method.
    permalink = f"[Link to this figure](https://localhost{GUIDE_URL}#{statistic.anchor})"
    assert f"| {statistic.figure} Not yet verified {permalink} |" in body
    assert f"| [{source['publisher']}, {source['title']}]({source['url']})" in body
    assert f"Method: {source['method_note']} |" in body
    assert f"]({source['url']})" in body
    answered = [question for question, answer in content.FAQ_ANSWERS.items() if answer]
    assert f"### {answered[-1]}" in body
    assert f"[the topic guide](https://localhost{content.TOPIC_URL})" in body
    assert client.get(f"{content.TOPIC_URL}planned-guide/index.html.md").status_code == 404
    full = client.get("/llms-full.txt")
    assert f"## {content.GUIDE_HEADINGS[0]}" in full.content.decode()
    engagements = Page.objects.get(slug="engagements")
    assert f"# {engagements.title}\n" in full.content.decode()
    assert full["X-Robots-Tag"] == "noindex"


def test_the_home_and_guide_index_copies_list_what_their_pages_list(client, db):
    home = client.get("/index.html.md").content.decode()
    assert f"(https://localhost{GUIDE_URL})" in home
    assert "The flagship guide" in home
    index = client.get("/guides/index.html.md").content.decode()
    for url in (content.TOPIC_URL, GUIDE_URL):
        page = Page.objects.get(url_path__endswith=url)
        assert f"[{page.title}](https://localhost{url})" in index
    assert "planned-guide" not in index


def test_an_old_copy_url_redirects_like_its_page_after_a_slug_change(
    client, db, django_capture_on_commit_callbacks
):
    guide = GuidePage.objects.get(url_path__endswith=GUIDE_URL)
    guide.slug = "renamed-guide"
    with django_capture_on_commit_callbacks(execute=True):
        guide.save_revision().publish()
    page = client.get(GUIDE_URL)
    copy = client.get(f"{GUIDE_URL}index.html.md")
    assert page.status_code == copy.status_code == 301
    new_url = f"{content.TOPIC_URL}renamed-guide/"
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
    assert lines[0] == f"# {content.SETTINGS['organisation_name']}"
    assert any(line.startswith("> ") for line in lines[1:4])
    topic = Page.objects.get(url_path__endswith=content.TOPIC_URL)
    assert f"## {topic.title}" in lines and "## Optional" in lines
    assert "planned-guide" not in body and "planned-page" not in body
    links = LINK.findall(body)
    assert {urlsplit(url).path for _title, url in links} >= {
        f"{path}index.html.md" for path in LIVE_URLS if path not in ("/", "/guides/")
    }
    # Every page by its markdown copy; the evidence page's data files as they are.
    data_files = {"https://localhost/evidence.csv", "https://localhost/evidence.json"}
    assert data_files <= {url for _title, url in links}
    for _title, url in links:
        if url in data_files:
            continue
        assert url.startswith("https://localhost/") and url.endswith("/index.html.md"), url
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/markdown"), url
