"""The internal links report: orphan pages, link suggestions with their sentences, and links
to pages no longer live; and the suggestions in a guide's own editor."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import rich_text

from guides.links import linked_from_every_page
from guides.models import GuideIndexPage, RelatedGuide
from pages.models import HomePage
from tests.editor import edit_form_data
from tests.factories import add_guide, add_page, page_link
from tests.html import soup, table_rows, text_of

REPORT_URL = "/admin/guide-reports/internal-links/"
SUGGESTIONS_URL = REPORT_URL + "suggestions/"
NO_LONGER_LIVE_URL = REPORT_URL + "no-longer-live/"


@pytest.fixture
def orchard(db):
    """A pillar and two clusters. The pillar links to “Apple pruning”, which links back and
    names “Pear grafting” by its key phrase without a link; nothing links to “Pear grafting”."""
    index = GuideIndexPage.objects.get()
    pillar = add_guide(index, "Orchard care")
    pears = add_guide(pillar, "Pear grafting guide", key_phrase="grafting pears")
    apples = add_guide(
        pillar,
        "Apple pruning",
        text=f"<p>Prune in winter. Read the {page_link(pillar, 'orchard guide')} first.</p>"
        "<ul><li>Grafting Pears  comes after pruning. Then rest.</li></ul>",
    )
    pillar.body = [("paragraph", f"<p>Start with {page_link(apples, 'apple pruning')}.</p>")]
    pillar.save_revision().publish()
    return {"pillar": pillar, "pears": pears, "apples": apples}


def rows_by(url, client, column):
    return {row[column]: row for row in table_rows(client.get(url))}


def test_a_page_no_other_page_links_to_is_an_orphan(admin_client, orchard):
    rows = rows_by(REPORT_URL, admin_client, "Page")
    assert "Pear grafting guide" in rows
    assert rows["Pear grafting guide"]["Address"] == "/guides/orchard-care/pear-grafting-guide/"
    assert rows["Pear grafting guide"]["Type"] == "Guide page"
    # Linked from each other's text; the home page every visitor reaches.
    home = HomePage.objects.get()
    assert {"Orchard care", "Apple pruning", home.title}.isdisjoint(rows)
    page = soup(admin_client.get(REPORT_URL))
    assert page.find("a", href=f"/admin/pages/{orchard['pears'].pk}/edit/")


def test_a_related_guide_is_a_link(admin_client, orchard):
    apples = orchard["apples"]
    apples.related_guides.add(RelatedGuide(guide=orchard["pears"]))
    apples.save_revision().publish()
    assert "Pear grafting guide" not in rows_by(REPORT_URL, admin_client, "Page")
    # The guide links to it now, so naming it needs no link either.
    assert "Pear grafting guide" not in rows_by(SUGGESTIONS_URL, admin_client, "Link to")


def test_a_page_named_without_a_link_is_suggested_with_its_sentence(admin_client, orchard):
    rows = rows_by(SUGGESTIONS_URL, admin_client, "Link to")
    suggestion = rows["Pear grafting guide"]
    assert suggestion["Guide"] == "Apple pruning"
    assert suggestion["Where"] == "Body"
    assert suggestion["Sentence"] == "Grafting Pears comes after pruning."
    page = soup(admin_client.get(SUGGESTIONS_URL))
    assert [text_of(mark) for mark in page.select("td mark")] == ["Grafting Pears"]
    assert page.find("a", href=f"/admin/pages/{orchard['apples'].pk}/edit/")
    assert page.find("a", href=f"/admin/pages/{orchard['pears'].pk}/edit/")


def test_words_already_linked_or_pages_not_live_are_not_suggested(admin_client, orchard):
    pillar = orchard["pillar"]
    add_guide(pillar, "Quince jelly", live=False)
    add_guide(
        pillar,
        "Cherry netting",
        text=f"<p>Nets, as in {page_link(pillar, 'grafting pears')}, and quince jelly.</p>",
    )
    rows = table_rows(admin_client.get(SUGGESTIONS_URL))
    from_cherries = [row for row in rows if row["Guide"] == "Cherry netting"]
    # Its words name the pear guide only inside a link to another page; the quince guide
    # is a draft; and the pillar is linked already.
    assert from_cherries == []


def test_a_private_page_is_not_suggested(admin_client, orchard):
    """A link to it would read as prose on the site (pages/visibility.py)."""
    assert "Pear grafting guide" in rows_by(SUGGESTIONS_URL, admin_client, "Link to")
    PageViewRestriction.objects.create(page=orchard["pears"], restriction_type="login")
    assert "Pear grafting guide" not in rows_by(SUGGESTIONS_URL, admin_client, "Link to")


def test_a_one_word_title_names_a_page_only_as_written(admin_client, orchard):
    pillar = orchard["pillar"]
    add_guide(pillar, "Mulch")
    add_guide(pillar, "Plum care", text="<p>Keep the mulch thin. Mulch again in May.</p>")
    rows = table_rows(admin_client.get(SUGGESTIONS_URL))
    assert [row["Sentence"] for row in rows if row["Link to"] == "Mulch"] == ["Mulch again in May."]


def test_a_suggestion_downloads_as_csv(admin_client, orchard):
    response = admin_client.get(SUGGESTIONS_URL, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0] == "Guide,Where,Sentence,Link to"
    assert "Apple pruning,Body,Grafting Pears comes after pruning.,Pear grafting guide" in text


def test_a_link_to_an_unpublished_page_is_listed_in_both_reports(admin_client, orchard):
    pears, apples = orchard["pears"], orchard["apples"]
    apples.body = [("paragraph", f"<p>See {page_link(pears, 'the pear guide')}.</p>")]
    apples.save_revision().publish()
    pears.unpublish()
    for url in (NO_LONGER_LIVE_URL, "/admin/guide-reports/content-plan/no-longer-live/"):
        rows = table_rows(admin_client.get(url))
        assert {
            "Page": "Apple pruning",
            "Where": "Body",
            "Links to": "Pear grafting guide",
            "Now": "Unpublished",
        } in rows


def test_each_table_is_a_tab_of_its_report(admin_client, orchard):
    page = soup(admin_client.get(SUGGESTIONS_URL))
    nav = page.find("nav", attrs={"aria-label": "Internal links"})
    tabs = [(text_of(a), a["href"], a.get("aria-current")) for a in nav.find_all("a")]
    assert tabs == [
        ("Orphan pages", REPORT_URL, None),
        ("Link suggestions", SUGGESTIONS_URL, "page"),
        ("Links to pages no longer live", NO_LONGER_LIVE_URL, None),
    ]
    assert text_of(page.find("title")).startswith("Internal links: Link suggestions")
    assert REPORT_URL in admin_client.get("/admin/").content.decode()  # the Reports menu


def test_the_editor_shows_the_guides_own_suggestions(admin_client, orchard):
    apples = orchard["apples"]
    panel = soup(admin_client.get(f"/admin/pages/{apples.pk}/edit/")).select_one(
        "[data-link-suggestions]"
    )
    assert "This guide names 1 live page without a link" in text_of(panel)
    assert [text_of(mark) for mark in panel.select("mark")] == ["Grafting Pears"]
    assert "Pear grafting guide" in text_of(panel)

    pillar_panel = soup(admin_client.get(f"/admin/pages/{orchard['pillar'].pk}/edit/")).select_one(
        "[data-link-suggestions]"
    )
    assert "Pear grafting" not in text_of(pillar_panel)


def test_the_panel_reads_the_version_being_edited(admin_client, orchard):
    apples, pears = orchard["apples"], orchard["pears"]
    linked = f"<p>{page_link(pears, 'Grafting pears')} comes after pruning.</p>"
    data = edit_form_data(admin_client, apples, body=[("paragraph", rich_text(linked))])
    assert admin_client.post(f"/admin/pages/{apples.pk}/edit/", data).status_code == 302
    panel = soup(admin_client.get(f"/admin/pages/{apples.pk}/edit/")).select_one(
        "[data-link-suggestions]"
    )
    assert "Every live page this guide names" in text_of(panel)  # the draft links it now
    # The live page still does not, and the report reads live pages.
    assert "Pear grafting guide" in rows_by(SUGGESTIONS_URL, admin_client, "Link to")


def report_queries(client):
    counts = []
    for url in (REPORT_URL, SUGGESTIONS_URL, NO_LONGER_LIVE_URL):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


def add_guides(pillar, first, last):
    """Guides that each link to the one before and name the one after without a link."""
    previous = pillar
    for number in range(first, last):
        previous = add_guide(
            pillar,
            f"Orchard note {number}",
            text=f"<p>After {page_link(previous, 'the last note')}. "
            f"Then orchard note {number + 1}, next.</p>",
        )


def test_the_report_runs_the_same_queries_for_3_guides_as_for_30(admin_client, orchard):
    pillar = orchard["pillar"]
    add_guides(pillar, 0, 3)
    report_queries(admin_client)  # warms the caches that last across requests
    with_3 = report_queries(admin_client)
    suggestions_3 = len(table_rows(admin_client.get(SUGGESTIONS_URL)))
    add_guides(pillar, 3, 30)
    assert report_queries(admin_client) == with_3
    assert len(table_rows(admin_client.get(SUGGESTIONS_URL))) == suggestions_3 + 27


def test_editors_read_the_report_and_others_do_not(client, django_user_model, orchard):
    editor = django_user_model.objects.create_user("ed", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    for url in (REPORT_URL, SUGGESTIONS_URL, NO_LONGER_LIVE_URL):
        assert client.get(url).status_code == 200
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert client.get(REPORT_URL).status_code in {302, 403}


def orphan_addresses(client):
    return {row["Address"] for row in table_rows(client.get(REPORT_URL))}


def test_pages_every_page_links_to_through_the_menu_footer_and_calls_to_action_are_linked(
    admin_client, db
):
    """The menus' pages, the privacy page in the footer and /contact/ (where calls to action
    lead) are linked from every page, though no page's text links them."""
    from pages.models import StandardPage

    home = HomePage.objects.get()
    for page in home.get_children().live():
        page.specific.save_revision().publish()  # as they are: no new links
    orphans = orphan_addresses(admin_client)
    assert {"/guides/", "/faq/", "/contact/", "/privacy/"}.isdisjoint(orphans)

    # A page no one links to is listed, until it is in the menu.
    aside = add_page(home, StandardPage(title="An aside", slug="aside", show_in_menus=False))
    assert "/aside/" in orphan_addresses(admin_client)
    aside.show_in_menus = True
    aside.save_revision().publish()
    assert "/aside/" not in orphan_addresses(admin_client)

    # Out of the menu, /contact/ is still where the calls to action lead.
    contact = home.get_children().get(slug="contact").specific
    contact.show_in_menus = False
    contact.save_revision().publish()
    assert contact.pk in linked_from_every_page()
    assert "/contact/" not in orphan_addresses(admin_client)
    # A menu page below the top level is not in the menu: listed.
    deeper = add_page(
        GuideIndexPage.objects.get(), StandardPage(title="Deep", slug="deep", show_in_menus=True)
    )
    assert deeper.url in orphan_addresses(admin_client)
