"""Every lead with its source, in a real browser: a visit that came from ChatGPT with a
campaign link, read two guides, took the self-assessment and wrote through its call to
action is stored with all of that; with JavaScript off the lead still arrives; and no
cookie or localStorage entry is set before the contact form.
"""

import json

import pytest

from tests.browser.conftest import admin_tab, screenshot_if_failed, seeded_server
from tests.content import site as content
from tests.site_copies import SERVER_PASSWORD, query

pytestmark = pytest.mark.browser

GUIDE_URL = content.GUIDE_URL
TOPIC_URL = content.TOPIC_URL
RESULT_URL = GUIDE_URL + "assessment/result/"
CAMPAIGN = "?utm_source=x&utm_medium=y&utm_campaign=z"
STORED = (
    "SELECT landing_page, referrer_host, source, source_kind, utm_source, utm_medium,"
    " utm_campaign, guides_read, cta_page FROM pages_contactsubmission WHERE name = %s"
)


@pytest.fixture(scope="module")
def lead_site(chromium_path, site_template, tmp_path_factory):
    """(URL, DATABASE_URL) of a fresh copy of the site, so that the report counts only
    these leads."""
    with seeded_server(site_template, tmp_path_factory.mktemp("lead-site")) as served:
        yield served


@pytest.fixture
def visitor(request, browser, lead_site):
    contexts = []

    def new_tab(**options):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context, context.new_page()

    yield new_tab
    for context in contexts:
        for page in context.pages:
            screenshot_if_failed(request, page)
        context.close()


def send_the_form(page, name):
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill("ada@example.com")
    if not page.locator("input[name=prompted_by]:checked").count():
        page.locator("input[name=prompted_by]").first.check()
    message = page.locator("textarea[name=message]")
    message.fill((message.input_value() or "") + "Where things stand.")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Send message").click()
    page.wait_for_url("**/contact/thanks/")


def stored(database_url, name):
    [row] = query(database_url, STORED, name)
    *fields, guides_read, cta_page = row
    guides = json.loads(guides_read) if isinstance(guides_read, str) else guides_read
    return (*fields, guides, cta_page)


def test_a_lead_carries_its_first_touch_guides_and_call_to_action(browser, visitor, lead_site):
    url, database_url = lead_site
    context, page = visitor()
    problems = []  # script errors and CSP refusals, which Chromium logs as console errors
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    # Sent from ChatGPT, with a campaign's link, to a guide.
    page.goto(url + GUIDE_URL + CAMPAIGN, referer="https://chatgpt.com/")
    assert page.evaluate("document.referrer") == "https://chatgpt.com/"
    page.goto(url + TOPIC_URL)  # a second guide
    page.goto(url + GUIDE_URL + "assessment/")
    page.locator("input[name=triggers]").first.check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**" + RESULT_URL + "*")
    # Nothing kept in a cookie or localStorage on the way: only the tab's sessionStorage.
    assert context.cookies() == []
    assert page.evaluate("window.localStorage.length") == 0
    visit = json.loads(page.evaluate("window.sessionStorage.getItem('truvisory.visit')"))
    assert visit["guides"] == [GUIDE_URL, TOPIC_URL]

    page.get_by_role("link", name=content.ASSESSMENT["cta_link_text"]).click()
    page.wait_for_url("**/contact/*")
    assert page.locator("input[name=cta_page]").input_value() == RESULT_URL
    send_the_form(page, "Ada from ChatGPT")
    assert problems == []

    assert stored(database_url, "Ada from ChatGPT") == (
        GUIDE_URL,
        "chatgpt.com",
        "ChatGPT",
        "ai",
        "x",
        "y",
        "z",
        [GUIDE_URL, TOPIC_URL],
        RESULT_URL,
    )

    # The report shows the lead under its source, to an editor.
    editor_context, admin = admin_tab(browser, url, "userbar-editor", SERVER_PASSWORD)
    admin.goto(url + "/admin/reports/leads/")
    row = admin.locator("main tbody tr", has_text="ChatGPT")
    assert row.locator("td").all_inner_texts()[:3] == ["ChatGPT", "AI assistant", "1"]
    editor_context.close()


def test_with_javascript_off_nothing_breaks_and_the_lead_arrives(visitor, lead_site):
    url, database_url = lead_site
    context, page = visitor(java_script_enabled=False)
    page.goto(url + GUIDE_URL + CAMPAIGN, referer="https://chatgpt.com/")
    assert context.cookies() == []
    page.locator("main a.button[href='/contact/']").first.click()
    page.wait_for_url("**/contact/")
    send_the_form(page, "Grace without JavaScript")
    assert stored(database_url, "Grace without JavaScript") == ("", "", "", "", "", "", "", [], "")
