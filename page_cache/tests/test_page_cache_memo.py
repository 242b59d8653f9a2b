"""What a render remembers for one content version (page_cache/memo.py,
pages/routing.py): an uncached render of a page asks the database once, and every edit that
changes what it remembered shows on the very next uncached render."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

import page_cache.cache as page_cache
from pages.models import SiteSettings
from tests.content import site as content
from tests.editor import edit_form_data
from tests.factories import add_guide, topic_guide
from tests.fixtures import GUIDE_URL, render_afresh

SLUG = GUIDE_URL.strip("/").rsplit("/", 1)[-1]


def guide():
    return Page.objects.get(slug=SLUG).specific


@pytest.mark.parametrize("url", ["/", "/guides/", content.TOPIC_URL, GUIDE_URL, "/faq/"])
def test_an_uncached_render_asks_the_database_once(client, db, url):
    render_afresh(client, url)  # fragments, the menu and the look-ups are kept
    with CaptureQueriesContext(connection) as captured:
        response = render_afresh(client, url)
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "hit"
    # The page itself, loaded fresh for each request; everything else is remembered.
    assert len(captured) == 1, [query["sql"] for query in captured]


def test_a_published_title_shows_in_the_head_of_the_next_render(client, db):
    assert render_afresh(client, GUIDE_URL).status_code == 200
    page = guide()
    page.seo_title = "A retitled guide for the head tags"
    page.save_revision().publish()
    html = render_afresh(client, GUIDE_URL).content.decode()
    assert "<title>A retitled guide for the head tags</title>" in html
    assert 'content="A retitled guide for the head tags"' in html  # og:title


def test_a_saved_setting_shows_on_the_next_render(client, db):
    assert render_afresh(client, GUIDE_URL).status_code == 200
    site_settings = SiteSettings.objects.get()
    site_settings.organisation_name = "Renamed Example Ltd"
    site_settings.save()
    html = render_afresh(client, GUIDE_URL).content.decode()
    assert 'content="Renamed Example Ltd"' in html  # og:site_name


def test_a_page_made_private_is_private_on_the_next_render(client, db):
    assert render_afresh(client, GUIDE_URL).status_code == 200
    assert client.get(GUIDE_URL).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=guide(), restriction_type=PageViewRestriction.LOGIN
    )
    assert render_afresh(client, GUIDE_URL).status_code == 302
    assert client.get(GUIDE_URL).status_code == 302
    restriction.delete()
    assert render_afresh(client, GUIDE_URL).status_code == 200


def test_a_moved_or_unpublished_page_is_found_where_it_is_now(client, db):
    assert render_afresh(client, GUIDE_URL).status_code == 200
    page = guide()
    page.slug = "a-new-address"
    page.save_revision().publish()
    new_url = GUIDE_URL.replace(SLUG, "a-new-address")
    assert render_afresh(client, GUIDE_URL).status_code == 404
    assert render_afresh(client, new_url).status_code == 200
    page.refresh_from_db()
    page.unpublish()
    assert render_afresh(client, new_url).status_code == 404


def test_a_preview_shows_unsaved_head_tags_and_keeps_none(admin_client, client, db):
    assert render_afresh(client, GUIDE_URL).status_code == 200
    page = guide()
    title = "An unsaved preview title for the head"
    data = edit_form_data(admin_client, page, seo_title=title)
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"
    assert admin_client.post(preview_url, data).json()["is_valid"] is True
    assert f"<title>{title}</title>" in admin_client.get(preview_url).content.decode()
    assert title not in render_afresh(client, GUIDE_URL).content.decode()


def test_a_page_published_where_there_was_none_is_found(client, db):
    url = f"{content.TOPIC_URL}brand-new-guide/"
    assert render_afresh(client, GUIDE_URL).status_code == 200
    for n in range(3):  # addresses that name no page are never remembered
        assert render_afresh(client, f"{url}?n={n}").status_code == 404
        assert render_afresh(client, f"{content.TOPIC_URL}nothing-{n}/").status_code == 404
    remembered = [str(key) for key in page_cache.state.memos[1]]
    assert any("page at" in key for key in remembered)  # the pages that exist are
    assert not [key for key in remembered if "nothing-" in key or "brand-new" in key]
    add_guide(topic_guide(), "Brand new guide")
    assert "Brand new guide" in render_afresh(client, url).content.decode()
