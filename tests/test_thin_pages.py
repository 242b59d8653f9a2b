"""Thin pages are the editor's call, made visibly: the checks before publishing warn about an
indexable guide under the site settings' threshold of words, and offer “Hide from search
engines until complete”, which an editor confirms in the admin. The page then says noindex,
and the sitemap, llms.txt, llms-full.txt and the feed leave it out; visitors still read it."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageLogEntry

from guides.hide_from_search import LOG_ACTION
from guides.models import GuidePage
from pages.models import SiteSettings
from tests.content import site as content
from tests.factories import add_guide, topic_guide
from tests.fixtures import GUIDE_URL
from tests.html import soup, text_of

THIN = "Settings › Site settings call thin"


def checks(client, page):
    """The checks panel of the page's editor: its warnings, and its whole text."""
    panel = soup(client.get(f"/admin/pages/{page.pk}/edit/")).select_one("[data-content-checks]")
    return panel.select("li"), text_of(panel)


def thin_warning(client, page):
    found = [item for item in checks(client, page)[0] if THIN in text_of(item)]
    return found[0] if found else None


def words(count):
    return "<p>" + " ".join(["word"] * count) + "</p>"


def test_a_guide_under_the_threshold_is_flagged_with_the_action(admin_client):
    """The words of the body and of the FAQ that visitors see count: the guide's one FAQ
    entry, “What is Short guide?” and “An answer.”, is six."""
    page = add_guide(topic_guide(), "Short guide", text=words(280))
    warning = thin_warning(admin_client, page)
    assert text_of(warning) == (
        "This page has 286 words in its body and FAQ, under the 300 that Settings › Site "
        "settings call thin. Search engines may count a thin page against the site, and a "
        "reader who finds it gets little. Complete it, or hide it from search engines until "
        "complete."
    )
    assert warning.a["href"] == f"/admin/guides/{page.pk}/hide-from-search/"
    assert text_of(warning.a) == "hide it from search engines until complete"

    long_enough = add_guide(topic_guide(), "Long guide", text=words(294))
    assert thin_warning(admin_client, long_enough) is None


def test_the_threshold_is_the_site_settings(admin_client):
    page = add_guide(topic_guide(), "Middling guide", text=words(100))
    assert thin_warning(admin_client, page) is not None
    settings = SiteSettings.objects.get()
    settings.thin_page_words = 100
    settings.save()
    assert thin_warning(admin_client, page) is None


def sitemap_paths(client):
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    return [urlsplit(loc.text).path for loc in sitemap.iter() if loc.tag.endswith("loc")]


def listed(client, url):
    """Where a machine reader meets the page: sitemap, llms.txt, llms-full.txt, the feed."""
    absolute = f"https://localhost{url}"
    return {
        "sitemap": url in sitemap_paths(client),
        "llms.txt": f"{absolute}index.html.md" in client.get("/llms.txt").content.decode(),
        "llms-full.txt": f"Source: <{absolute}>" in client.get("/llms-full.txt").content.decode(),
        "feed": absolute in client.get("/feeds/guides/").content.decode(),
    }


def test_an_editor_hides_a_thin_guide_until_it_is_complete(client, admin_client):
    page = add_guide(topic_guide(), "Barely started", text=words(20))
    assert set(listed(client, page.url).values()) == {True}
    confirm = soup(admin_client.get(thin_warning(admin_client, page).a["href"]))
    assert "Visitors still see it" in text_of(confirm.find("main"))
    button = confirm.find("main").find("button", type="submit")
    assert text_of(button) == "Yes, hide it from search engines"

    response = admin_client.post(f"/admin/guides/{page.pk}/hide-from-search/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    page.refresh_from_db()
    assert page.noindex and page.live and not page.has_unpublished_changes

    visitor = client.get(page.url)
    assert visitor.status_code == 200
    assert soup(visitor).find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "word word word" in visitor.content.decode()
    assert set(listed(client, page.url).values()) == {False}
    assert PageLogEntry.objects.filter(page=page, action=LOG_ACTION).count() == 1
    # The panel no longer warns; it says what the editor chose, and how to undo it.
    assert thin_warning(admin_client, page) is None
    _, text = checks(admin_client, page)
    assert "This page is hidden from search engines" in text
    assert "Untick “Hide from search engines” on the Promote tab" in text
    history = admin_client.get(f"/admin/pages/{page.pk}/history/").content.decode()
    assert "Hidden from search engines until complete" in history


def test_a_hidden_pillar_still_heads_its_guides_in_llms_txt(client, admin_client):
    pillar = topic_guide()
    admin_client.post(f"/admin/guides/{pillar.pk}/hide-from-search/")
    llms = client.get("/llms.txt").content.decode()
    assert f"https://localhost{content.TOPIC_URL}index.html.md" not in llms
    assert f"https://localhost{GUIDE_URL}index.html.md" in llms
    assert f"## {pillar.title}" in llms
    assert GUIDE_URL in sitemap_paths(client)
    assert content.TOPIC_URL not in sitemap_paths(client)


def test_hiding_keeps_the_draft_an_editor_has_in_progress(client, admin_client):
    page = add_guide(topic_guide(), "Thin with a draft", text=words(20))
    draft = page.get_latest_revision_as_object()
    draft.title = "A new title in progress"
    draft.save_revision()
    admin_client.post(f"/admin/guides/{page.pk}/hide-from-search/")
    page.refresh_from_db()
    assert page.noindex  # the live page, at once
    assert page.title == "Thin with a draft"
    assert page.has_unpublished_changes
    latest = page.get_latest_revision_as_object()
    assert (latest.title, latest.noindex) == ("A new title in progress", True)
    assert soup(client.get(page.url)).find("meta", attrs={"name": "robots"})


@pytest.fixture
def editor(client, django_user_model):
    """An editor, who writes and submits pages but does not publish them (guides/roles.py)."""
    user = django_user_model.objects.create_user("ed", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_an_editor_who_cannot_publish_saves_it_as_a_draft(editor, db):
    page = add_guide(topic_guide(), "Thin for an editor", text=words(20))
    assert editor.get(f"/admin/guides/{page.pk}/hide-from-search/").status_code == 200
    response = editor.post(f"/admin/guides/{page.pk}/hide-from-search/", follow=True)
    assert "takes effect when the page is published" in response.content.decode()
    page.refresh_from_db()
    assert not page.noindex
    assert page.get_latest_revision_as_object().noindex


def test_someone_who_cannot_edit_the_page_cannot_hide_it(client, django_user_model, db):
    user = django_user_model.objects.create_user("nobody", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    home_child = GuidePage.objects.get(url_path__endswith=GUIDE_URL)
    Group.objects.get(name="Editors").page_permissions.all().delete()
    assert client.post(f"/admin/guides/{home_child.pk}/hide-from-search/").status_code in {
        302,
        403,
    }
    home_child.refresh_from_db()
    assert not home_child.noindex
