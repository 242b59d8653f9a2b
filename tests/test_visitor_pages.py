"""What a visitor reads: no link-shaped thing that goes nowhere, a home page that says who
it is for and what they get, calls to action, and the small things a
careful reader notices (dates, headings, apostrophes, one search box)."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

from bs4 import BeautifulSoup
from wagtail.models import Page

from guides.content.guide_text import PAGE_REFERENCE
from guides.models import GuidePage
from pages.models import SiteSettings, StandardPage
from pages.stream_migrations import PlainTextToRichText
from tests.content import site as content
from tests.factories import add_page, build_guide, topic_guide
from tests.html import soup, text_of

GUIDE_URL = content.GUIDE_URL
GUIDE_TEXT = content.GUIDE_TEXT.read_text(encoding="utf-8")
ASSESSMENT_URL = GUIDE_URL + "assessment/"
# Pages a crawler cannot reach by links alone.
EXTRA_PAGES = [
    ASSESSMENT_URL + "result/?triggers=pilot&triggers=board",
    ASSESSMENT_URL + "result/",
    "/search/?q=example",
    "/contact/?triggers=pilot",
]


def visitor_pages(client):
    """{path: parsed page} for every HTML page reachable from the home page by its links,
    and the few that only a form or a query reaches."""
    pages, queue, seen = {}, deque(["/", *EXTRA_PAGES]), {"/", *EXTRA_PAGES}
    while queue:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = BeautifulSoup(response.content, "html.parser")
        pages[path] = page
        for link in page.find_all("a", href=True):
            href = urldefrag(link["href"])[0]
            if href.startswith("/") and not urlsplit(href).netloc and href not in seen:
                seen.add(href)
                queue.append(href)
    return pages


def test_the_contact_form_has_one_address_and_no_link_says_where_it_is_from(client, db):
    """No `?from=`: the browser remembers the page a call to action was on. Only the
    self-assessment's result adds the triggers ticked, to start the message."""
    contact_links = set()
    for path, page in visitor_pages(client).items():
        for link in page.find_all("a", href=True):
            assert "from=" not in link["href"], (path, link["href"])
            if urlsplit(link["href"]).path == "/contact/":
                contact_links.add(link["href"].split("?triggers=")[0])
    assert contact_links == {"/contact/"}


def test_no_visitor_page_links_to_or_lists_a_page_that_is_not_live(client, db):
    planned = list(Page.objects.filter(live=False, depth__gt=1))
    assert planned  # the tests' site has drafts, and every live page links one
    planned_urls = {page.url for page in planned}
    planned_titles = {page.title for page in planned}
    pages = visitor_pages(client)
    assert len(pages) >= 10
    for path, page in pages.items():
        hrefs = {urldefrag(a["href"])[0] for a in page.find_all("a", href=True)}
        assert hrefs.isdisjoint(planned_urls), path
        listed = {text_of(item) for item in page.select("main .card__title, main .cards li h3")}
        assert listed.isdisjoint(planned_titles), path
        assert page.select(".planned") == [], path


def test_references_to_planned_pages_read_as_prose_on_standard_pages_too(client, db):
    planned = Page.objects.get(slug="planned-page")
    home = Page.objects.get(depth=2)
    page = add_page(
        home,
        StandardPage(
            title="Prose",
            slug="prose",
            body=[
                (
                    "paragraph",
                    f'<p>Covered in <a linktype="page" id="{planned.pk}">{planned.title}</a>.</p>',
                )
            ],
        ),
    )
    article = soup(client.get(page.url)).find("article")
    assert article.find("cite", string=planned.title)
    assert article.find("a", string=planned.title) is None
    # The sentence stays whole ("Covered in A planned page."), not a fragment.
    assert f"Covered in {planned.title}." in text_of(article)


