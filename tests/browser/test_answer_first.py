"""Answer first, as a sighted visitor and a keyboard user meet the guide: the definition
comes first in source order, yet shows below the standfirst, byline and contents, and the
Tab key still walks down the page."""

import pytest

from tests.content import site as content

pytestmark = pytest.mark.browser

GUIDE_PATH = content.GUIDE_URL
TOPIC = next(page for page in content.PAGES if page[0] == "topic")
BOXES = """() => Object.fromEntries(
    ['.standfirst', '.byline', 'nav.toc', '.definition'].map(selector => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return [selector, {top: box.top + scrollY, left: box.left, bottom: box.bottom + scrollY}];
    }))"""


def focus_stops(page, count):
    """(text, top) of the next `count` elements that Tab reaches inside <main>."""
    page.locator("main").focus()
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        stops.append(
            page.evaluate(
                "() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
                " return [e.textContent.trim(), r.top + scrollY, !!e.closest('main')]; }"
            )
        )
    return stops


@pytest.mark.parametrize("width", [375, 1280])
def test_the_definition_shows_where_it_stood(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url + GUIDE_PATH)
    box = page.evaluate(BOXES)
    assert box[".standfirst"]["bottom"] <= box[".byline"]["top"]
    assert box[".byline"]["bottom"] <= box[".definition"]["top"]
    if width < 1152:  # one column: the contents come between the byline and the definition
        assert box[".byline"]["bottom"] <= box["nav.toc"]["top"]
        assert box["nav.toc"]["bottom"] <= box[".definition"]["top"]
    else:  # the contents sit in their own column beside the text
        assert box["nav.toc"]["left"] > box[".definition"]["left"]

    stops = focus_stops(page, 10)
    assert [text for text, _top, _in_main in stops[:3]] == [
        "Home",
        "Guides",
        TOPIC[4],  # the breadcrumbs, up to the guide's parent
    ]
    assert stops[3][0] == content.AUTHOR["name"]  # the byline's link to the author's profile
    assert stops[4][0] == content.GUIDE_HEADINGS[0]  # then the contents
    if width < 1152:
        tops = [top for _text, top, _in_main in stops]
        assert tops == sorted(tops), stops  # Tab moves down the page, never back up
    context.close()
