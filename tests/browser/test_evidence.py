"""The evidence a buyer checks, in a real browser on a 375 px phone and a 1280 px desktop, in
light and dark mode: the guide's statistics table with each row's caveat, method note,
verified state and permalink, and /evidence/ with every figure and source. Both pass axe and
fit the screen; a permalink lands on its figure."""

import pytest

from tests.browser.test_pages import CELLS_OFF_SCREEN, assert_page_is_clean
from tests.content import site as content

pytestmark = pytest.mark.browser

GUIDE = content.GUIDE_URL
EVIDENCE = "/evidence/"


@pytest.fixture(params=[375, 1280], ids=lambda width: f"{width}px")
def screen_width(request):
    """The phone width the issue was filed from, and a desktop."""
    return request.param


@pytest.mark.colours  # axe checks contrast in each scheme
@pytest.mark.parametrize("path", [EVIDENCE, GUIDE])
def test_the_evidence_and_the_table_are_clean_and_fit_the_screen(tab, path):
    assert tab.goto(path).status == 200
    assert_page_is_clean(tab)  # axe, console, requests, no sideways scrolling, clean text


def test_every_row_shows_its_details_on_screen(tab):
    tab.goto(GUIDE)
    assert tab.page.evaluate(CELLS_OFF_SCREEN) == []
    rows = tab.page.locator("figure.stats tbody tr")
    assert rows.count() == len(content.STATISTIC_ANCHORS)
    for n, anchor in enumerate(content.STATISTIC_ANCHORS):
        row = rows.nth(n)
        assert row.get_attribute("id") == anchor
        permalink = row.get_by_role("link", name="Link to this figure")
        assert permalink.is_visible()
        assert permalink.get_attribute("href") == f"#{anchor}"
        assert row.get_by_text("Not yet verified").is_visible()
        # A touch target of full size (WCAG 2.2's 24 px).
        assert permalink.bounding_box()["height"] >= 24
    method = rows.first.locator(".stats__detail", has_text="Method:")
    assert method.is_visible()
    more = tab.page.get_by_role("link", name="all figures and sources")
    assert more.is_visible() and more.get_attribute("href") == EVIDENCE


def test_a_figure_s_permalink_lands_on_it(tab):
    anchor = content.STATISTIC_ANCHORS[-1]
    tab.goto(EVIDENCE)
    entry = tab.page.locator(f"#{anchor}")
    entry.get_by_role("link", name="Link to this figure").click()
    assert tab.page.url.endswith(f"{EVIDENCE}#{anchor}")
    top = entry.evaluate("node => node.getBoundingClientRect().top")
    assert abs(top) < 10  # scrolled to the top of the screen
    # From the figure to the row of the guide that shows it.
    with tab.page.expect_navigation():
        entry.locator("dt:text-is('Used on') + dd a").first.click()
    assert tab.page.url.endswith(f"{GUIDE}#{anchor}")
    assert tab.page.locator(f"tr#{anchor}").is_visible()
