"""The page cache (page_cache/cache.py states its rule): anonymous pages come from
the shared cache, campaign links included, and anything a visitor can see changing empties it."""

import gzip
import io
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction

from guides.models import GuidePage, Source, Statistic
from page_cache import cache as page_cache
from page_cache.cache import ALIAS
from pages.models import SiteSettings
from tests.content import site as content
from tests.factories import topic_guide
from tests.fixtures import GUIDE_URL, clear_caches, render_afresh
from tests.html import soup
from tests.new_snippet.models import Announcement


def fetch(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def hit(client, url, **headers):
    return client.get(url, **headers).get("X-Page-Cache") == "hit"


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


def test_the_page_cache_has_its_own_cache_alias(client, db):
    with mock.patch.object(caches[ALIAS], "set_many", wraps=caches[ALIAS].set_many) as kept:
        client.get(GUIDE_URL)
    [key] = [
        key for call in kept.call_args_list for key in call.args[0] if key.endswith(":identity")
    ]
    assert caches[ALIAS].get(key)
    # Rate-limit counters and Wagtail's own look-ups stay in "default", apart.
    assert caches["default"].get(key) is None
    assert settings.CACHES[ALIAS] != settings.CACHES["default"]


@pytest.mark.parametrize("url", ["/search/", "/healthz"])
def test_never_cached_paths(client, db, url):
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_editors_bypass_the_cache(client, admin_client, db):
    client.get(GUIDE_URL)
    assert "X-Page-Cache" not in admin_client.get(GUIDE_URL)


def test_preview_is_never_cached(admin_client, guide):
    response = admin_client.get(f"/admin/pages/{guide.pk}/edit/preview/")
    assert "X-Page-Cache" not in response


# Static files


def test_a_static_request_makes_no_cache_call(client, db):
    stylesheet = soup(client.get("/")).find("link", rel="stylesheet")["href"]
    calls = []
    for alias in settings.CACHES:
        cache = caches[alias]
        for method in ("get", "get_many", "set", "add", "delete", "incr", "has_key"):
            spy = mock.Mock(side_effect=getattr(cache, method))
            calls.append(spy)
            setattr(cache, method, spy)
    try:
        response = client.get(stylesheet)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/css")
    finally:
        for alias in settings.CACHES:
            for method in ("get", "get_many", "set", "add", "delete", "incr", "has_key"):
                vars(caches[alias]).pop(method, None)
    assert not any(spy.called for spy in calls)


# Query parameters: only those a page reads


CAMPAIGN = "?utm_source=newsletter&utm_medium=email&utm_campaign=launch&gclid=abc&fbclid=x"


def test_a_campaign_link_is_answered_from_the_cached_page(client, db):
    page = client.get(GUIDE_URL)
    campaign = client.get(GUIDE_URL + CAMPAIGN)
    assert campaign["X-Page-Cache"] == "hit"
    assert campaign.content == page.content
    for name in ["msclkid", "mc_cid", "mc_eid", "ref", "UTM_Term", "utm_content"]:
        assert hit(client, f"{GUIDE_URL}?{name}=1"), name


def test_a_campaign_link_fills_the_cache_for_everyone_and_never_shows_its_parameters(client, db):
    first = client.get(GUIDE_URL + CAMPAIGN)
    assert "X-Page-Cache" not in first
    html = first.content.decode()
    assert "utm_" not in html and "gclid" not in html
    canonical = soup(first).find("link", rel="canonical")["href"]
    assert canonical.endswith(GUIDE_URL)
    assert hit(client, GUIDE_URL)


def test_parameters_a_page_does_not_read_are_answered_from_its_entry(client, db):
    page = client.get(GUIDE_URL)
    canonical = soup(page).find("link", rel="canonical")["href"]
    for query in ["?x=8d1f0c", "?page=2", "?utm_source=x&page=2", "?uncached", "?&", "?q=ai"]:
        response = client.get(GUIDE_URL + query)
        assert response["X-Page-Cache"] == "hit", query
        assert response.content == page.content
    # Rendered afresh with one (the cache emptied), the page never sees it either.
    clear_caches()
    fresh = client.get(GUIDE_URL + "?x=8d1f0c&utm_source=newsletter")
    assert "X-Page-Cache" not in fresh
    assert soup(fresh).find("link", rel="canonical")["href"] == canonical
    assert "8d1f0c" not in fresh.content.decode() and "newsletter" not in fresh.content.decode()
    assert hit(client, GUIDE_URL)


def test_a_new_parameter_on_any_page_makes_no_new_entry(client, db):
    # An attacker's random parameters cannot fill the cache or make every request a render.
    urls = ["/", "/guides/", "/faq/", "/llms.txt", "/sitemap.xml", GUIDE_URL + "index.html.md"]
    for url in urls:
        client.get(url)
    for n, url in enumerate(urls):
        assert hit(client, f"{url}?n={n}"), url


def test_the_parameters_a_page_reads_are_part_of_its_key(client, db):
    result = GUIDE_URL + "assessment/result/"
    triggers = [question["trigger"] for question in content.ASSESSMENT["questions"]]
    one = client.get(result, {"triggers": triggers[:1]})
    two = client.get(result, {"triggers": triggers[:2]})
    assert one.status_code == two.status_code == 200
    assert one.content != two.content
    # Each is kept under its own answers, whatever else the link carries.
    again = client.get(result, {"triggers": triggers[:1], "utm_source": "x"})
    assert again["X-Page-Cache"] == "hit" and again.content == one.content
    again = client.get(result, {"triggers": triggers[:2]})
    assert again["X-Page-Cache"] == "hit" and again.content == two.content
    # The same answers in another order, or twice, are shown but never kept: links made up
    # by hand cannot fill the cache.
    for made_up in [triggers[1::-1], [triggers[0], triggers[0]]]:
        client.get(result, {"triggers": made_up})
        assert not hit(client, result + "?" + urlencode({"triggers": made_up}, doseq=True))
    # "Change your answers" ticks them on the form: the form reads them too.
    form = soup(client.get(GUIDE_URL + "assessment/", {"triggers": triggers[:1]}))
    assert form.find("input", attrs={"value": triggers[0]}).has_attr("checked")


def test_a_view_reads_only_its_own_parameters(client, db):
    # The search reads `q` and `page`; anything else never reaches it.
    response = client.get("/search/", {"q": "fractional", "x": "zebra-8d1f0c"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="fractional"' in html and "zebra-8d1f0c" not in html


# The key: host, encoding and scheme


def test_the_host_names_letter_case_and_port_make_no_new_entry(client, db):
    client.get(GUIDE_URL)
    for host in ["TESTSERVER", "testserver:8080", "TestServer:1", "testserver."]:
        assert hit(client, GUIDE_URL, HTTP_HOST=host), host


def test_a_host_not_allowed_is_refused_not_cached(client, db):
    assert client.get(GUIDE_URL, HTTP_HOST="evil.example").status_code == 400


def test_a_plain_answer_is_never_stored_where_gzip_clients_look(client, db):
    # "nogzip" is not gzip to Django's GZipMiddleware, so this client gets a plain body...
    plain = client.get(GUIDE_URL, HTTP_ACCEPT_ENCODING="nogzip")
    assert "Content-Encoding" not in plain
    assert hit(client, GUIDE_URL, HTTP_ACCEPT_ENCODING="nogzip")
    # ...and a gzip client still gets a gzip body, never that plain one.
    compressed = client.get(GUIDE_URL, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    again = client.get(GUIDE_URL, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert again["X-Page-Cache"] == "hit" and again["Content-Encoding"] == "gzip"
    # A client that takes no gzip is answered from the plain entry, never the gzip one.
    identity = client.get(GUIDE_URL, HTTP_ACCEPT_ENCODING="identity")
    assert identity["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in identity
    assert identity.content == plain.content


def test_an_answer_too_short_to_compress_is_kept_for_gzip_clients_as_it_is(client, db):
    SiteSettings.objects.update(contact_email="security@example.test")
    short = client.get("/.well-known/security.txt", HTTP_ACCEPT_ENCODING="gzip")
    assert len(short.content) < 200 and "Content-Encoding" not in short
    assert hit(client, "/.well-known/security.txt", HTTP_ACCEPT_ENCODING="gzip")


def test_a_page_cached_over_http_is_not_replayed_over_https_without_hsts(db, settings):
    settings.SECURE_SSL_REDIRECT = False  # as docker-compose runs it by default
    settings.SECURE_HSTS_SECONDS = 3600
    client = Client()
    over_http = client.get(GUIDE_URL)
    assert "Strict-Transport-Security" not in over_http
    over_https = client.get(GUIDE_URL, secure=True)
    assert over_https["Strict-Transport-Security"] == "max-age=3600"
    cached_https = client.get(GUIDE_URL, secure=True)
    assert cached_https["X-Page-Cache"] == "hit"
    assert cached_https["Strict-Transport-Security"] == "max-age=3600"
    assert "Strict-Transport-Security" not in client.get(GUIDE_URL)


# Conditional requests


def test_a_304_from_the_cache_carries_the_etag_and_cache_control(client, db):
    etag = client.get(GUIDE_URL)["ETag"]
    assert etag
    response = client.get(GUIDE_URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["X-Page-Cache"] == "hit"
    assert response["ETag"] == etag
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert response.content == b""


def test_conditional_requests_follow_django_s_rules(client, db):
    etag = client.get(GUIDE_URL)["ETag"]
    assert client.get(GUIDE_URL, HTTP_IF_NONE_MATCH="*").status_code == 304
    assert client.get(GUIDE_URL, HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    # Weak comparison, as RFC 9110 asks for If-None-Match.
    assert client.get(GUIDE_URL, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    # A tag that only contains this one is another tag.
    assert client.get(GUIDE_URL, HTTP_IF_NONE_MATCH=f'"x{etag[1:]}').status_code == 200


def test_a_304_rendered_afresh_carries_cache_control_too(client, db):
    etag = client.get(GUIDE_URL)["ETag"]
    assert client.get(GUIDE_URL + "?utm_source=x", HTTP_IF_NONE_MATCH=etag).status_code == 304
    clear_caches()
    response = client.get(GUIDE_URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and "X-Page-Cache" not in response
    assert response["ETag"] == etag
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


# What empties it


WARM = [
    GUIDE_URL,
    content.TOPIC_URL,
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
    planned = GuidePage.objects.get(slug="another-planned-guide")  # a draft under /guides/
    planned.save_revision().publish()
    for url in warm_urls:
        client.get(url)
    planned.move(topic_guide(), pos="first-child")
    assert not any(hit(client, url) for url in warm_urls)

    for url in warm_urls:
        client.get(url)
    Page.objects.get(pk=planned.pk).delete()
    assert not any(hit(client, url) for url in warm_urls)


@pytest.mark.parametrize("model", [Statistic, Source, SiteSettings])
def test_changing_a_snippet_or_setting_empties_the_cache(client, db, model):
    warm(client)
    instance = model.objects.first()
    instance.save()
    assert_all_invalidated(client)


def test_a_snippet_model_that_nothing_names_empties_the_cache_too(client, db):
    # tests/new_snippet registers it as any app would; no code in page_cache/ knows it.
    warm(client)
    announcement = Announcement.objects.create(text="New guide out")
    assert_all_invalidated(client)
    warm(client)
    announcement.delete()
    assert_all_invalidated(client)


def test_a_changed_figure_shows_at_once(client, db):
    client.get(GUIDE_URL)
    statistic = Statistic.objects.get(anchor=content.STATISTIC_ANCHORS[0])
    statistic.figure = "≈96%"
    statistic.save()
    assert "≈96%" in client.get(GUIDE_URL).content.decode()


def test_making_a_page_private_takes_it_out_of_every_cached_answer(
    client, guide, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    card = soup(client.get(GUIDE_URL)).find("meta", property="og:image")["content"]
    card_path = card.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + card_path).status_code == 200
    warm(client)
    # The guide's own heading; the FAQ page's copy has the question as an h3 (###).
    heading = f"\n## {content.GUIDE_HEADINGS[0]}"
    assert heading in client.get("/llms-full.txt").content.decode()

    restriction = PageViewRestriction.objects.create(page=guide, restriction_type="login")
    private = client.get(GUIDE_URL)
    assert private.status_code == 302 and "/login/" in private["Location"]
    assert client.get(GUIDE_URL + "index.html.md").status_code == 404
    assert heading not in client.get("/llms-full.txt").content.decode()
    assert client.get("/" + card_path).status_code == 404  # the share card is private too
    assert not hit(client, content.TOPIC_URL)

    restriction.restriction_type = PageViewRestriction.PASSWORD
    restriction.password = "a-long-shared-password"  # noqa: S105
    client.get(content.TOPIC_URL)
    restriction.save()
    assert not hit(client, content.TOPIC_URL)
    assert client.get(GUIDE_URL).status_code == 200  # the password form, never kept
    assert not hit(client, GUIDE_URL)

    client.get("/llms-full.txt")
    restriction.delete()
    assert heading in client.get("/llms-full.txt").content.decode()
    assert client.get(GUIDE_URL + "index.html.md").status_code == 200


def make_image(colour="#336699", name="diagram.jpg"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1300, 700), colour).save(buffer, format="JPEG")
    return buffer.getvalue(), name


@pytest.fixture
def guide_with_share_image(guide, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content, name = make_image()
    image = Image.objects.create(
        title="A diagram", file=ImageFile(io.BytesIO(content), name=name), description="Blue"
    )
    guide.social_image = image
    guide.save_revision().publish()
    return guide, image


def og(client, prop):
    return soup(client.get(GUIDE_URL)).find("meta", property=prop)["content"]


def test_editing_an_image_shows_its_new_alt_text_at_once(client, guide_with_share_image):
    _guide, image = guide_with_share_image
    assert og(client, "og:image:alt") == "Blue"
    assert hit(client, GUIDE_URL)
    image.description = "A blue diagram of the gap between demo and production"
    image.save()
    assert og(client, "og:image:alt") == image.description


def test_replacing_an_images_file_never_leaves_pages_pointing_at_a_deleted_file(
    client, admin_client, guide_with_share_image, settings
):
    _guide, image = guide_with_share_image
    old_url = og(client, "og:image")
    assert hit(client, GUIDE_URL)
    content, _name = make_image(colour="#993366", name="replacement.jpg")
    response = admin_client.post(
        f"/admin/images/{image.pk}/",
        {
            "title": image.title,
            "description": image.description,
            "collection": image.collection_id,
            "file": SimpleUploadedFile("replacement.jpg", content, content_type="image/jpeg"),
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    new_url = og(client, "og:image")
    assert new_url != old_url
    path = new_url.split("/media/", 1)[1]
    assert (settings.MEDIA_ROOT / path).exists()


def test_a_document_change_empties_the_cache(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    warm(client)
    document = Document.objects.create(
        title="Engagement terms", file=SimpleUploadedFile("terms.txt", b"Terms")
    )
    assert_all_invalidated(client)
    warm(client)
    document.title = "Engagement terms, 2027"
    document.save()
    assert_all_invalidated(client)


# The generation


def test_a_stale_snapshot_of_the_cache_never_brings_back_an_old_page(client, guide):
    # Everything the cache is given while the first title shows: as Redis saves it.
    with mock.patch("page_cache.middleware.keep", wraps=page_cache.keep) as kept:
        client.get(GUIDE_URL)
    [(snapshot, _timeout)] = [call.args for call in kept.call_args_list]
    guide.title = "The second title"
    guide.save_revision().publish()
    # Redis restarts from that snapshot: the old entry and whatever hint it held are back.
    caches[ALIAS].clear()
    caches[ALIAS].set_many(snapshot, None)
    response = client.get(GUIDE_URL)
    assert "X-Page-Cache" not in response
    assert "The second title" in response.content.decode()


# Fragments


def test_fragments_are_kept_and_dropped_on_change(client, db):
    with CaptureQueriesContext(connection) as cold:
        render_afresh(client, GUIDE_URL)
    with CaptureQueriesContext(connection) as warm_queries:
        response = render_afresh(client, GUIDE_URL)
    assert len(warm_queries) < len(cold)
    assert "X-Page-Cache" not in response
    statistic = Statistic.objects.get(anchor=content.STATISTIC_ANCHORS[0])
    statistic.figure = "≈97%"
    statistic.save()
    assert "≈97%" in render_afresh(client, GUIDE_URL).content.decode()


def test_preview_shows_unsaved_changes_not_a_cached_fragment(client, guide):
    render_afresh(client, GUIDE_URL)  # keeps the content fragment of this revision
    guide.title = "An unsaved draft title"
    response = guide.make_preview_request()
    html = response.content.decode()
    assert "<h1>An unsaved draft title</h1>" in html
    assert "X-Page-Cache" not in response


def test_a_page_with_a_form_keeps_no_fragment(client, db):
    # Each render masks the CSRF token afresh; a kept fragment would repeat the first one.
    forms = [soup(client.get("/contact/")).find("input", attrs={"name": "csrfmiddlewaretoken"})]
    forms.append(soup(client.get("/contact/")).find("input", attrs={"name": "csrfmiddlewaretoken"}))
    assert forms[0]["value"] != forms[1]["value"]
