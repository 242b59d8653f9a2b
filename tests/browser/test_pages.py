"""Every page type in a real browser, on a 360 px phone and a 1280 px desktop, in light and
dark mode: axe-core, console, network, no sideways scrolling, clean visible text. Tests of
layout alone run in the light scheme; those marked `colours` run in both."""

import json
import re
from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import save_screenshot
from tests.content import site as content
from tests.site_copies import query

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
GUIDE = content.GUIDE_URL
ASSESSMENT = GUIDE + content.ASSESSMENT["slug"] + "/"
QUESTIONS = content.ASSESSMENT["questions"]
TICKED = "&".join(f"triggers={question['trigger']}" for question in QUESTIONS[:2])
RESULT = ASSESSMENT + "result/?" + TICKED
# A word of the guide's first heading, which search finds and highlights.
SEARCH_WORD = content.GUIDE_HEADINGS[0].split()[-2]
# The statistics table: one row a statistic, a figure and a source in each.
STATISTICS = len(content.STATISTIC_ANCHORS)
PAGES = {
    "home": ("/", 200),
    "guide-index": ("/guides/", 200),
    "topic": (content.TOPIC_URL, 200),
    "cluster": (GUIDE, 200),
    "assessment": (ASSESSMENT, 200),
    "assessment-result": (RESULT, 200),
    "assessment-bad-answer": (ASSESSMENT + "result/?triggers=nope", 400),
    "engagements": ("/engagements/", 200),
    "faq": ("/faq/", 200),
    "evidence": ("/evidence/", 200),
    "contact": ("/contact/", 200),
    "about": (content.ABOUT_URL, 200),
    "profile": (content.AUTHOR_URL, 200),
    "contact-from-assessment": ("/contact/?" + TICKED, 200),
    "privacy": ("/privacy/", 200),
    "search-results": ("/search/?q=" + SEARCH_WORD, 200),
    "search-empty": ("/search/?q=zzzxqy", 200),
    "not-found": ("/no-such-page/", 404),
}
# The text a visitor reads, with any space before a colon, semicolon or comma, and any
# doubled space (a sign of a template gluing words together badly).
VISIBLE_TEXT_FLAWS = """() => {
    const text = document.body.innerText;
    return [...text.matchAll(/.{0,30}(?: [:;,]|[^\\S\\n]{2,}).{0,30}/g)].map(m => m[0]);
}"""
# Average characters a line in each paragraph or list item of three lines or more.
LINE_LENGTHS = """() => [...document.querySelectorAll('main p, main li, main dd, main blockquote')]
    .map(element => {
        const range = document.createRange();
        range.selectNodeContents(element);
        const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
        return [element.innerText.trim().length / Math.max(lines, 1), lines,
                element.innerText.trim().slice(0, 50)];
    })
    .filter(([_average, lines]) => lines >= 3)"""
# The tests' site has short paragraphs: each paragraph's text is repeated to 400 characters
# or more, so that the page's layout, not its copy, decides how long its lines are.
LENGTHEN_PARAGRAPHS = """() => document.querySelectorAll('main p').forEach(p => {
    const text = p.textContent.trim();
    if (text) p.textContent = (text + ' ').repeat(Math.ceil(400 / text.length));
})"""
# Each cell of the statistics tables whose text (or part of it) lies outside the screen,
# or is cut off inside its cell.
CELLS_OFF_SCREEN = """() => [...document.querySelectorAll('table caption, tbody th, tbody td')]
    .filter(cell => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const outside = [...range.getClientRects()].some(
            rect => rect.width && (rect.left < 0 || rect.right > window.innerWidth + 0.5));
        return outside || cell.scrollWidth > cell.clientWidth + 1;
    })
    .map(cell => cell.innerText.trim().slice(0, 60))"""


