"""The “Search result and share card” preview mode, on every page type, and the live
character counts under the SEO title and search description in the editor.

The preview is read as an editor sees it, and compared with the page's own <head> as search
engines and social sites read it: both are parsed, and must say the same."""

import base64
import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Page

from guides.models import GuidePage
from tests.content import site as content
from tests.editor import edit_form_data
from tests.fixtures import GUIDE_URL
from tests.html import soup, text_of

MODE = "search"
PAGES = {
    "home": "/",
    "guide index": "/guides/",
    "pillar guide": content.TOPIC_URL,
    "cluster guide": GUIDE_URL,
    "self-assessment": GUIDE_URL + "assessment/",
    "standard page": "/engagements/",
    "FAQ": "/faq/",
    "contact": "/contact/",
}


def page_at(path):
    return Page.objects.get(url_path="/home" + path).specific


def meta(head, **attrs):
    return head.find("meta", attrs=attrs)["content"]


def what_the_head_says(client, path):
    head = soup(client.get(path)).head
    return {
        "title": head.title.string.strip(),
        "url": head.find("link", rel="canonical")["href"],
        "description": meta(head, name="description"),
        "share title": meta(head, property="og:title"),
        "share description": meta(head, property="og:description"),
        "site name": meta(head, property="og:site_name"),
        "image alt": meta(head, property="og:image:alt"),
    }


def what_the_preview_says(preview):
    return {
        "title": text_of(preview.select_one("[data-search-result] [data-title]")),
        "url": text_of(preview.select_one("[data-search-result] [data-url]")),
        "description": text_of(preview.select_one("[data-search-result] [data-description]")),
        "share title": text_of(preview.select_one("[data-share-card] [data-share-title]")),
        "share description": text_of(
            preview.select_one("[data-share-card] [data-share-description]")
        ),
        "site name": text_of(preview.select_one(".result__name")),
        "image alt": preview.select_one("[data-share-card] img")["alt"],
    }


def search_preview(client, page):
    return soup(client.get(f"/admin/pages/{page.pk}/view_draft/", {"mode": MODE}))


def lengths(preview):
    found = preview.select_one("dl.lengths")
    terms, details = found.select("dt"), found.select("dd")
    return dict(zip(map(text_of, terms), map(text_of, details), strict=True))


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_every_page_type_offers_the_mode(admin_client, path):
    page = soup(admin_client.get(f"/admin/pages/{page_at(path).pk}/edit/"))
    assert page.find("option", value=MODE, string="Search result and share card")


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_the_preview_says_what_the_pages_head_says(admin_client, client, path):
    head = what_the_head_says(client, path)
    preview = search_preview(admin_client, page_at(path))
    assert what_the_preview_says(preview) == head
    assert preview.select_one(".card__domain").string == "localhost"
    title_length = len(head["title"])
    assert lengths(preview)["Title"].startswith(f"{title_length} characters; aim for 20 to 60.")


def test_the_preview_shows_unsaved_changes_with_their_lengths(admin_client, guide):
    title = "A search title that goes on well past what a results page shows"  # 63
    data = edit_form_data(
        admin_client,
        guide,
        body=[("heading", {"text": "A heading", "level": "h2", "anchor": ""})],
        seo_title=title,
        search_description="Short and unfinished.",
    )
    preview_url = f"/admin/pages/{guide.pk}/edit/preview/"
    response = admin_client.post(f"{preview_url}?mode={MODE}", data)
    assert response.json() == {"is_valid": True, "is_available": True}
    preview = soup(admin_client.get(preview_url, {"mode": MODE}))

    said = what_the_preview_says(preview)
    assert (said["title"], said["share title"]) == (title, title)
    assert said["description"] == "Short and unfinished."
    assert lengths(preview) == {
        "Title": f"{len(title)} characters; aim for 20 to 60. Search results will cut it short.",
        "Description": "21 characters; aim for 110 to 160.",
    }
    guide.refresh_from_db()
    assert guide.seo_title != title  # a preview saves nothing

    # The lengths are warnings: the same values save and publish.
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{guide.pk}/edit/", data)
    assert response.status_code == 302
    guide.refresh_from_db()
    assert (guide.seo_title, guide.live) == (title, True)


def test_a_page_without_a_description_says_search_engines_choose(admin_client, db):
    page = page_at("/engagements/")
    page.search_description = page.summary = ""
    page.save_revision()
    preview = search_preview(admin_client, page)
    assert preview.select_one("[data-search-result] [data-description]") is None
    assert lengths(preview)["Description"].startswith("None: search engines choose their own")


def test_a_draft_gets_its_card_drawn_from_the_title_being_edited(admin_client, db):
    planned = GuidePage.objects.get(url_path__endswith=f"{content.TOPIC_URL}planned-guide/")
    assert not planned.live
    preview = search_preview(admin_client, planned)
    src = preview.select_one("[data-share-card] img")["src"]
    prefix = "data:image/png;base64,"
    assert src.startswith(prefix)
    card = PillowImage.open(io.BytesIO(base64.b64decode(src.removeprefix(prefix))))
    assert card.size == (1200, 630)
    assert text_of(preview.select_one("[data-search-result] [data-url]")).endswith(
        f"{content.TOPIC_URL}planned-guide/"
    )


def test_a_chosen_share_image_is_shown_as_shared(admin_client, client, guide, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1300, 700), "#336699").save(buffer, format="JPEG")
    image = Image.objects.create(
        title="A diagram", file=ImageFile(buffer, name="diagram.jpg"), description="A diagram"
    )
    guide.social_image = image
    guide.save_revision().publish()
    head = soup(client.get(GUIDE_URL)).head
    preview = search_preview(admin_client, guide)
    assert preview.select_one("[data-share-card] img")["src"] == meta(head, property="og:image")
    assert preview.select_one("[data-share-card] img")["alt"] == "A diagram"


def test_a_page_hidden_from_search_engines_says_so(admin_client, db):
    page = page_at("/engagements/")
    page.noindex = True
    page.save_revision()
    assert "Hidden from search engines" in text_of(search_preview(admin_client, page))


@pytest.mark.parametrize("path", ["/engagements/", GUIDE_URL])
def test_the_editor_counts_the_seo_title_and_description_as_they_are_typed(admin_client, path):
    """The counting itself runs in the browser (tests/browser/test_editor_statistics.py);
    here: each field sits in the counter with its range, and the script is a file."""
    page = soup(admin_client.get(f"/admin/pages/{page_at(path).pk}/edit/"))
    ranges = {"id_seo_title": ("20", "60"), "id_search_description": ("110", "160")}
    for field_id, (low, high) in ranges.items():
        counter = page.find(id=field_id).find_parent(attrs={"data-controller": "character-count"})
        assert counter is not None, field_id
        assert counter["data-character-count-low-value"] == low
        assert counter["data-character-count-high-value"] == high
        assert counter.find(attrs={"data-character-count-target": "output"}) is not None
    assert page.find("script", src=lambda src: src and src.endswith("/js/character-count.js"))
