"""The admin's wide tables on a 375 px phone and a 1280 px desktop: Stale figures (whose
template every report shares), the Leads and Traffic reports, Sign-in locks and Contact
submissions. The admin hides what runs past the screen's edge, so each table sits in a box
of its own that scrolls sideways; before, their last columns were cut off on a phone and
could not be reached. A keyboard reaches and scrolls that box, and a screen reader names
it (axe-core's scrollable-region-focusable). And the Contact submissions' title, beside
its header's buttons, is read whole on a phone, and a lead's name is never broken inside a
word."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from tests.browser.conftest import admin_tab, screenshot_if_failed, seeded_server
from tests.browser.test_lead_source import send_the_form
from tests.browser.test_pages import AXE_OPTIONS
from tests.site_copies import SERVER_PASSWORD, query

pytestmark = pytest.mark.browser

# Each screen's address, and the name a screen reader gives its table's box: the page's.
SCREENS = {
    "stale figures": ("/admin/guide-reports/stale-figures/", "Stale figures"),
    "leads": ("/admin/reports/leads/", "Leads: By source"),
    "traffic": ("/admin/reports/traffic/", "Traffic: Pages, last 30 days"),
    "sign-in locks": ("/admin/sign-in-locks/", "Sign-in locks"),
    "contact submissions": ("/admin/contact_submissions/", "Contact submissions"),
}
# A site that links to ours, its name too long to break on a phone.
FORUM = "community.financeleadersforum.example.org"
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
AT_THE_TABLE = "document.activeElement.closest('table, :has(> table)') !== null"
# Whether the focused element is the box that scrolls the table, and the outline that
# shows it has focus.
FOCUSED_BOX = """() => {
    const box = document.activeElement, style = getComputedStyle(box);
    return {
        holdsTable: box.querySelector(':scope > table') !== null,
        scrolls: ['auto', 'scroll'].includes(style.overflowX),
        outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
    };
}"""
# What cuts off the title's text: the screen's edge, or a box that clips it (its classes).
TITLE_CLIPPED_BY = """(title) => {
    const range = document.createRange();
    range.selectNodeContents(title);
    const text = range.getBoundingClientRect();
    const clips = [];
    if (text.left < 0 || text.right > window.innerWidth) clips.push('the screen');
    for (let box = title; box; box = box.parentElement) {
        if (getComputedStyle(box).overflowX === 'visible') continue;
        const edge = box.getBoundingClientRect();
        const right = edge.left + box.clientLeft + box.clientWidth;
        if (text.left < edge.left - 1 || text.right > right + 1) clips.push(box.className);
    }
    return clips;
}"""

# The words (split at spaces and hyphens) of an element's text that run over two lines.
BROKEN_WORDS = r"""(element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const broken = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of node.data.matchAll(/[^\s-]+/g)) {
            const range = document.createRange();
            range.setStart(node, word.index);
            range.setEnd(node, word.index + word[0].length);
            const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
            if (lines.size > 1) broken.push(word[0]);
        }
    }
    return broken;
}"""

# How far right of the start of its row the header's first item (breadcrumbs and title) sits:
# Wagtail draws it there, or a pixel to the left.
TITLE_INDENT = """() => {
    const row = document.getElementById('w-slim-header-buttons').parentElement;
    const start = row.getBoundingClientRect().left + row.clientLeft
        + parseFloat(getComputedStyle(row).paddingLeft);
    return Math.round(row.firstElementChild.getBoundingClientRect().left - start);
}"""


def poll(page, script, seconds=2):
    """Whether `script` comes true within `seconds` (page.wait_for_function evaluates its
    script in a way that the admin's Content-Security-Policy refuses)."""
    for _ in range(seconds * 20):
        if page.evaluate(script):
            return True
        page.wait_for_timeout(50)
    return False


@pytest.fixture(scope="module")
def signed_in(browser, site_template, tmp_path_factory):
    """A signed-in superuser's tab on a copy of the site with a row in each table: the
    site's figures were never verified (one with a finding as long-worded as the live
    site's), a visitor writes after following a forum's link (a lead whose email is not
    sent), a page was entered from that forum today, a user name is paused."""
    with seeded_server(site_template, tmp_path_factory.mktemp("admin-tables")) as served:
        url, database_url = served
        context, page = admin_tab(browser, url, "phone-editor", SERVER_PASSWORD)
        page.wait_for_url(f"{url}/admin/")
        page.goto(url + "/contact/", referer=f"https://{FORUM}/threads/fractional-cfo/")
        send_the_form(page, "Alexandra Montgomery-Fitzgerald")
        query(
            database_url,
            "UPDATE guides_statistic SET finding = %s"
            " WHERE id = (SELECT MIN(id) FROM guides_statistic)",
            "Organizations reporting enterprise-level EBIT impact from AI",
        )
        today = datetime.datetime.now(datetime.UTC).date().isoformat()  # the server's day
        query(
            database_url,
            "INSERT INTO analytics_pageday (site_id, day, path, views, visitors, entries)"
            " SELECT id, %s, '/', 3, 2, 2 FROM wagtailcore_site WHERE is_default_site = %s",
            today,
            True,
        )
        query(
            database_url,
            "INSERT INTO analytics_sourceday (site_id, day, path, kind, label, visits)"
            " SELECT id, %s, '/', 'referral', %s, 2 FROM wagtailcore_site"
            " WHERE is_default_site = %s",
            today,
            FORUM,
            True,
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
    assert page.goto(url + SCREENS[screen][0]).status == 200
    assert page.locator("main table tbody tr").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    reach = page.evaluate(REACH)
    assert reach["scrolls"] and reach["cut"] == [], reach


@pytest.mark.parametrize("screen", SCREENS)
def test_a_keyboard_reaches_and_scrolls_a_wide_table_named_for_a_screen_reader(admin, screen):
    url, page = admin
    address, name = SCREENS[screen]
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.goto(url + address).status == 200
    # A screen reader announces the box by the page's name, around the table.
    region = page.get_by_role("region", name=name, exact=True)
    assert region.locator("table").count() == 1
    # From "Skip to main content", the Tab key reaches the box itself before any link or
    # button in the table, and Wagtail's focus outline shows it.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert poll(page, "() => document.activeElement.id === 'main'")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(AT_THE_TABLE):
            break
    box = page.evaluate(FOCUSED_BOX)
    assert box["holdsTable"] and box["scrolls"] and box["outline"] >= 2, box
    # The table is wider than the phone, and the arrow keys scroll it.
    assert region.evaluate("box => box.scrollWidth > box.clientWidth")
    page.keyboard.press("ArrowRight")
    assert poll(page, "() => document.activeElement.scrollLeft > 0")  # smoothly, in frames
    # axe-core finds nothing amiss: no scroll region that a keyboard cannot reach
    # (scrollable-region-focusable), nor any other fault it knows.
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_contact_submissions_title_is_read_whole_beside_the_header_s_buttons(admin, width):
    url, page = admin
    page.set_viewport_size({"width": width, "height": 800})
    assert page.goto(url + "/admin/contact_submissions/").status == 200
    # The unsent lead puts "Resend unsent leads" in the header, beside the title.
    resend = page.get_by_role("link", name="Resend unsent leads", exact=True)
    assert resend.is_visible()
    title = page.locator("[data-w-breadcrumbs] li:last-child").last
    assert title.inner_text().strip() == "Contact submissions"
    assert title.evaluate(TITLE_CLIPPED_BY) == []
    assert page.evaluate(TITLE_INDENT) <= 0  # the buttons move, the title stays put


@pytest.mark.parametrize("width", [375, 1280])
def test_a_header_that_fits_on_one_line_is_left_as_wagtail_lays_it_out(admin, width):
    url, page = admin
    page.set_viewport_size({"width": width, "height": 800})
    assert page.goto(url + "/admin/reports/leads/").status == 200
    assert page.evaluate(TITLE_INDENT) <= 0


@pytest.mark.parametrize("width", [375, 1280])
def test_a_leads_name_in_contact_submissions_is_never_broken_inside_a_word(admin, width):
    url, page = admin
    page.set_viewport_size({"width": width, "height": 800})
    assert page.goto(url + "/admin/contact_submissions/").status == 200
    name = page.locator("main td.title a").first
    assert name.inner_text().split() == ["Alexandra", "Montgomery-Fitzgerald"]
    assert name.evaluate(BROKEN_WORDS) == []
