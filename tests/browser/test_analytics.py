"""Cookie-free analytics in a real browser: a visit to a guide served from the page cache,
from an AI assistant with a campaign link, is counted by the script's beacon; the visit
leaves no cookie and nothing in localStorage; with Global Privacy Control nothing is
counted; and an editor reads the view and its source in the traffic report.

The browser runs as a reader would: HeadlessChrome's own user agent is a robot's, which
the collector rightly ignores, so these contexts give a desktop Chrome's.
"""

import datetime
import time
import urllib.parse
import urllib.request

import pytest

from tests.browser.conftest import admin_tab, save_screenshot, seeded_server
from tests.content import site as content
from tests.fixtures import GUIDE_URL
from tests.site_copies import EDITORS, SERVER_PASSWORD, query

pytestmark = pytest.mark.browser

READER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
CAMPAIGN = "?utm_source=newsletter&utm_medium=email&utm_campaign=december"


@pytest.fixture(scope="module")
def site(chromium_path, site_template, tmp_path_factory):
    with seeded_server(site_template, tmp_path_factory.mktemp("analytics")) as served:
        yield served


def views(database_url):
    rows = query(
        database_url, "SELECT SUM(views) FROM analytics_pageday WHERE path = %s", GUIDE_URL
    )
    return rows[0][0] or 0


def wait_for_views(database_url, expected, seconds=10):
    deadline = time.monotonic() + seconds
    while views(database_url) < expected and time.monotonic() < deadline:
        time.sleep(0.1)
    return views(database_url)


def reader_context(browser, **options):
    return browser.new_context(
        user_agent=READER, viewport={"width": 1280, "height": 800}, **options
    )


def test_a_cached_guide_visit_is_counted_with_its_source_and_campaign_and_no_cookie(browser, site):
    url, database_url = site
    # Now in the page cache (its gzip entry, which a browser is sent); no script ran.
    warm = urllib.request.Request(url + GUIDE_URL, headers={"Accept-Encoding": "gzip"})
    urllib.request.urlopen(warm).read()
    assert views(database_url) == 0

    context = reader_context(browser)
    page = context.new_page()
    with page.expect_request(lambda r: r.url == url + "/_a/" and r.method == "POST") as beacon:
        response = page.goto(url + GUIDE_URL + CAMPAIGN, referer="https://chatgpt.com/")
    assert response.headers["x-page-cache"] == "hit"
    assert "us=newsletter" in beacon.value.post_data
    assert wait_for_views(database_url, 1) == 1
    assert query(
        database_url,
        "SELECT label, kind, visits FROM analytics_sourceday WHERE path = %s",
        GUIDE_URL,
    ) == [("ChatGPT", "ai", 1)]
    assert query(
        database_url, "SELECT source, medium, campaign, visits FROM analytics_campaignday"
    ) == [("newsletter", "email", "december", 1)]
    # Nothing stays with the reader.
    assert context.cookies() == []
    assert page.evaluate("window.localStorage.length") == 0
    context.close()

    # An editor reads the view and its source in the traffic report.
    admin, admin_page = admin_tab(browser, url, EDITORS[0], SERVER_PASSWORD)
    admin_page.wait_for_url(f"{url}/admin/")
    assert "From AI assistants" in admin_page.locator("#traffic-section").inner_text()
    admin_page.goto(f"{url}/admin/reports/traffic/")
    guide_title = content.GUIDE_TEXT.read_text().splitlines()[0]
    row = admin_page.locator("table.listing tbody tr", has_text=guide_title)
    cells = row.inner_text().replace("\xa0", " ").split("\t")
    assert cells[1:] == ["1", "1", "1", "ChatGPT 1"]
    admin_page.goto(f"{url}/admin/reports/traffic/sources/")
    assert admin_page.locator("table.listing tbody tr").first.inner_text().split("\t")[:3] == [
        "ChatGPT",
        "AI assistant",
        "1",
    ]
    admin.close()


