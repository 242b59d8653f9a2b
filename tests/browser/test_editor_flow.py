"""An editor at work in a real browser: the Wagtail admin driven through Debian's Chromium.

The flows change content, so they get their own seeded server and database rather than
the shared `site_url` one that the page checks read: nothing here can leak into those.
The server helpers and the `browser` fixture come from tests/browser/conftest.py.
"""

import json
import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from tests.browser.conftest import (
    STATISTICS_TABLE,
    admin_tab,
    screenshot_if_failed,
    seeded_server,
)
from tests.content import site as content
from tests.site_copies import SERVER_PASSWORD

pytestmark = pytest.mark.browser

USERNAME = "editor-in-chief"
TWO_FACTOR_USERNAME = "careful-editor"
PASSWORD = SERVER_PASSWORD  # a throwaway copy of the site, deleted after the run
GUIDE_PATH = content.GUIDE_URL
PILLAR_PATH = content.TOPIC_URL  # the guide's parent: a guide that holds guides
FINDING, FIGURE, _SOURCE = STATISTICS_TABLE[0]
# A source of the site's own, which the editor cites.
SOURCE = content.SOURCES["Example Trial (Jul 2025)"]


@pytest.fixture(scope="module")
def editor_site(chromium_path, site_template, site_ids, tmp_path_factory):
    """(site URL, the topic guide's page id) of a fresh copy of the site."""
    with seeded_server(site_template, tmp_path_factory.mktemp("editor-site")) as (url, _):
        yield url, site_ids.topic


@pytest.fixture
def admin_page(request, browser, editor_site):
    """A desktop-sized tab, logged in to the admin through its login form."""
    url, _ = editor_site
    context, page = admin_tab(browser, url, USERNAME, PASSWORD)
    page.wait_for_url(f"{url}/admin/")
    yield page
    screenshot_if_failed(request, page)
    context.close()


def visitor_text(browser, url):
    """What a visitor, with no admin session, reads at a URL."""
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(url)
    assert response.status == 200, url
    text = page.locator("body").inner_text()
    context.close()
    return text


def publish(page):
    """Open the footer's action menu and choose Publish, as an editor does."""
    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Publish").click()


def test_an_editor_changes_a_figure_and_the_guide_shows_it(admin_page, browser, editor_site):
    url, _ = editor_site
    page = admin_page
    page.get_by_role("button", name="Guide content").click()
    page.get_by_role("link", name="Statistics").click()
    page.wait_for_url(f"{url}/admin/snippets/guides/statistic/")
    # The site's figures were never verified: each one is stale.
    stale = page.locator("table.listing").get_by_text("Stale", exact=True)
    assert stale.count() == len(content.STATISTIC_ANCHORS)

    page.get_by_role("link", name=FIGURE, exact=True).click()
    page.get_by_role("textbox", name="Figure").fill("41%")
    verified = page.get_by_role("textbox", name="Date last verified")
    verified.fill("2026-01-15")
    verified.press("Escape")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{url}/admin/snippets/guides/statistic/")
    assert page.get_by_role("link", name="41%", exact=True).is_visible()

    text = visitor_text(browser, url + GUIDE_PATH)
    assert "41%" in text
    assert FIGURE not in text
    assert FINDING in text


def type_rich_text(page, editor, text, input_selector):
    """Type into a Draftail editor, then wait until it has stored the text in its form input
    (it does so on a short timer, which a person never outpaces but a test does)."""
    editor.click()
    editor.type(text)
    page.wait_for_function(
        "([selector, text]) => (document.querySelector(selector)?.value || '').includes(text)",
        arg=[input_selector, text],
    )


def add_block(page, name):
    page.locator("#panel-child-content-body-section").get_by_title("Insert a block").last.click()
    page.get_by_role("option", name=name, exact=True).click()


def test_an_editor_publishes_a_new_cluster_under_the_pillar(admin_page, browser, editor_site):
    url, pillar_id = editor_site
    page = admin_page
    page.goto(f"{url}/admin/pages/{pillar_id}/add_subpage/")
    # A guide can hold a cluster guide or a self-assessment.
    page.get_by_role("link", name="Guide page", exact=True).click()
    page.wait_for_url(f"{url}/admin/pages/add/guides/guidepage/{pillar_id}/")

    page.locator("#id_title").fill("Choosing a first AI use case")
    page.get_by_role("textbox", name="Summary").fill(
        "How to pick the AI use case worth shipping first."
    )

    add_block(page, "Heading")
    page.locator("#body-0-value-text").fill("Start where the data already is")
    add_block(page, "Paragraph")
    type_rich_text(
        page,
        page.locator("[data-contentpath='body'] [contenteditable='true']").last,
        "Pick the workflow whose data you already own and trust.",
        "#body-1-value",
    )

    page.get_by_role("button", name="Add FAQ entry").click()
    page.locator("#id_faq_entries-0-question").fill("How long does a first use case take?")
    type_rich_text(
        page,
        page.locator("#panel-child-content-faq_entries-content [contenteditable='true']").first,
        "As long as it takes to prove it on real data.",
        "#id_faq_entries-0-answer",
    )

    publish(page)
    page.wait_for_url(re.compile(rf"{url}/admin/pages/{pillar_id}/"))
    assert page.get_by_text("Choosing a first AI use case").first.is_visible()

    cluster_path = f"{PILLAR_PATH}choosing-a-first-ai-use-case/"
    cluster = visitor_text(browser, url + cluster_path)
    assert "Start where the data already is" in cluster
    assert "Pick the workflow whose data you already own and trust." in cluster
    assert "How long does a first use case take?" in cluster

    assert "Choosing a first AI use case" in visitor_text(browser, url + PILLAR_PATH)

    context = browser.new_context()
    sitemap = context.request.get(f"{url}/sitemap.xml")
    assert sitemap.status == 200
    assert cluster_path in sitemap.text()
    context.close()