def test_a_link_whose_text_is_not_the_planned_pages_title_is_plain_text(client, db):
    planned = GuidePage.objects.get(slug="planned-guide")
    home = Page.objects.get(depth=2)
    page = add_page(
        home,
        StandardPage(
            title="Links",
            slug="links",
            body=[
                (
                    "paragraph",
                    f'<p>Read <a linktype="page" id="{planned.pk}">more here</a>, or '
                    f'<a linktype="page" id="{planned.pk}">{planned.title}</a>.</p>',
                )
            ],
        ),
    )
    html = soup(client.get(page.url)).select_one("main .prose")
    assert text_of(html) == f"Read more here, or {planned.title}."
    assert html.find("a") is None
    assert [text_of(cite) for cite in html.find_all("cite")] == [planned.title]


def test_related_guides_list_live_guides_only(client, db):
    guide = build_guide(topic_guide(), slug="with-related", size=3)
    related = guide.related_guide_pages()
    related[1].unpublish()
    page = soup(client.get(guide.url))
    titles = [text_of(h3) for h3 in page.select("#related .card__title")]
    # The related guides first (the pillar's other live clusters follow: test_read_next.py).
    assert titles[:2] == [related[0].title, related[2].title]
    assert related[1].title not in titles
    assert ":" not in "".join(text_of(li) for li in page.select("#related li")).replace(": ", "")


def test_a_call_to_action_to_a_page_that_is_not_live_is_not_shown(client, db):
    planned = GuidePage.objects.get(slug="planned-guide")
    home = Page.objects.get(depth=2)
    cta = {"heading": "Read next", "text": "", "link_text": "Read it", "page": planned}
    page = add_page(home, StandardPage(title="CTA", slug="cta", body=[("call_to_action", cta)]))
    assert soup(client.get(page.url)).select("main .cta") == []
    planned.save_revision().publish()
    button = soup(client.get(page.url)).select_one("main .cta a.button")
    assert button["href"] == planned.url


def test_the_home_page_says_who_it_is_for_and_what_they_get(client, db):
    page = soup(client.get("/"))
    main = page.find("main")
    assert text_of(main.h1) == content.HOME["headline"]
    lede = text_of(main.select_one(".hero__lede"))
    introduction = PAGE_REFERENCE.sub(r"\2", content.HOME["introduction"])  # [[key|text]]
    assert lede == text_of(BeautifulSoup(introduction, "html.parser"))
    sections = [text for kind, text in content.HOME["body"] if kind == "heading"]
    assert [text_of(h2) for h2 in main.select(".home__sections h2")] == sections
    featured = main.select_one(".featured")
    assert featured.find("a", href=GUIDE_URL)
    assert content.HOME["featured_text"] in text_of(featured)
    assert main.select_one(".featured").find("a", href=ASSESSMENT_URL)
    # One call to action: every button says the same and leads to the contact form.
    buttons = {(text_of(a), a["href"]) for a in main.select("a.button")}
    assert buttons == {(content.HOME["cta_link_text"], "/contact/")}


def test_the_guide_has_a_call_to_action_after_the_triggers_and_a_closing_one(client, db):
    page = soup(client.get(GUIDE_URL))
    ctas = page.select("main .article__body .cta")
    assert len(ctas) == 2
    # The first comes just before the heading the spec names, at the end of the section before.
    calls = content.GUIDE_CALLS_TO_ACTION
    assert text_of(ctas[0].find_next("h2", id=True)) == calls["first"]["before_heading"]
    assert text_of(ctas[0].select_one(".cta__heading")) == calls["first"]["heading"]
    # The closing one carries the guide's closing line, word for word, with its link.
    closing = GUIDE_TEXT.strip().splitlines()[-1]
    assert closing.startswith(calls["closing"]["line_starts"])
    assert text_of(ctas[1].select_one(".cta__text")) == closing
    assert ctas[1].find("a", string="how the engagements work")["href"] == "/engagements/"
    for cta in ctas:
        assert cta.find("a", class_="button")["href"] == "/contact/"
    # Quiet: part of the page, never a dialog or an overlay.
    assert page.select("dialog, [role=dialog], [aria-modal]") == []


