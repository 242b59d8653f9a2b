"""The header's and footer's links come from the page tree, which editors own: "Show in menus",
a menu label and the tree's order. The current page and its section are marked for screen
readers, right on every page, however much of it came from the page cache."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page

from guides.models import FaqIndexPage
from pages.models import ContactPage, StandardPage
from tests.content import site as content
from tests.editor import edit_form_data
from tests.factories import build_site
from tests.fixtures import GUIDE_URL, clear_caches
from tests.html import soup, text_of

# The tests' site by key: (slug, title, live), from tests/content/site.py.
PAGES = {
    key: (slug, title, live) for key, _parent, _model, slug, title, _s, live, _x in content.PAGES
}


def label(key):
    """A menu page's label: its menu label, or else its title."""
    return content.MENU[key] or PAGES[key][1]


def url(key):
    return f"/{PAGES[key][0]}/"  # the menu's pages are the home page's children


# The pages "Show in menus" ticks, in the page tree's order (the order of PAGES).
MENU = [(label(key), url(key)) for key in PAGES if key in content.MENU]


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


def test_the_pages_shown_in_menus_are_linked_in_header_and_footer(client, db):
    home = client.get("/")
    assert list(menus(home)) == ["Main", "Footer"]
    assert links(home) == links(home, "Footer") == MENU


def test_an_editor_takes_a_page_out_of_the_menus_and_every_page_shows_it(admin_client, client, db):
    faq = FaqIndexPage.objects.get(slug=PAGES["faq"][0])
    assert (label("faq"), url("faq")) in links(client.get(GUIDE_URL))
    assert client.get(GUIDE_URL)["X-Page-Cache"] == "hit"

    publish_edit(admin_client, faq, show_in_menus=None)
    guide = client.get(GUIDE_URL)
    assert links(guide) == [link for link in MENU if link[1] != url("faq")]
    assert links(guide, "Footer") == links(guide)
    # The seed loader never puts it back: the editor's choice stands.
    build_site()
    assert url("faq") not in [href for _text, href in links(client.get("/"))]

    publish_edit(admin_client, faq, show_in_menus="on", menu_title="Questions")
    assert ("Questions", url("faq")) in links(client.get(GUIDE_URL))


def test_a_page_without_a_menu_label_is_listed_by_its_title(admin_client, client, db):
    engagements = StandardPage.objects.get(slug=PAGES["engagements"][0])
    assert content.MENU["engagements"] != engagements.title  # a label to take away
    publish_edit(admin_client, engagements, menu_title="")
    assert (engagements.title, url("engagements")) in links(client.get("/"))


def test_reordering_pages_in_the_explorer_reorders_the_menus(admin_client, client, db):
    contact = ContactPage.objects.get(slug=PAGES["contact"][0])
    assert links(client.get("/"))[0] != (label("contact"), url("contact"))
    response = admin_client.post(f"/admin/pages/{contact.pk}/set_position/?position=0")
    assert response.status_code == 200
    assert links(client.get("/"))[0] == (label("contact"), url("contact"))
    assert links(client.get("/"), "Footer")[0] == (label("contact"), url("contact"))


def test_only_live_pages_are_in_the_menus(client, db):
    slug, title, live = PAGES["planned-page"]
    assert not live
    planned = StandardPage.objects.get(slug=slug)
    planned.show_in_menus = True
    planned.save_revision()
    assert f"/{slug}/" not in [href for _text, href in links(client.get("/"))]

    planned.get_latest_revision().publish()
    assert (title, f"/{slug}/") in links(client.get("/"))

    ContactPage.objects.get(slug=PAGES["contact"][0]).unpublish()
    assert url("contact") not in [href for _text, href in links(client.get("/"))]


# Each page, and the marks its menus carry: "page" on the page itself, "true" on the menu
# link of the section it is in.
CURRENT = {
    "/": {},
    url("guides"): {label("guides"): "page"},
    content.TOPIC_URL: {label("guides"): "true"},
    GUIDE_URL: {label("guides"): "true"},
    url("engagements"): {label("engagements"): "page"},
    url("faq"): {label("faq"): "page"},
    url("contact"): {label("contact"): "page"},
    url("contact") + "thanks/": {label("contact"): "true"},
    "/search/?q=example": {},
}


def marks(response, nav="Main"):
    return {text: current for text, _href, current in menus(response)[nav] if current}


def test_the_current_page_and_its_section_are_marked_on_every_page(client, db):
    # Each page three times: rendered afresh, from the whole-page cache, and (a query
    # string skips that cache) around its cached content fragment, after the other pages
    # filled the cache with theirs.
    for suffix in ["", "", "?page_cache=skipped"]:
        for page_url, expected in CURRENT.items():
            if suffix and "?" in page_url:
                continue
            response = client.get(page_url + suffix)
            assert response.status_code == 200, page_url + suffix
            assert marks(response) == expected, page_url + suffix
            assert marks(response, "Footer") == expected, page_url + suffix


def test_the_editor_s_preview_marks_the_page_it_previews(db):
    faq = FaqIndexPage.objects.get(slug=PAGES["faq"][0])
    faq.title = "An unsaved title"
    preview = faq.make_preview_request()
    assert marks(preview) == marks(preview, "Footer") == {label("faq"): "page"}


# guides/migrations/0007 put the pages of a site seeded before the menus existed into them.
# These tests run it as a deploy does: the database goes back to before it, then forward.
BEFORE_THE_MENU_MIGRATION = ("guides", "0006_assessment_and_calls_to_action")


def migrate_across_the_menu_migration():
    """Migrate back to before the menu migration, then forward to the latest, as a deploy
    of the menus onto an older database does; then empty the caches as the deploy's new
    cache would be."""
    # PostgreSQL alters no table with foreign-key checks still pending, and inside the test's
    # transaction they would wait for a commit: check them as each statement runs.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        MigrationExecutor(connection).migrate([BEFORE_THE_MENU_MIGRATION])
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    clear_caches()


needs_transactional_ddl = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Migrating inside the test's transaction needs PostgreSQL's transactional DDL",
)


@needs_transactional_ddl
def test_a_site_seeded_before_the_menus_keeps_its_header(admin_client, client, db):
    header = links(client.get("/"))
    # A database seeded before: nothing in the menus, in the pages or their revisions.
    for page in Page.objects.filter(show_in_menus=True).specific():
        page.show_in_menus, page.menu_title = False, ""
        page.save_revision().publish()
    faq = FaqIndexPage.objects.get(slug=PAGES["faq"][0])
    faq.summary = "An unpublished change."
    faq.save_revision()  # a draft an editor left
    clear_caches()
    assert "Main" not in menus(client.get("/"))

    migrate_across_the_menu_migration()
    # The migration's labels are the menu the tests' site seeds (tests/content/site.py MENU).
    assert links(client.get("/")) == header

    # A draft holds the tick too, so publishing it keeps the page in the menus.
    publish_edit(admin_client, faq, summary="Every question, grouped by guide.")
    assert links(client.get("/")) == header


@needs_transactional_ddl
def test_the_menu_migration_leaves_a_menu_an_editor_chose(client, db):
    contact = PAGES["contact"][0]
    for page in Page.objects.filter(show_in_menus=True).exclude(slug=contact).specific():
        page.show_in_menus = False
        page.save_revision().publish()
    migrate_across_the_menu_migration()
    assert links(client.get("/")) == [(label("contact"), url("contact"))]
