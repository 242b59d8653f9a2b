"""The Wagtail admin works under its Content-Security-Policy, in a real browser.

An editor signs in, opens the dashboard, the listings and the editors of a guide and a
snippet, and opens the live preview beside the editor. The browser reports every CSP
violation as a console error; there must be none, and the preview must load in its frame
(frame-ancestors 'self' for the preview, 'none' for everything else).
"""

import pytest

from tests.browser.conftest import admin_tab, seeded_server
from tests.content import site as content
from tests.site_copies import SERVER_PASSWORD

pytestmark = pytest.mark.browser

USERNAME, PASSWORD = "csp-editor", SERVER_PASSWORD
ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/snippets/guides/statistic/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/users/",
    "/admin/guide-reports/content-plan/",
    "/admin/guide-reports/internal-links/suggestions/",
    "/admin/reports/traffic/",
    "/admin/reports/search-terms/",
]


@pytest.fixture(scope="module")
def admin_site(chromium_path, site_template, site_ids, tmp_path_factory):
    with seeded_server(site_template, tmp_path_factory.mktemp("csp-admin")) as (url, _):
        yield url, site_ids.guide, site_ids.statistic


def test_the_admin_and_its_preview_raise_no_csp_violation(browser, admin_site):
    url, guide_id, statistic_id = admin_site
    problems = []
    context, page = admin_tab(browser, url, USERNAME, PASSWORD, problems)
    page.wait_for_url(f"{url}/admin/")
    for path in [*ADMIN_PAGES, f"/admin/snippets/guides/statistic/edit/{statistic_id}/"]:
        page.goto(url + path)
        page.wait_for_load_state("networkidle")

    page.goto(f"{url}/admin/pages/{guide_id}/edit/")
    page.wait_for_load_state("networkidle")
    page.locator("[data-side-panel-toggle='preview']").first.click()
    # Wagtail swaps in a fresh iframe once a preview has loaded: read the newest one.
    preview = page.frame_locator("iframe.w-preview__iframe").last
    preview.locator("h1").first.wait_for()
    heading = preview.locator("h1").first.inner_text()
    context.close()

    # The guide's title, the first line of its text.
    assert heading == content.GUIDE_TEXT.read_text().splitlines()[0]
    assert problems == []
