"""The layout a buyer sees, measured in Chromium: on a 1280 px screen the pages use the width
beside their text (the guide's contents are the model) while lines of prose keep a readable
measure; on a 375 px phone nothing scrolls sideways and the header takes two rows."""

import pytest

from tests.browser.conftest import screenshot_if_failed
from tests.browser.test_pages import ASSESSMENT, GUIDE, PAGES, RESULT

pytestmark = pytest.mark.browser

# Each page's main content below its breadcrumbs: what should use the width.
WIDE_AREAS = {
    "/": ".home__top",  # the hero, with the flagship guide beside it
    "/guides/": ".pillar",
    "/contact/": ".contact",
    "/faq/": ".faq-index",
    ASSESSMENT: ".assessment-form",
    RESULT: ".assessment",  # a result: the verdict and answers, the call to action
    ASSESSMENT + "result/": ".assessment",  # nothing ticked
}
# The horizontal extent of what an area draws: its text, its form controls, and the boxes
# that draw a border or a background (a card, the contents, a call to action). A wide but
# empty box counts for nothing.
INKED_EXTENT = """selector => {
    const area = document.querySelector(selector);
    const boxes = [];
    const range = document.createRange();
    for (const element of [area, ...area.querySelectorAll('*')]) {
        const style = getComputedStyle(element);
        if (style.visibility === 'hidden' || element.closest('[hidden]')) continue;
        for (const node of element.childNodes) {
            if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) {
                range.selectNodeContents(node);
                boxes.push(...range.getClientRects());
            }
        }
        const draws = parseFloat(style.borderLeftWidth) > 0
            || parseFloat(style.borderRightWidth) > 0
            || style.backgroundColor !== 'rgba(0, 0, 0, 0)';
        if (draws || element.matches('input, textarea, select, button, img')) {
            boxes.push(element.getBoundingClientRect());
        }
    }
    const drawn = boxes.filter(box => box.width > 0 && box.height > 0);
    return Math.max(...drawn.map(box => box.right)) - Math.min(...drawn.map(box => box.left));
}"""
# Each paragraph of prose in <main>: its width in characters of its own font ("0", which
# is what CSS's `ch` measures), and where it is.
PROSE_WIDTHS = """() => [...document.querySelectorAll('main p')]
    .filter(p => p.getClientRects().length && p.innerText.trim())
    .map(p => {
        const zero = document.createElement('span');
        zero.textContent = '0';
        zero.style.position = 'absolute';
        p.append(zero);
        const ch = zero.getBoundingClientRect().width;
        zero.remove();
        return [p.getBoundingClientRect().width / ch, p.className || p.parentElement.className,
                p.innerText.trim().slice(0, 40)];
    })"""
# The header's parts: the site's name, the search form, and every menu link, each as
# [its name, top, bottom, whether it can be seen].
HEADER_PARTS = """() => [...document.querySelectorAll(
        '.site-header .site-name, .site-header form, .site-header nav a')]
    .map(element => {
        const box = element.getBoundingClientRect();
        const visible = box.width > 0 && box.height > 0 && box.left >= 0
            && box.right <= window.innerWidth && getComputedStyle(element).visibility !== 'hidden';
        return [element.innerText.trim() || element.tagName, box.top, box.bottom, visible];
    })"""


@pytest.fixture
def screen(request, browser, site_url):
    """A tab at a given width (the test's `width` parameter), light scheme."""
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.site_url = site_url
    yield page
    screenshot_if_failed(request, page)
    context.close()


@pytest.mark.parametrize("screen", [1280], indirect=True, ids=["1280px"])
@pytest.mark.parametrize("path", WIDE_AREAS)
def test_a_wide_screen_is_used_beside_the_text(screen, path):
    """Before, each of these pages was one column about 600 px wide: under half the screen."""
    response = screen.goto(screen.site_url + path)
    assert response.status == 200
    extent = screen.evaluate(INKED_EXTENT, WIDE_AREAS[path])
    assert extent > 0.6 * 1280, f"{WIDE_AREAS[path]} draws {extent:.0f} px of 1280"


@pytest.mark.parametrize("screen", [1280], indirect=True, ids=["1280px"])
def test_cards_share_the_width_so_a_title_keeps_to_a_few_lines(screen):
    screen.goto(screen.site_url + "/guides/")
    titles = screen.locator(".cards .card__title").evaluate_all(
        """titles => titles.map(title => {
            const line = parseFloat(getComputedStyle(title).lineHeight);
            return Math.round(title.getBoundingClientRect().height / line);
        })"""
    )
    assert titles and max(titles) <= 3, titles


