"""Each page type runs the same number of queries however much content it shows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.content import site as content
from tests.factories import add_image, add_profile, build_guide, topic_guide
from tests.fixtures import clear_caches


def queries_for(client, url):
    """Queries of a render from scratch: emptying the caches drops the kept pages and
    fragments."""
    clear_caches()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_guide_page_queries_do_not_grow_with_faq_statistics_or_related(client, db):
    pillar = topic_guide()
    engagements = pillar.get_site().root_page.get_children().get(slug="engagements")
    small = build_guide(pillar, slug="small", size=3, link_to=engagements)
    large = build_guide(pillar, slug="large", size=30, link_to=engagements)
    assert large.faq_entries.count() == 30

    queries_for(client, small.url)  # warm per-process caches (site root paths, content types)
    small_count = queries_for(client, small.url)
    large_count = queries_for(client, large.url)
    assert small_count == large_count
    html = client.get(large.url).content.decode()
    assert html.count('class="faq__entry"') == 30
    assert html.count('href="/engagements/"') >= 31


def test_listing_pages_do_not_grow_with_clusters(client, db):
    pillar = topic_guide()
    urls = ["/guides/", content.TOPIC_URL, "/faq/", "/evidence/", "/evidence.csv", "/evidence.json"]
    for url in urls:
        queries_for(client, url)
    before = {url: queries_for(client, url) for url in urls}
    for n in range(27):
        build_guide(pillar, slug=f"extra-{n}", size=1)
    after = {url: queries_for(client, url) for url in urls}
    assert before == after
    # Every listing shows the new guides (the evidence, by their figures' pages), so it did
    # the work for them.
    for url in urls:
        assert "extra-26" in client.get(url).content.decode(), url


def test_the_profile_and_about_do_not_grow_with_guides_or_people(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pillar = topic_guide()
    urls = [content.AUTHOR_URL, content.ABOUT_URL]
    add_profile("Author with a photo", photo=add_image())
    for url in urls:
        queries_for(client, url)
    before = {url: queries_for(client, url) for url in urls}
    for n in range(12):
        build_guide(pillar, slug=f"by-the-author-{n}", size=1)  # with the site's author
        add_profile(f"Author {n}", bio="Another example author.", photo=add_image())
    for url in urls:
        queries_for(client, url)  # the new photos' renditions are made once
    after = {url: queries_for(client, url) for url in urls}
    assert before == after
    assert "Guide by-the-author-11" in client.get(content.AUTHOR_URL).content.decode()
    assert "Author 11" in client.get(content.ABOUT_URL).content.decode()
