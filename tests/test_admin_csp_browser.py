"""The Wagtail admin works under its Content-Security-Policy, in a real browser.

An editor signs in, opens the dashboard, the listings and the editors of a guide and a
snippet, and opens the live preview beside the editor. The browser reports every CSP
violation as a console error; there must be none, and the preview must load in its frame
(frame-ancestors 'self' for the preview, 'none' for everything else).
"""

import os

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, create_superuser_code, seeded_server

pytestmark = pytest.mark.browser

USERNAME, PASSWORD = "csp-editor", "a throwaway test-only passphrase"
ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/snippets/guides/statistic/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/users/",
]


@pytest.fixture(scope="module")
def admin_site(tmp_path_factory):
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing")
    setup = create_superuser_code(USERNAME, PASSWORD) + (
        "from guides.models import GuidePage, Statistic\n"
        "guide = GuidePage.objects.get(slug='fractional-ai-cto')\n"
        "print(guide.pk, Statistic.objects.first().pk)"
    )
    with seeded_server(tmp_path_factory.mktemp("csp-admin"), setup) as (url, ids):
        guide_id, statistic_id = ids.split()
        yield url, int(guide_id), int(statistic_id)


def test_the_admin_and_its_preview_raise_no_csp_violation(admin_site):
    from playwright.sync_api import sync_playwright

    url, guide_id, statistic_id = admin_site
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)

        def on_console(message):
            if message.type == "error":
                problems.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
        page.goto(f"{url}/admin/login/")
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
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
        browser.close()

    assert heading.startswith("Fractional AI CTO")
    assert problems == []
