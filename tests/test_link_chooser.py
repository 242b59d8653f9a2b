"""The rich-text link chooser opens at the home page (pages/wagtail_hooks.py); an existing
link still opens at its page's parent, and Root stays one click up."""

import html
import json
import re

from bs4 import BeautifulSoup
from wagtail.models import Page, Site

from tests.html import text_of

CHOOSER_PARAMS = {"page_type": "wagtailcore.page", "allow_external_link": "true"}


def draftail_page_choosers(admin_client, page):
    """The `pageChooser` address of every rich-text field's link feature in the page's editor."""
    source = html.unescape(admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    return set(re.findall(r'"pageChooser": ("[^"]*")', source))


def chooser(admin_client, url):
    """The chooser modal's step, as Wagtail's ModalWorkflow receives it: the parent page's id
    and the titles listed under it."""
    response = admin_client.get(url, CHOOSER_PARAMS)
    assert response.status_code == 200
    step = response.json()
    titles = [
        text_of(cell) for cell in BeautifulSoup(step["html"], "html.parser").select("td.title")
    ]
    return step["parent_page_id"], titles


def test_every_rich_text_link_opens_the_link_chooser(admin_client, guide):
    assert {json.loads(url) for url in draftail_page_choosers(admin_client, guide)} == {
        "/admin/link-chooser/"
    }


def test_a_new_link_starts_at_the_home_page(admin_client, db):
    home = Site.objects.get(is_default_site=True).root_page
    parent_id, titles = chooser(admin_client, "/admin/link-chooser/")
    assert parent_id == home.pk
    listed = " ".join(titles)
    for child in home.get_children():
        assert child.title in listed


def test_an_existing_link_starts_at_its_pages_parent(admin_client, guide):
    parent = guide.get_parent()
    parent_id, titles = chooser(admin_client, f"/admin/link-chooser/{parent.pk}/")
    assert parent_id == parent.pk
    assert any(guide.title in title for title in titles)


def test_root_is_still_one_step_up(admin_client, db):
    step = admin_client.get("/admin/link-chooser/", CHOOSER_PARAMS).json()
    links = BeautifulSoup(step["html"], "html.parser").find_all("a", href=True)
    root = f"/admin/choose-page/{Page.get_first_root_node().pk}/"
    assert any(link["href"].startswith(root) and text_of(link) == "Root" for link in links)


def test_the_link_chooser_is_for_admin_users_only(client, db):
    assert client.get("/admin/link-chooser/").status_code == 302