def test_a_guide_without_a_closing_call_to_action_gets_the_sites(client, db):
    pillar = soup(client.get(content.TOPIC_URL))
    cta = pillar.select_one("main .article__body .cta")
    assert text_of(cta.select_one(".cta__heading")) == SiteSettings.objects.get().cta_heading
    assert cta.find("a", class_="button")["href"] == "/contact/"


def test_the_faq_page_ends_with_a_call_to_action(client, db):
    page = soup(client.get("/faq/"))
    cta = page.select("main .cta")[-1]
    assert cta.find("a", class_="button")["href"] == "/contact/"


def test_the_byline_falls_back_to_the_first_publication(client, db):
    guide = build_guide(topic_guide(), slug="published-from-the-admin", size=1)
    assert guide.first_published is None  # an editor left the field empty
    byline = soup(client.get(guide.url)).select_one(".byline")
    published = guide.first_published_at.date()
    assert byline.time["datetime"] == published.isoformat()
    assert f"Published {published:%-d %B %Y}." in text_of(byline)


def test_frequently_asked_questions_is_named_one_way(client, db):
    guide = soup(client.get(GUIDE_URL))
    assert text_of(guide.select_one("section.faq h2")) == "Frequently asked questions"
    assert "Frequently asked questions" in [text_of(a) for a in guide.select("nav.toc a")]
    faq = soup(client.get("/faq/"))
    assert text_of(faq.h1) == "Frequently asked questions"
    for page in visitor_pages(client).values():
        assert not re.search(r"Frequently asked(?! questions)", text_of(page.find("main")))


def test_the_sites_own_words_use_curly_apostrophes(client, db):
    """A straight apostrophe shows only where an editor typed one, never in the templates'
    own words."""
    seed_words = set(re.findall(r"\w+'\w+", GUIDE_TEXT))
    for path, page in visitor_pages(client).items():
        for node in page.select("script, style"):
            node.decompose()
        straight = set(re.findall(r"\w+'\w+", page.get_text(" ")))
        assert straight <= seed_words, path


def test_the_search_page_has_one_search_box(client, db):
    search = soup(client.get("/search/?q=example"))
    assert len(search.select("form[role=search]")) == 1
    assert search.select_one("main form[role=search]")
    assert len(soup(client.get("/")).select("header form[role=search]")) == 1


def test_call_to_action_text_that_was_plain_becomes_paragraphs():
    """The migration that made a call to action's text rich text keeps its words."""
    operation = PlainTextToRichText()
    assert operation.apply("Tell us & more.\n\nSecond <b>line</b>.") == (
        "<p>Tell us &amp; more.</p>\n\n<p>Second &lt;b&gt;line&lt;/b&gt;.</p>"
    )
    assert operation.apply("<p>Already rich.</p>") == "<p>Already rich.</p>"
    assert operation.apply("") == ""


def test_a_certification_links_its_public_record_once_an_editor_gives_one(client, db):
    """Each entry is a line of the footer: plain text, or a link to the record it names.
    The seeded entries have no record (tests/content/site.py, like the client's seed)."""
    seeded = content.SETTINGS["certifications"]
    footer = soup(client.get("/")).find("footer")
    items = footer.select(".certifications li")
    assert [text_of(item) for item in items] == seeded
    assert footer.select(".certifications a") == []

    site_settings = SiteSettings.objects.get()
    record = "https://example.org/registry/example-firm"
    site_settings.certifications = [
        ("certification", {"text": seeded[0], "url": record}),
        ("certification", {"text": seeded[1], "url": ""}),
    ]
    site_settings.save()
    items = soup(client.get("/")).find("footer").select(".certifications li")
    assert [text_of(item) for item in items] == seeded
    assert [(text_of(a), a["href"]) for a in items[0].find_all("a")] == [(seeded[0], record)]
    assert items[1].find("a") is None
