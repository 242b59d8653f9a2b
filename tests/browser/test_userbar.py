"""An editor on the live site, in Chromium: Wagtail's user bar with "Edit this page" and its
accessibility checker, under the public Content-Security-Policy, with no console error or CSP
violation; the preview's Checks panel fed by the same user bar; and a visitor who fetches
the same page right after gets it from the page cache, cookie-free. Also the dashboard's
warning that nobody is emailed about leads, which a fresh site shows.

Screenshots (375 and 1280 px, light and dark) go to test-artifacts/screens/.
"""

import urllib.request

import pytest

from tests.browser.conftest import ARTIFACTS, admin_tab, seeded_server
from tests.content import site as content
from tests.fixtures import GUIDE_URL
from tests.site_copies import SERVER_PASSWORD

pytestmark = pytest.mark.browser

USERNAME, PASSWORD = "userbar-editor", SERVER_PASSWORD  # in the Editors group
# Every CSP violation, as the browser reports it to the page (besides its console message).
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
    window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
SCREENS = [(width, scheme) for width in (375, 1280) for scheme in ("light", "dark")]


@pytest.fixture(scope="module")
def editor_site(chromium_path, site_template, site_ids, tmp_path_factory):
    with seeded_server(site_template, tmp_path_factory.mktemp("userbar")) as (url, _):
        yield url, site_ids.guide


def visitor_fetch(url):
    """A plain GET with no cookies, as a first-time visitor sends it."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:  # noqa: S310 (our own test server)
        return response.headers, response.read()


def screenshot(page, name):
    folder = ARTIFACTS / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png")


def test_an_editor_gets_the_user_bar_and_its_checker_and_visitors_keep_the_cached_page(
    browser, editor_site
):
    url, guide_id = editor_site
    guide_url = url + GUIDE_URL
    visitor_fetch(guide_url)  # a visitor's view fills the page cache

    problems = []
    context, page = admin_tab(browser, url, USERNAME, PASSWORD, problems)
    page.wait_for_url(f"{url}/admin/")
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    response = page.goto(guide_url)
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert "private" in response.headers["cache-control"]

    page.locator("#wagtail-userbar-trigger").click()
    edit = page.get_by_role("menuitem", name="Edit this page")
    edit.wait_for()
    assert edit.get_attribute("href").endswith(f"/admin/pages/{guide_id}/edit/")
    screenshot(page, "userbar-menu-1280-light")

    page.get_by_role("menuitem", name="Checks").click()
    dialog = page.locator("#checker-results")
    dialog.wait_for()
    count = dialog.locator("[data-content-checker-count]")
    page.wait_for_function(
        "el => el.textContent.trim() !== ''", arg=count.element_handle(), timeout=30_000
    )
    assert count.inner_text().strip() == "0"  # the guide passes Wagtail's checks
    screenshot(page, "userbar-checks-1280-light")
    assert page.evaluate("window.cspViolations") == []
    storage = context.storage_state()
    context.close()
    assert problems == []

    # The same URL, fetched anonymously right after: cookie-free, and from the page cache.
    headers, body = visitor_fetch(guide_url)
    assert headers.get("Set-Cookie") is None
    assert headers.get("Vary") == "Accept-Encoding"
    assert headers.get("X-Page-Cache") == "hit"
    assert b"wagtail-userbar" not in body

    for width, scheme in SCREENS:
        context = browser.new_context(
            storage_state=storage,
            viewport={"width": width, "height": 800},
            color_scheme=scheme,
        )
        page = context.new_page()
        page.goto(guide_url)
        page.locator("#wagtail-userbar-trigger").click()
        page.get_by_role("menuitem", name="Edit this page").wait_for()
        screenshot(page, f"userbar-{width}-{scheme}")
        context.close()


def test_the_previews_checks_panel_counts_words_and_reading_time(browser, editor_site):
    """Wagtail's content metrics come from the user bar inside the preview; without it the
    Checks panel shows only dashes."""
    url, guide_id = editor_site
    problems = []
    context, page = admin_tab(browser, url, USERNAME, PASSWORD, problems)
    page.wait_for_url(f"{url}/admin/")
    page.goto(f"{url}/admin/pages/{guide_id}/edit/")
    page.locator("[data-side-panel-toggle='checks']").first.click()
    words = page.locator("[data-content-word-count]")
    page.wait_for_function(
        "el => /\\d/.test(el.textContent)", arg=words.element_handle(), timeout=60_000
    )
    # The guide's own text alone has this many words; the page adds its FAQ and more.
    assert int(words.inner_text().replace(",", "")) >= len(content.GUIDE_TEXT.read_text().split())
    assert any(ch.isdigit() for ch in page.locator("[data-content-reading-time]").inner_text())
    screenshot(page, "preview-checks-1280-light")
    context.close()
    assert problems == []


def test_a_fresh_site_warns_editors_on_the_dashboard_that_nobody_is_emailed(browser, editor_site):
    url, _guide_id = editor_site
    context, page = admin_tab(browser, url, USERNAME, PASSWORD)
    page.wait_for_url(f"{url}/admin/")
    storage = context.storage_state()
    context.close()
    for width, scheme in SCREENS:
        context = browser.new_context(
            storage_state=storage, viewport={"width": width, "height": 900}, color_scheme=scheme
        )
        page = context.new_page()
        page.goto(f"{url}/admin/")
        panel = page.locator("#contact-notifications-section")
        assert "Nobody is emailed about new leads" in panel.inner_text()
        screenshot(page, f"dashboard-warning-{width}-{scheme}")
        context.close()
