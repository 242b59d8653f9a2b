"""A new page type gets what every page does by subclassing BasePage, with no other edit.

tests/new_snippet declares one, NoticePage: a rich text field and an announcement chosen
from a snippet, as CONTRIBUTING.md says, and nothing outside that app names it. It must
link only live pages, be kept by the page cache (whole and as fragments), and show a
saved snippet at once.
"""

from wagtail.models import Page

from pages.models import StandardPage
from tests.factories import add_page
from tests.html import soup, text_of
from tests.new_snippet.models import Announcement, NoticePage


def notice_linking_to_a_draft(home):
    draft = add_page(home, StandardPage(title="A planned page", slug="a-new-draft"), live=False)
    announcement = Announcement.objects.create(text="First notice")
    text = (
        f'<p>See <a linktype="page" id="{draft.pk}">a planned page</a>, or '
        f'<a linktype="page" id="{draft.pk}">read more</a>.</p>'
    )
    notice = NoticePage(title="Notice", slug="notice", text=text, announcement=announcement)
    return add_page(home, notice), draft, announcement


def test_a_new_page_type_links_drafts_as_prose_is_cached_and_sees_its_snippet_saved(
    client, admin_client, db
):
    home = Page.objects.get(depth=2)
    notice, draft, announcement = notice_linking_to_a_draft(home)
    # Editors can create it, with a chooser for the snippet.
    form = admin_client.get(f"/admin/pages/add/new_snippet/noticepage/{home.pk}/")
    assert form.status_code == 200
    assert 'name="announcement"' in form.content.decode()

    # A link to a draft reads as prose: its title as a <cite>, other words as plain text.
    prose = soup(client.get(notice.url)).select_one("main .prose")
    assert text_of(prose) == "See a planned page, or read more."
    assert prose.find("a") is None
    assert [text_of(cite) for cite in prose.find_all("cite")] == ["a planned page"]

    # Kept whole, and as fragments: a change that no signal reports is not seen, even by a
    # render the whole-page cache cannot answer (a query string).
    assert client.get(notice.url)["X-Page-Cache"] == "hit"
    Announcement.objects.filter(pk=announcement.pk).update(text="Changed behind the cache")
    assert "First notice" in text_of(soup(client.get(notice.url + "?fresh")).select_one("main"))

    # Saving the snippet empties the cache.
    announcement.text = "Second notice"
    announcement.save()
    response = client.get(notice.url)
    assert "X-Page-Cache" not in response
    assert text_of(soup(response).select_one("main .announcement")) == "Second notice"

    # Publishing the draft makes the link, by itself.
    draft.save_revision().publish()
    prose = soup(client.get(notice.url)).select_one("main .prose")
    assert [link["href"] for link in prose.find_all("a")] == [draft.url, draft.url]