@pytest.mark.parametrize("screen", [1280], indirect=True, ids=["1280px"])
@pytest.mark.parametrize("path", ["/", "/guides/", GUIDE, "/contact/", "/faq/", ASSESSMENT, RESULT])
def test_prose_keeps_its_measure_beside_the_wider_layout(screen, path):
    """No paragraph is wider than 75 characters of its font; the running text of the guide,
    the FAQ's short answers and the result is not squeezed below 45 by what sits beside it."""
    screen.goto(screen.site_url + path)
    widths = screen.evaluate(PROSE_WIDTHS)
    assert widths, path
    assert [width for width in widths if width[0] > 75] == [], path
    running = screen.evaluate(
        """() => [...document.querySelectorAll(
            '.article__body > p, .faq__entry .prose p, .faq-index__entry p, '
            + '.assessment__verdict p')]
            .map(p => p.getBoundingClientRect().width
                 / parseFloat(getComputedStyle(p).fontSize))"""
    )
    # In ems (about two characters each): 45 characters is about 22 em.
    assert all(width >= 22 for width in running), (path, running)


@pytest.mark.parametrize("screen", [375], indirect=True, ids=["375px"])
@pytest.mark.parametrize("name", PAGES)
def test_nothing_scrolls_sideways_on_a_phone(screen, name):
    path, status = PAGES[name]
    assert screen.goto(screen.site_url + path).status == status
    assert screen.evaluate("document.documentElement.scrollWidth") <= 375


def rows(parts):
    """The header's parts grouped into rows: parts whose heights overlap share a row."""
    found = []
    for name, top, bottom, _visible in sorted(parts, key=lambda part: part[1]):
        if found and top < found[-1]["bottom"]:
            found[-1]["names"].append(name)
            found[-1]["bottom"] = max(found[-1]["bottom"], bottom)
        else:
            found.append({"names": [name], "top": top, "bottom": bottom})
    return found


@pytest.mark.parametrize("screen", [360, 375], indirect=True, ids=["360px", "375px"])
@pytest.mark.parametrize("path", ["/", GUIDE, "/search/?q=example"])
def test_the_phone_header_takes_two_rows(screen, path):
    """Before, the name, the menu and the search box each took a row: 157 px at 375."""
    screen.goto(screen.site_url + path)
    parts = screen.evaluate(HEADER_PARTS)
    assert [name for name, *_box, visible in parts if not visible] == []  # no link hidden
    found = rows(parts)
    assert len(found) <= 2, found
    header = screen.evaluate(
        """() => { const header = document.querySelector('.site-header');
            const inner = getComputedStyle(header.firstElementChild);
            return [header.getBoundingClientRect().height, parseFloat(inner.paddingTop)
                    + parseFloat(inner.paddingBottom) + parseFloat(inner.rowGap)
                    + parseFloat(getComputedStyle(header).borderBottomWidth)]; }"""
    )
    height, chrome = header
    assert height <= sum(row["bottom"] - row["top"] for row in found) + chrome + 1, found


@pytest.mark.parametrize("screen", [375], indirect=True, ids=["375px"])
def test_the_header_is_walked_by_keyboard_in_the_order_it_shows(screen):
    """Tab reaches the name, the search box, its button and every menu link in turn, left to
    right and top to bottom, each with a visible focus outline; no script is needed."""
    # Without any script file (the site's own only note the visit): none is needed here.
    screen.route(
        "**/*",
        lambda route: (
            route.abort() if route.request.resource_type == "script" else route.continue_()
        ),
    )
    screen.goto(screen.site_url + "/")
    links = screen.locator(".site-header nav a").all_inner_texts()
    stops = []
    screen.keyboard.press("Tab")  # the skip link
    for _ in range(3 + len(links)):
        screen.keyboard.press("Tab")
        stops.append(
            screen.evaluate(
                """() => { const e = document.activeElement; const r = e.getBoundingClientRect();
                    const s = getComputedStyle(e);
                    return [e.innerText.trim() || e.type || e.tagName, Math.round(r.top),
                            Math.round(r.left), s.outlineStyle !== 'none'
                            && parseFloat(s.outlineWidth) > 0]; }"""
            )
        )
    assert [stop[0] for stop in stops][3:] == links
    assert [stop[0] for stop in stops][1:3] == ["search", "Search"]
    assert all(outlined for *_stop, outlined in stops), stops
    # Top to bottom, and left to right along each row.
    positions = [(top, left) for _name, top, left, _outlined in stops]
    by_row = sorted(positions, key=lambda position: (position[0] // 20, position[1]))
    assert positions == by_row, stops
