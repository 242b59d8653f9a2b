"""An editor at work on statistics and search appearance, in a real browser.

- A statistic added without an anchor gets one, and “Mark verified today” in the list
  (a bulk action) lowers the dashboard's stale count.
- The SEO title and search description count their characters as the editor types.
- The preview panel's “Search result and share card” mode shows the page as a search
  result and as a share card.

Each flow records every console error (a CSP violation is one) and must end with none.
It also saves screenshots (375 and 1280 px, light and dark) of the statistic's edit screen
and of the preview mode to test-artifacts/screens/, for people to look at.
"""

import re

import pytest

from tests.browser.conftest import (
    STATISTICS_TABLE,
    admin_tab,
    save_screenshot,
    screenshot_if_failed,
    seeded_server,
)
from tests.content import site as content
from tests.site_copies import SERVER_PASSWORD

pytestmark = pytest.mark.browser

USERNAME, PASSWORD = "figure-checker", SERVER_PASSWORD
FINDING = "Example tasks that finished within a week"
ANCHOR = "example-tasks-that-finished-within-a-week"
STATISTICS = len(content.STATISTIC_ANCHORS)  # the site's figures, none of them verified
SCREENS = [(375, "light"), (375, "dark"), (1280, "light"), (1280, "dark")]


@pytest.fixture(scope="module")
def editor_site(chromium_path, site_template, site_ids, tmp_path_factory):
    """(site URL, the guide's page id) of a fresh copy of the site."""
    with seeded_server(site_template, tmp_path_factory.mktemp("statistics-site")) as (url, _):
        yield url, site_ids.guide


@pytest.fixture
def signed_in(request, browser, editor_site):
    """(page, problems): a signed-in admin tab, and the console errors it has met."""
    url, _ = editor_site
    problems = []
    context, page = admin_tab(browser, url, USERNAME, PASSWORD, problems)
    page.wait_for_url(f"{url}/admin/")
    yield page, problems
    screenshot_if_failed(request, page)
    context.close()


def stale_count(page, url):
    page.goto(f"{url}/admin/")
    text = page.locator("#stale-figures-section").inner_text()
    return int(re.search(r"(\d+) statistics? (?:is|are) stale", text).group(1))


def screenshots(page, name, show=None):
    """The page at each width and colour scheme, scrolled to the `show` selector if given
    (the admin scrolls inside its own panel, so a full-page shot is only the screen)."""
    for width, scheme in SCREENS:
        page.set_viewport_size({"width": width, "height": 900})
        page.emulate_media(color_scheme=scheme)
        page.reload()
        page.wait_for_load_state("networkidle")
        if show:
            page.locator(show).scroll_into_view_if_needed()
        save_screenshot(page, f"{name}-{width}-{scheme}")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(color_scheme="light")