def assert_page_is_clean(tab):
    results = Axe().run(tab.page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert tab.console_errors == []
    assert tab.failed_requests == []
    scroll_width = tab.page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= tab.width, f"{scroll_width} px wide on a {tab.width} px screen"
    assert tab.page.evaluate(VISIBLE_TEXT_FLAWS) == []


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.colours  # axe checks contrast in each scheme
def test_page(tab, name):
    path, status = PAGES[name]
    response = tab.goto(path)
    assert response.status == status
    assert_page_is_clean(tab)


def test_every_word_of_the_statistics_table_is_on_screen(tab):
    tab.goto(GUIDE)
    table = tab.page.locator("figure.stats table")
    assert table.count() == 1
    assert tab.page.evaluate(CELLS_OFF_SCREEN) == []
    if tab.width < 640:  # each row is a stack, each cell under its column's name
        labels = tab.page.evaluate(
            "() => [...document.querySelectorAll('figure.stats td')].map("
            "td => getComputedStyle(td, '::before').content)"
        )
        # The column's name, shown but not read aloud (its alternative text is empty).
        assert set(labels) == {'"Figure" / ""', '"Source (date)" / ""'}, labels
        assert tab.page.locator("figure.stats td[data-label='Figure']").count() == STATISTICS
    # Whatever CSS does with it, Chromium's accessibility tree still has the table, its
    # column and row headers and cells, which is what a screen reader reads.
    cdp = tab.page.context.new_cdp_session(tab.page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    roles = Counter(node["role"]["value"] for node in nodes if not node.get("ignored"))
    found = [roles[role] for role in ("table", "columnheader", "rowheader", "cell")]
    assert found == [1, 3, STATISTICS, 2 * STATISTICS]


def test_lines_of_text_keep_a_readable_length(browser, site_url):
    """On a wide screen (a phone's lines are short anyway), about 65 to 75 characters."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    for path in ["/", GUIDE, "/faq/", "/engagements/", "/evidence/", RESULT]:
        page.goto(site_url + path)
        page.evaluate(LENGTHEN_PARAGRAPHS)
        lines = page.evaluate(LINE_LENGTHS)
        assert lines, path
        assert [line for line in lines if line[0] > 75] == [], path
    context.close()


def test_search_shows_results_or_says_none(tab):
    tab.goto("/search/?q=" + SEARCH_WORD)
    assert tab.page.locator("main .results li").count() > 0
    tab.goto("/search/?q=zzzxqy")
    assert tab.page.locator("main .results").count() == 0
    assert "Nothing matched" in tab.page.locator("main").inner_text()


def relative_luminance(rgb):
    channels = [int(value) / 255 for value in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.colours  # compares colours
def test_search_highlights_suit_the_colour_scheme(tab, color_scheme):
    tab.goto("/search/?q=" + SEARCH_WORD)
    mark = tab.page.locator("main mark").first
    background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    text = mark.evaluate("m => getComputedStyle(m).color")
    lighter, darker = sorted([relative_luminance(background), relative_luminance(text)])[::-1]
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5
    if color_scheme == "dark":
        assert relative_luminance(background) < 0.2, background  # not bright yellow


def test_the_footer_sits_at_the_bottom_of_a_short_page(tab):
    # A screen taller than this page's content (header, one message, footer) at any width:
    # at 360 px by 800 the footer's menu makes it just taller than the screen.
    tab.page.set_viewport_size({"width": tab.width, "height": 1000})
    tab.goto("/search/?q=zzzxqy")
    footer_bottom = tab.page.evaluate(
        "() => document.querySelector('footer').getBoundingClientRect().bottom"
    )
    assert footer_bottom == pytest.approx(tab.page.viewport_size["height"], abs=1)


def crumbs(path):
    """Home, then one crumb a level of the path."""
    return 1 + len(path.strip("/").split("/"))


@pytest.mark.parametrize(("path", "count"), [(path, crumbs(path)) for path in (GUIDE, ASSESSMENT)])
def test_breadcrumb_separators_end_a_line_never_start_one(tab, path, count):
    tab.goto(path)
    crumbs = tab.page.locator("nav.breadcrumbs li")
    assert crumbs.count() == count
    styles = crumbs.evaluate_all(
        "items => items.map(li => [getComputedStyle(li, '::before').content,"
        " getComputedStyle(li, '::after').content])"
    )
    assert all(before == "none" for before, _after in styles)
    assert [after for _before, after in styles[:-1]] == ['"›" / ""'] * (count - 1)
    assert styles[-1][1] == "none"
    # A crumb and its separator take as many lines as the crumb's own words: a separator
    # that wrapped would start a line of its own.
    lines = crumbs.evaluate_all(
        """items => items.slice(0, -1).map(li => {
            const range = document.createRange();
            range.selectNodeContents(li.querySelector('a'));
            const words = new Set([...range.getClientRects()].map(r => Math.round(r.bottom)));
            const line = parseFloat(getComputedStyle(li).lineHeight);
            return [li.innerText, words.size, Math.round(li.getBoundingClientRect().height / line)];
        })"""
    )
    assert [(text, own) for text, own, _with_separator in lines] == [
        (text, with_separator) for text, _own, with_separator in lines
    ]


@pytest.mark.colours  # compares colours
def test_navigation_links_do_not_look_like_links_in_the_text(tab):
    tab.goto(GUIDE)
    nav = tab.page.locator("header nav a").first
    body = tab.page.locator("main .prose a").first

    def look(locator):
        return locator.evaluate(
            "a => [getComputedStyle(a).textDecorationLine, getComputedStyle(a).color]"
        )

    assert look(nav)[0] == "none"
    assert look(body)[0] == "underline"
    assert look(nav)[1] != look(body)[1]


@pytest.mark.colours  # compares colours
def test_the_current_section_is_marked_for_sighted_visitors_too(tab):
    # aria-current tells a screen reader; the same link is underlined in the accent colour.
    tab.goto(GUIDE)
    underlines = {
        nav: tab.page.locator(f"{nav} nav a").evaluate_all(
            "links => links.map(a => [a.innerText, getComputedStyle(a).borderBottomColor])"
        )
        for nav in ("header", "footer")
    }
    accent = tab.page.evaluate(
        "() => { const probe = document.createElement('i'); probe.style.color = "
        "'var(--color-accent)'; document.body.append(probe); "
        "return getComputedStyle(probe).color; }"
    )
    for links in underlines.values():
        assert [text for text, colour in links if colour == accent] == ["Guides"]


@pytest.mark.colours  # axe checks contrast in each scheme
def test_contact_form_error_state(tab):
    tab.goto("/contact/")
    form = tab.page.locator("main form[method='post' i]")
    assert form.count() == 1  # a page without its form fails here; it is never skipped
    # Skip the browser's own checks so the server's error messages are what we test.
    form.evaluate("form => { form.noValidate = true; }")
    with tab.page.expect_navigation():
        form.locator("[type=submit]").first.click()
    assert tab.page.locator("main [aria-invalid='true']").count() > 0
    assert_page_is_clean(tab)


def test_the_consent_box_leads_to_the_privacy_page(tab):
    """The consent box is described by its link to the privacy page, which a reader
    follows; the footer links the page too."""
    tab.goto("/contact/")
    consent = tab.page.get_by_label(re.compile(r"^I agree that .+ may keep these details"))
    description = consent.evaluate(
        "box => document.getElementById(box.getAttribute('aria-describedby')).innerText"
    )
    link_name = "How long we keep them, who can read them, and how to have them deleted"
    assert description.strip() == link_name
    assert tab.page.locator("footer").get_by_role("link", name="Privacy").count() == 1
    with tab.page.expect_navigation():
        tab.page.get_by_role("link", name=link_name).click()
    assert tab.page.url.endswith("/privacy/")
    assert tab.page.locator("main h1").inner_text() == "Privacy"
    assert_page_is_clean(tab)


def test_a_reader_takes_the_assessment_and_sends_a_lead(browser, seeded_site):
    """Tick two questions, read the result, follow its call to action, send the form, and
    find the stored lead with the page its call to action was on and both triggers."""
    url, database = seeded_site
    ticked = QUESTIONS[:2]
    triggers = [question["trigger"] for question in ticked]
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(url + ASSESSMENT)
    for question in ticked:
        page.get_by_label(question["question"]).check()
    with page.expect_navigation():
        page.get_by_role("button", name=content.ASSESSMENT["submit_text"]).click()
    assert page.url.endswith(f"result/?{TICKED}")
    headings = page.locator("main .answers h3").all_inner_texts()
    # (in the page's own order, which puts the called-out trigger first)
    assert sorted(headings) == sorted(question["question"] for question in ticked)
    level = "several" if len(ticked) >= content.ASSESSMENT["several_from"] else "some"
    verdict = page.locator("main .assessment__verdict h2").inner_text()
    assert verdict == content.ASSESSMENT[f"verdict_{level}"]

    with page.expect_navigation():
        page.get_by_role("link", name=content.ASSESSMENT["cta_link_text"]).click()
    message = page.get_by_label("Where do things stand?")
    for label in [t["label"] for t in content.TRIGGERS if t["value"] in triggers]:
        assert f"- {label}" in message.input_value()
    message.press("Control+End")
    message.type("Our example stalled after the demo.")
    page.get_by_label("Your name").fill("Ada Example")
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label(re.compile(r"^I agree that .+ may keep these details")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send message").click()
    assert page.url.endswith("/contact/thanks/")
    context.close()

    rows = query(
        database,
        "SELECT cta_page, triggers, message FROM pages_contactsubmission WHERE email = %s",
        "ada@example.org",
    )
    assert len(rows) == 1
    cta_page, stored_triggers, message = rows[0]
    assert cta_page == ASSESSMENT + "result/"
    if isinstance(stored_triggers, str):  # SQLite keeps JSON as text; PostgreSQL decodes it
        stored_triggers = json.loads(stored_triggers)
    assert stored_triggers == [t["value"] for t in content.TRIGGERS if t["value"] in triggers]
    assert message.endswith("Our example stalled after the demo.")


SCREENSHOTS = {
    "home": "/",
    "guide": GUIDE,
    "faq": "/faq/",
    "engagements": "/engagements/",
    "evidence": "/evidence/",
    "assessment": ASSESSMENT,
    "assessment-result": RESULT,
    "privacy": "/privacy/",
    "about": content.ABOUT_URL,
    "profile": content.AUTHOR_URL,
}


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_the_pages_a_prospective_client_reads(browser, site_url, width):
    """Full-page screenshots in test-artifacts/screens/, for people to look at."""
    for scheme in ["light", "dark"]:
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
        page = context.new_page()
        for name, path in SCREENSHOTS.items():
            assert page.goto(site_url + path).status == 200
            saved = save_screenshot(page, f"{name}-{width}-{scheme}")
            assert saved.stat().st_size > 10_000
        context.close()
