"""A reader follows a guide's byline to the author's profile, on a 375 px phone and a
1280 px desktop, in light and dark: the profile and /about/ pass axe-core and fit the
screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_pages import AXE_OPTIONS
from tests.content import site as content

pytestmark = pytest.mark.browser


def assert_clean(page, width):
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.colours  # axe checks contrast in each scheme
@pytest.mark.parametrize("width", [375, 1280])
def test_the_byline_leads_to_the_author_s_profile(browser, site_url, width, color_scheme):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, color_scheme=color_scheme
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(site_url + content.GUIDE_URL)
    author = page.locator("main .byline a.byline__author")
    assert author.inner_text() == content.AUTHOR["name"]
    assert author.is_visible()
    with page.expect_navigation():
        author.click()
    assert page.url == site_url + content.AUTHOR_URL
    assert page.locator("main h1").inner_text() == content.AUTHOR["name"]
    assert page.locator("main .profile__role").inner_text() == content.AUTHOR["role"]
    assert_clean(page, width)

    # Its breadcrumbs lead to /about/, which lists the author.
    with page.expect_navigation():
        page.locator("nav.breadcrumbs a", has_text="About").click()
    assert page.url == site_url + content.ABOUT_URL
    assert page.locator("main .person a").inner_text() == content.AUTHOR["name"]
    assert_clean(page, width)
    assert errors == []
    context.close()
