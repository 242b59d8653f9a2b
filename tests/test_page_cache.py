"""Anonymous page views come from the shared cache; anything that changes content empties it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from guides.models import Author, GuidePage, Source, Statistic
from pages.models import SiteSettings
from tests.conftest import GUIDE_URL


def fetch(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def test_second_anonymous_view_is_a_cache_hit_with_no_queries(client, db):
    first, first_queries = fetch(client, GUIDE_URL)
    second, second_queries = fetch(client, GUIDE_URL)
    assert first.status_code == second.status_code == 200
    assert first_queries > 5
    assert second_queries == 0
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    cache_control = second["Cache-Control"]
    assert "public" in cache_control and "max-age=300" in cache_control
    assert "stale-while-revalidate=86400" in cache_control


def test_anonymous_content_pages_set_no_cookie(client, db):
    for url in ["/", "/guides/", GUIDE_URL, "/faq/", "/sitemap.xml", "/llms.txt"]:
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url
        assert "Set-Cookie" not in response


def test_conditional_get_answers_304(client, db):
    response = client.get(GUIDE_URL)
    etag = response["ETag"]
    assert etag
    assert client.get(GUIDE_URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    cache.clear()
    assert client.get(GUIDE_URL, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("url", ["/search/", "/healthz"])
def test_never_cached_paths(client, db, url):
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_query_strings_and_editors_bypass_the_cache(client, admin_client, db):
    client.get(GUIDE_URL)
    assert "X-Page-Cache" not in client.get(GUIDE_URL + "?utm_source=x")
    assert "X-Page-Cache" not in admin_client.get(GUIDE_URL)


def test_preview_is_never_cached(admin_client, guide):
    response = admin_client.get(f"/admin/pages/{guide.pk}/edit/preview/")
    assert "X-Page-Cache" not in response


def hit(client, url):
    return client.get(url).get("X-Page-Cache") == "hit"


WARM = [
    GUIDE_URL,
    "/guides/fractional-cto/",
    "/guides/",
    "/faq/",
    "/sitemap.xml",
    "/feeds/guides/",
    "/llms.txt",
    GUIDE_URL + "index.html.md",
]


def warm(client):
    for url in WARM:
        client.get(url)
    assert all(hit(client, url) for url in WARM)


def assert_all_invalidated(client):
    assert not any(hit(client, url) for url in WARM)


def test_publishing_empties_the_page_and_everything_that_lists_it(client, guide):
    warm(client)
    guide.title = "A republished title"
    guide.save_revision().publish()
    assert_all_invalidated(client)
    assert "A republished title" in client.get("/llms.txt").content.decode()


def test_unpublishing_moving_and_deleting_empty_the_cache(client, guide):
    warm(client)
    guide.unpublish()
    assert_all_invalidated(client)
    assert client.get(GUIDE_URL).status_code == 404

    warm_urls = ["/guides/", "/faq/"]
    for url in warm_urls:
        client.get(url)
    planned = GuidePage.objects.get(slug="why-ai-pilots-fail")
    planned.save_revision().publish()
    for url in warm_urls:
        client.get(url)
    planned.move(GuidePage.objects.get(slug="fractional-cto"), pos="first-child")
    assert not any(hit(client, url) for url in warm_urls)

    for url in warm_urls:
        client.get(url)
    Page.objects.get(pk=planned.pk).delete()
    assert not any(hit(client, url) for url in warm_urls)


@pytest.mark.parametrize("model", [Statistic, Source, Author, SiteSettings])
def test_changing_a_snippet_or_setting_empties_the_cache(client, db, model):
    warm(client)
    instance = model.objects.first()
    instance.save()
    assert_all_invalidated(client)


def test_a_changed_figure_shows_at_once(client, db):
    client.get(GUIDE_URL)
    statistic = Statistic.objects.get(anchor="genai-pilots-zero-pl-return")
    statistic.figure = "≈96%"
    statistic.save()
    assert "≈96%" in client.get(GUIDE_URL).content.decode()


def test_fragments_are_kept_by_revision_and_dropped_on_change(client, db):
    url = GUIDE_URL + "?uncached"
    _, cold = fetch(client, url)
    response, warm = fetch(client, url)
    assert warm < cold
    assert "X-Page-Cache" not in response
    statistic = Statistic.objects.get(anchor="genai-pilots-zero-pl-return")
    statistic.figure = "≈97%"
    statistic.save()
    assert "≈97%" in client.get(url).content.decode()


def test_preview_shows_unsaved_changes_not_a_cached_fragment(client, guide):
    client.get(GUIDE_URL + "?uncached")  # keeps the content fragment of this revision
    guide.title = "An unsaved draft title"
    response = guide.make_preview_request()
    html = response.content.decode()
    assert "<h1>An unsaved draft title</h1>" in html
    assert "X-Page-Cache" not in response
