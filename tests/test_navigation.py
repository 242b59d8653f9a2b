"""The header's and footer's links come from the page tree, which editors own: "Show in menus",
a menu label and the tree's order. The current page and its section are marked for screen
readers, right on every page, however much of it came from the page cache."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page

from guides.models import FaqIndexPage
from pages.models import ContactPage, StandardPage
from tests.conftest import GUIDE_URL, clear_caches
from tests.editor import edit_form_data
from tests.html import soup, text_of

SEEDED_MENU = [
    ("Guides", "/guides/"),
    ("Engagements", "/engagements/"),
    ("FAQ", "/faq/"),
    ("Contact", "/contact/"),
]


def menus(response):
    """{nav's label: [(link text, href, aria-current)]} for the header's and footer's menus."""
    page = soup(response)
    return {
        nav["aria-label"]: [(text_of(a), a["href"], a.get("aria-current")) for a in nav("a")]
        for nav in page.select("header nav, footer nav")
    }


def links(response, nav="Main"):
    return [(text, href) for text, href, _current in menus(response)[nav]]


def publish_edit(admin_client, page, **changes):
    """Submit the page's edit form as an editor who changed `changes` and chose Publish.
    A change to None unticks a checkbox (the browser then sends no value for it)."""
    data = edit_form_data(admin_client, page)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_seeded_menus_link_the_site_s_sections_in_header_and_footer(client, db):
    home = client.get("/")
    assert list(menus(home)) == ["Main", "Footer"]
    assert links(home) == links(home, "Footer") == SEEDED_MENU


def test_an_editor_takes_a_page_out_of_the_menus_and_every_page_shows_it(admin_client, client, db):
    faq = FaqIndexPage.objects.get(slug="faq")
    assert ("FAQ", "/faq/") in links(client.get(GUIDE_URL))
    assert client.get(GUIDE_URL)["X-Page-Cache"] == "hit"

    publish_edit(admin_client, faq, show_in_menus=None)
    guide = client.get(GUIDE_URL)
    assert links(guide) == [SEEDED_MENU[i] for i in (0, 1, 3)]
    assert links(guide, "Footer") == links(guide)
    # The seed loader never puts it back: the editor's choice stands.
    call_command("load_site_content", stdout=StringIO())
    assert ("FAQ", "/faq/") not in links(client.get("/"))

    publish_edit(admin_client, faq, show_in_menus="on", menu_title="Questions")
    assert ("Questions", "/faq/") in links(client.get(GUIDE_URL))


def test_a_page_without_a_menu_label_is_listed_by_its_title(admin_client, client, db):
    engagements = StandardPage.objects.get(slug="engagements")
    publish_edit(admin_client, engagements, menu_title="")
    assert (engagements.title, "/engagements/") in links(client.get("/"))


def test_reordering_pages_in_the_explorer_reorders_the_menus(admin_client, client, db):
    client.get("/")
    contact = ContactPage.objects.get(slug="contact")
    response = admin_client.post(f"/admin/pages/{contact.pk}/set_position/?position=0")
    assert response.status_code == 200
    assert links(client.get("/"))[0] == ("Contact", "/contact/")
    assert links(client.get("/"), "Footer")[0] == ("Contact", "/contact/")


def test_only_live_pages_are_in_the_menus(client, db):
    federal = StandardPage.objects.get(slug="federal")  # a planned page: a draft
    federal.show_in_menus = True
    federal.save_revision()
    assert "/federal/" not in [href for _text, href in links(client.get("/"))]

    federal.get_latest_revision().publish()
    assert ("The federal practice", "/federal/") in links(client.get("/"))

    ContactPage.objects.get(slug="contact").unpublish()
    assert "/contact/" not in [href for _text, href in links(client.get("/"))]


CURRENT = {
    "/": {},
    "/guides/": {"Guides": "page"},
    "/guides/fractional-cto/": {"Guides": "true"},
    GUIDE_URL: {"Guides": "true"},
    "/engagements/": {"Engagements": "page"},
    "/faq/": {"FAQ": "page"},
    "/contact/": {"Contact": "page"},
    "/contact/thanks/": {"Contact": "true"},
    "/search/?q=pilot": {},
}


def marks(response, nav="Main"):
    return {text: current for text, _href, current in menus(response)[nav] if current}


def test_the_current_page_and_its_section_are_marked_on_every_page(client, db):
    # Each page three times: rendered afresh, from the whole-page cache, and (a query
    # string skips that cache) around its cached content fragment, after the other pages
    # filled the cache with theirs.
    for suffix in ["", "", "?page_cache=skipped"]:
        for url, expected in CURRENT.items():
            if suffix and "?" in url:
                continue
            response = client.get(url + suffix)
            assert marks(response) == expected, url + suffix
            assert marks(response, "Footer") == expected, url + suffix


def test_the_editor_s_preview_marks_the_page_it_previews(db):
    faq = FaqIndexPage.objects.get(slug="faq")
    faq.title = "An unsaved title"
    preview = faq.make_preview_request()
    assert marks(preview) == marks(preview, "Footer") == {"FAQ": "page"}


@pytest.fixture
def menu_migration():
    return importlib.import_module("guides.migrations.0007_page_menu_labels_and_the_seeded_menu")


def test_a_site_seeded_before_the_menus_keeps_its_header(admin_client, client, db, menu_migration):
    # A database seeded before: nothing in the menus, in the pages or their revisions.
    for page in Page.objects.filter(show_in_menus=True).specific():
        page.show_in_menus, page.menu_title = False, ""
        page.save_revision().publish()
    faq = FaqIndexPage.objects.get(slug="faq")
    faq.summary = "An unpublished change."
    faq.save_revision()  # a draft an editor left
    assert "Main" not in menus(client.get("/"))

    menu_migration.put_the_seeded_pages_in_the_menus(apps, None)
    clear_caches()  # as a deploy's new cache would be
    assert links(client.get("/")) == SEEDED_MENU

    # A draft holds the tick too, so publishing it keeps the page in the menus.
    publish_edit(admin_client, faq, summary="Every question, grouped by guide.")
    assert links(client.get("/")) == SEEDED_MENU


def test_the_menu_migration_leaves_a_menu_an_editor_chose(client, db, menu_migration):
    for page in Page.objects.filter(show_in_menus=True).exclude(slug="contact").specific():
        page.show_in_menus = False
        page.save_revision().publish()
    menu_migration.put_the_seeded_pages_in_the_menus(apps, None)
    clear_caches()
    assert links(client.get("/")) == [("Contact", "/contact/")]