def test_a_new_statistic_gets_an_anchor_and_is_verified_from_the_list(signed_in, editor_site):
    url, _ = editor_site
    page, problems = signed_in
    assert stale_count(page, url) == STATISTICS

    page.get_by_role("button", name="Guide content").click()
    page.get_by_role("link", name="Statistics").click()
    page.wait_for_url(f"{url}/admin/snippets/guides/statistic/")
    page.get_by_role("link", name="Add statistic").first.click()
    page.get_by_role("textbox", name="Finding").fill(FINDING)
    page.get_by_role("textbox", name="Figure").fill("3 of 10")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{url}/admin/snippets/guides/statistic/")
    assert stale_count(page, url) == STATISTICS + 1  # never verified

    page.goto(f"{url}/admin/snippets/guides/statistic/")
    row = page.locator("table.listing tbody tr", has_text=FINDING)
    row.get_by_role("link", name="3 of 10").click()
    assert page.get_by_role("textbox", name="Anchor").input_value() == ANCHOR

    page.goto(f"{url}/admin/snippets/guides/statistic/")
    for finding in [FINDING, STATISTICS_TABLE[0][0]]:  # the new one, and the guide's first
        page.locator("table.listing tbody tr", has_text=finding).get_by_role(
            "checkbox", name="Select"
        ).check()
    page.get_by_role("link", name="Mark the selected statistics verified today").click()
    page.get_by_role("heading", name=re.compile("Mark verified today")).wait_for()
    save_screenshot(page, "mark-verified-confirm-1280-light")
    page.get_by_role("button", name="Yes, mark verified today").click()
    page.wait_for_url(re.compile(r"/admin/snippets/guides/statistic/"))
    assert page.get_by_text("2 statistics marked verified today").is_visible()
    row = page.locator("table.listing tbody tr", has_text=FINDING)
    assert row.get_by_text("Current", exact=True).is_visible()

    assert stale_count(page, url) == STATISTICS - 1

    page.goto(f"{url}/admin/snippets/guides/statistic/")
    page.locator("table.listing tbody tr", has_text=FINDING).get_by_role(
        "link", name="3 of 10"
    ).click()
    panel = page.locator("[data-verification-panel]")
    assert f"Last verified by {USERNAME}" in panel.inner_text()
    screenshots(page, "statistic-edit", show="[data-verification-panel]")
    assert problems == []


def test_the_seo_fields_count_characters_while_the_editor_types(signed_in, editor_site):
    url, guide_id = editor_site
    page, problems = signed_in
    page.goto(f"{url}/admin/pages/{guide_id}/edit/")
    page.get_by_role("tab", name="Promote").click()

    title = page.get_by_role("textbox", name="SEO title")
    title_count = page.locator(
        "[data-controller='character-count']", has=page.locator("#id_seo_title")
    ).locator("[data-character-count-target='output']")
    seeded = title.input_value()
    assert title_count.inner_text() == f"{len(seeded)} characters; aim for 20 to 60."

    title.fill("")
    title.press_sequentially("An example guide")
    assert title_count.inner_text() == "16 characters; aim for 20 to 60."
    title.press_sequentially(": what it covers, when it applies, and what it does")
    assert title_count.inner_text() == (
        "67 characters; aim for 20 to 60. Search results will cut it short."
    )
    title.fill("")
    assert title_count.inner_text().startswith("Blank: search results show the title")

    description = page.get_by_role("textbox", name="Search description")
    description_count = page.locator(
        "[data-controller='character-count']", has=page.locator("#id_search_description")
    ).locator("[data-character-count-target='output']")
    description.fill("A neutral page for the tests.")
    assert description_count.inner_text() == "29 characters; aim for 110 to 160."
    assert problems == []  # (that a long title still saves: tests/test_search_preview.py)


def test_the_preview_panel_shows_the_search_result_and_share_card(signed_in, editor_site):
    url, guide_id = editor_site
    page, problems = signed_in
    page.goto(f"{url}/admin/pages/{guide_id}/edit/")
    seo_title = page.locator("#id_seo_title").input_value()
    title = page.locator("#id_title").input_value()
    page.locator("[data-side-panel-toggle='preview']").first.click()
    preview = page.frame_locator("iframe.w-preview__iframe").last
    preview.locator("h1").first.wait_for()  # the page itself, the first mode
    page.get_by_label("Preview mode").select_option(label="Search result and share card")
    result = preview.locator("[data-search-result]")
    result.wait_for()
    # The SEO title, or without one the page's title and the site's name.
    expected = seo_title or f"{title} | {content.SETTINGS['organisation_name']}"
    assert seo_title == content.SEARCH_APPEARANCE["guide"]["seo_title"]
    assert result.locator("[data-title]").inner_text() == expected
    assert preview.locator("[data-share-card] img").evaluate("img => img.naturalWidth") == 1200

    page.goto(f"{url}/admin/pages/{guide_id}/view_draft/?mode=search")
    screenshots(page, "search-result-preview")
    assert problems == []
