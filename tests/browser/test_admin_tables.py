"""The admin's wide tables on a 375 px phone and a 1280 px desktop: Stale figures (whose
template every report shares), Sign-in locks and Contact submissions. The admin hides what
runs past the screen's edge, so each table sits in a box of its own that scrolls sideways;
before, their last columns were cut off on a phone and could not be reached."""

import pytest
from django.conf import settings

from tests.browser.conftest import admin_tab, screenshot_if_failed, seeded_server
from tests.browser.test_lead_source import send_the_form
from tests.site_copies import SERVER_PASSWORD, query

pytestmark = pytest.mark.browser

SCREENS = {
    "stale figures": "/admin/guide-reports/stale-figures/",
    "sign-in locks": "/admin/sign-in-locks/",
    "contact submissions": "/admin/contact_submissions/",
}
# The nearest box that clips the table sideways: whether a person can scroll it and, once it
# is scrolled to its end, the headings whose right edge is still past it or the screen.
REACH = """() => {
    const table = document.querySelector('main table');
    let box = table.parentElement;
    while (getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
    if (scrolls) box.scrollLeft = box.scrollWidth;
    const edge = Math.min(box.getBoundingClientRect().right, window.innerWidth);
    const cut = [...table.querySelectorAll('thead th')]
        .filter(th => th.getBoundingClientRect().right > edge + 1)
        .map(th => th.textContent.trim());
    return {scrolls, cut, table: Math.round(table.getBoundingClientRect().width)};
}"""


@pytest.fixture(scope="module")
def signed_in(browser, site_template, tmp_path_factory):
    """A signed-in superuser's tab on a copy of the site with a row in each table: the
    site's figures were never verified (one with a finding as long-worded as the live
    site's), a visitor writes, a user name is paused."""
    with seeded_server(site_template, tmp_path_factory.mktemp("admin-tables")) as served:
        url, database_url = served
        context, page = admin_tab(browser, url, "phone-editor", SERVER_PASSWORD)
        page.wait_for_url(f"{url}/admin/")
        page.goto(url + "/contact/")
        send_the_form(page, "Alexandra Montgomery-Fitzgerald")
        query(
            database_url,
            "UPDATE guides_statistic SET finding = %s"
            " WHERE id = (SELECT MIN(id) FROM guides_statistic)",
            "Organizations reporting enterprise-level EBIT impact from AI",
        )
        query(
            database_url,
            "INSERT INTO axes_accessattempt (user_agent, ip_address, username, http_accept,"
            " path_info, attempt_time, get_data, post_data, failures_since_start)"
            " VALUES ('Mozilla/5.0', '127.0.0.1', 'finance-editor@example.com', '*/*',"
            " '/admin/login/', CURRENT_TIMESTAMP, '', '', %s)",
            settings.AXES_FAILURE_LIMIT,
        )
        yield url, page
        context.close()


@pytest.fixture
def admin(request, signed_in):
    """The signed-in tab; if the test fails, a full-page screenshot goes to test-artifacts/."""
    yield signed_in
    screenshot_if_failed(request, signed_in[1])


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("screen", SCREENS)
def test_every_column_of_a_wide_admin_table_can_be_reached(admin, screen, width):
    url, page = admin
    page.set_viewport_size({"width": width, "height": 800})
    assert page.goto(url + SCREENS[screen]).status == 200
    assert page.locator("main table tbody tr").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    reach = page.evaluate(REACH)
    assert reach["scrolls"] and reach["cut"] == [], reach