def test_an_editor_cites_a_source_for_a_passage(admin_page, browser, editor_site):
    url, pillar_id = editor_site
    page = admin_page
    page.goto(f"{url}/admin/pages/{pillar_id}/edit/")
    add_block(page, "Cited paragraph")
    type_rich_text(
        page,
        page.locator("[data-contentpath='body'] [contenteditable='true']").last,
        "A trial found the example work about a fifth slower than planned.",
        "#body-1-value-text",
    )
    citations = page.locator("[data-contentpath='body'] [data-contentpath='citations']").last
    citations.locator("[data-streamfield-list-add]").click()
    citations.get_by_role("button", name="Choose source").click()
    page.locator(".modal a[data-chooser-modal-choice]", has_text=SOURCE["title"]).click()
    citations.get_by_text(SOURCE["title"]).wait_for()
    citations.locator("[data-contentpath='claim'] input").fill("about a fifth slower than planned")

    publish(page)
    page.wait_for_url(re.compile(rf"{url}/admin/pages/"))

    context = browser.new_context()
    visitor = context.new_page()
    visitor.goto(url + PILLAR_PATH)
    cited = visitor.locator("main .cited", has_text="about a fifth slower than planned")
    # The citation follows the claim's words, inside the sentence.
    assert "about a fifth slower than planned (" in cited.inner_text()
    assert cited.locator(".citation cite a").get_attribute("href") == SOURCE["url"]
    graph = json.loads(visitor.locator("script[type='application/ld+json']").text_content())
    article = next(node for node in graph["@graph"] if node["@type"] == "Article")
    assert [work["url"] for work in article["citation"]] == [SOURCE["url"]]
    context.close()


def app_code(secret, steps_ahead=0):
    """What an authenticator app holding `secret` shows now, or `steps_ahead` steps later."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + steps_ahead * totp.step
    return f"{totp.token():06d}"


def test_an_editor_turns_on_two_factor_sign_in_and_then_needs_a_code(browser, editor_site):
    url, _ = editor_site
    problems = []

    def new_tab():
        return admin_tab(browser, url, TWO_FACTOR_USERNAME, PASSWORD, problems)

    context, page = new_tab()
    page.wait_for_url(f"{url}/admin/")
    page.goto(f"{url}/admin/account/")
    page.get_by_role("tab", name="More actions").click()
    page.get_by_role("link", name="Two-factor sign-in").click()
    page.wait_for_url(f"{url}/admin/two-factor/")
    qr_code = page.locator("svg", has=page.locator("title", has_text="QR code"))
    assert qr_code.bounding_box()["width"] > 150  # big enough to scan from a screen
    secret = page.locator("[data-secret]").inner_text()
    page.get_by_label("Code").fill(app_code(secret))
    page.get_by_role("button", name="Turn on").click()
    page.get_by_role("heading", name="Your backup codes").wait_for()
    assert page.locator("[data-backup-codes] li").count() == 10
    page.get_by_role("link", name="I have saved them").click()
    page.get_by_role("heading", name="Two-factor sign-in is on").wait_for()
    context.close()

    # The next sign-in asks for a code after the password, and says so when it is wrong.
    context, page = new_tab()
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/\?next="))
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    page.locator(".messages").get_by_text("That code is not right").wait_for()
    assert page.url.startswith(f"{url}/admin/two-factor/verify/")
    time.sleep(1.1)  # one wrong code: the next try waits a second
    page.get_by_label("Code").fill(app_code(secret, steps_ahead=1))  # the first code is spent
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{url}/admin/")
    # The dashboard greets the site by the organisation's name (WAGTAIL_SITE_NAME).
    organisation = content.SETTINGS["organisation_name"]
    page.get_by_role("heading", name=re.compile(re.escape(organisation))).first.wait_for()
    context.close()
    assert problems == []  # no CSP violation or script error on the new admin pages