def test_with_global_privacy_control_nothing_is_counted(browser, site):
    url, database_url = site
    before = views(database_url)
    # The browser's own signal: the script sends nothing at all.
    context = reader_context(browser)
    context.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})"
    )
    page = context.new_page()
    sent = []
    page.on("request", lambda r: r.url.endswith("/_a/") and sent.append(r))
    page.goto(url + GUIDE_URL, referer="https://chatgpt.com/")
    page.wait_for_load_state("networkidle")
    assert sent == []
    context.close()
    # The header alone (a browser whose script sees no signal): the collector drops it.
    context = reader_context(browser, extra_http_headers={"Sec-GPC": "1"})
    page = context.new_page()
    with page.expect_request(lambda r: r.url.endswith("/_a/")):
        page.goto(url + GUIDE_URL)
    page.wait_for_load_state("networkidle")
    context.close()
    time.sleep(0.5)
    assert views(database_url) == before


def test_headless_chrome_is_a_robot_and_is_not_counted(browser, site):
    url, database_url = site
    before = views(database_url)
    context = browser.new_context()  # HeadlessChrome's own user agent
    page = context.new_page()
    with page.expect_request(lambda r: r.url.endswith("/_a/")):
        page.goto(url + GUIDE_URL)
    page.wait_for_load_state("networkidle")
    context.close()
    time.sleep(0.5)
    assert views(database_url) == before


SCREENS = [(width, scheme) for width in (375, 1280) for scheme in ("light", "dark")]
REFERRERS = ["https://chatgpt.com/", "https://www.google.com/", "https://www.perplexity.ai/", ""]


def beacon(url, fields, user_agent=READER):
    body = urllib.parse.urlencode(fields).encode()
    headers = {"User-Agent": user_agent, "Content-Type": "application/x-www-form-urlencoded"}
    request = urllib.request.Request(url + "/_a/", data=body, headers=headers)
    with urllib.request.urlopen(request) as response:  # noqa: S310 (our own test server)
        assert response.status == 204


def test_the_reports_and_the_dashboard_panel_at_each_width(browser, site):
    """Screenshots for people to look at, of a fortnight's traffic and today's searches."""
    url, database_url = site
    for n in range(24):
        beacon(
            url,
            {
                "t": "pageview",
                "p": [GUIDE_URL, "/faq/", "/"][n % 3],
                "d": "desktop",
                "r": REFERRERS[n % 4],
                "us": "newsletter" if n % 5 == 0 else "",
                "um": "email" if n % 5 == 0 else "",
                "uc": "december" if n % 5 == 0 else "",
            },
            user_agent=f"{READER} {n % 9}",
        )
    for term, found in [
        ("fractional cfo", 0),
        ("fractional cfo", 0),
        ("example", 3),
        ("pricing", 0),
    ]:
        beacon(url, {"t": "search", "q": term, "n": str(found)})
    site_id = query(
        database_url, "SELECT id FROM wagtailcore_site WHERE is_default_site = %s", True
    )[0][0]
    for age in range(1, 14):
        day = (datetime.date.today() - datetime.timedelta(days=age)).isoformat()
        views = 20 + (age * 7) % 23
        query(
            database_url,
            "INSERT INTO analytics_siteday (site_id, day, views, visitors, entries) "
            "VALUES (%s, %s, %s, %s, %s)",
            site_id,
            day,
            views,
            views * 2 // 3,
            views // 2,
        )
    context, page = admin_tab(browser, url, EDITORS[0], SERVER_PASSWORD)
    page.wait_for_url(f"{url}/admin/")
    for name, path, show in [
        ("traffic-report", "/admin/reports/traffic/?period=30", None),
        ("search-terms-report", "/admin/reports/search-terms/", None),
        ("dashboard-traffic-panel", "/admin/", "#traffic-section"),
    ]:
        page.goto(url + path)
        for width, scheme in SCREENS:
            page.set_viewport_size({"width": width, "height": 900})
            page.emulate_media(color_scheme=scheme)
            page.reload()
            page.wait_for_load_state("networkidle")
            if show:
                page.locator(show).scroll_into_view_if_needed()
            save_screenshot(page, f"analytics-{name}-{width}-{scheme}")
    page.goto(url + "/admin/reports/traffic/")
    assert page.locator("figure svg[role=img] rect").count() == 60
    context.close()

    # What a reader is told: the privacy page's statement of what is counted.
    for width, scheme in SCREENS:
        context = reader_context(browser, color_scheme=scheme)
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url + "/privacy/")
        assert page.get_by_role("heading", name="Counting visits").is_visible()
        assert "random secret made for that day" in page.locator("main").inner_text()
        save_screenshot(page, f"analytics-privacy-{width}-{scheme}")
        context.close()
