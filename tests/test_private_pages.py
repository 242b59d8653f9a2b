"""Private means private everywhere: a page under a view restriction (a password, signing
in) is listed, linked and quoted by no other page, file or feed (pages/visibility.py)."""

import html
import re
from collections import deque
from urllib.parse import parse_qs, quote, urldefrag, urlsplit

import pytest
from django.conf import settings
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

from guides.models import FaqEntry, GuidePage, RelatedGuide
from pages.visibility import is_visible, visible_pages
from tests.factories import add_guide, page_link, topic_guide
from tests.fixtures import GUIDE_URL

BASE = "https://localhost"  # the tests' Site, which every absolute URL is made from
# Every address a visitor or a crawler starts from, besides the links found on the way.
START_URLS = [
    "/",
    "/sitemap.xml",
    "/robots.txt",
    "/llms.txt",
    "/llms-full.txt",
    "/feeds/guides/",
    "/faq/",
    "/evidence/",
    "/evidence.csv",
    "/evidence.json",
    "/.well-known/security.txt",
]
LINK = re.compile(
    r"""(?:href|src)=["']([^"']+)["']"""  # HTML, and the feed's links
    r"|https://localhost(/[^\s\"'<>)\]\\|]*)"  # absolute URLs in any file
    r"|\]\((/[^)\s]+)\)"  # markdown links
)
SKIP = ("/static/", "/media/", "/documents/", f"/{settings.ADMIN_PATH}/")
TEXT_TYPES = ("html", "xml", "text", "json", "markdown", "csv")


def restrict(page, kind):
    if kind == PageViewRestriction.PASSWORD:
        return PageViewRestriction.objects.create(page=page, restriction_type=kind, password="pw")
    return PageViewRestriction.objects.create(page=page, restriction_type=kind)


def readable(response):
    """A response's text with its headers, entities undone (twice: the feed's HTML content
    is escaped inside its XML) and white space collapsed, as a reader would search it."""
    text = response.content.decode()
    text = html.unescape(html.unescape(text))
    headers = " ".join(f"{name}: {value}" for name, value in response.headers.items())
    return " ".join(f"{headers} {text}".split())


def site_links(text):
    for match in LINK.finditer(text):
        href = html.unescape(next(group for group in match.groups() if group))
        if href.startswith(BASE):
            href = href[len(BASE) :]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith(SKIP):
            continue
        yield urldefrag(href)[0]


def crawl(client, extra=()):
    """{url: readable text} of every URL reachable from the start URLs and `extra`, and the
    markdown copy of every HTML page; no response may be a server error."""
    queue = deque([*START_URLS, *extra])
    seen, texts = set(queue), {}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code < 500, url
        content_type = response.get("Content-Type", "")
        if not any(kind in content_type for kind in TEXT_TYPES):
            continue
        texts[url] = readable(response)
        if url.startswith("/search/"):
            # A search page repeats its query; what matters is what it finds.
            query = parse_qs(urlsplit(url).query).get("q", [""])[0]
            texts[url] = texts[url].replace(query, "")
        found = list(site_links(texts[url]))
        if "html" in content_type and urlsplit(url).path.endswith("/"):
            found.append(urlsplit(url).path + "index.html.md")
        for link in found:
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return texts


def private_words(guide):
    """What is the guide's alone: its title, the sentence its definition opens with, its FAQ
    questions and the findings of its figures, each in the words a reader reads."""
    definition = html.unescape(
        re.sub(r"<[^>]+>", "", guide.lead_definition.value["definition"].source)
    )
    statistics = guide.body.first_block_by_name("statistics_table").value["statistics"]
    return [
        guide.title,
        definition.split(". ")[0],
        *guide.faq_entries.filter(awaiting_answer=False).values_list("question", flat=True),
        *(statistic.finding for statistic in statistics),
    ]


def searches(words):
    return [f"/search/?q={quote(word)}" for word in ["neutral", "promoted", *words]]


def add_neighbours(guide):
    """What else may show the guide, besides the tests' site: a public sibling guide that
    links to it in its text and lists it as related (and so in its read next), and an
    editor's search promotion of it."""
    sibling = add_guide(
        topic_guide(), "A sibling guide", text=f"<p>Read {page_link(guide, 'this one')}.</p>"
    )
    sibling.related_guides.add(RelatedGuide(guide=guide, sort_order=0))
    sibling.save_revision().publish()
    SearchPromotion.objects.create(query=Query.get("promoted"), page=guide, sort_order=0)


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_a_private_guide_leaves_no_word_or_link_on_any_url_a_visitor_can_reach(client, guide, kind):
    words = private_words(guide)
    assert len(words) >= 5  # a title, a definition, FAQ questions and figures
    add_neighbours(guide)

    # While the guide is public, each of its words is listed, quoted or indexed somewhere
    # other than its own pages: the FAQ hub, llms-full.txt, the evidence page, the feed...
    before = crawl(client, searches(words))
    elsewhere = {url: text for url, text in before.items() if not url.startswith(GUIDE_URL)}
    assert GUIDE_URL in before
    for word in words:
        assert [url for url, text in elsewhere.items() if word in text], word
    assert any(GUIDE_URL in text for text in elsewhere.values())

    restrict(guide, kind)
    after = crawl(client, searches(words))
    leaks = [
        (url, word) for url, text in after.items() for word in [*words, GUIDE_URL] if word in text
    ]
    assert leaks == []
    assert GUIDE_URL not in after and f"{GUIDE_URL}index.html.md" not in after
    assert len(after) > 20, sorted(after)  # the rest of the site is still crawled
    # The page itself answers only those its restriction lets in.
    response = client.get(GUIDE_URL)
    assert words[1] not in readable(response)
    assert client.get(f"{GUIDE_URL}index.html.md").status_code == 404


def test_a_private_profile_is_named_but_not_linked(client, guide):
    """The byline, the feed, the markdown copy and the structured data name the author; none
    links to a profile visitors cannot see, and /about/ no longer lists it."""
    author = guide.author
    listing = ["/about/", "/feeds/guides/", f"{GUIDE_URL}index.html.md", "/sitemap.xml"]
    for url in [GUIDE_URL, *listing]:
        assert author.url in readable(client.get(url)), url
    restrict(author, PageViewRestriction.LOGIN)
    page = readable(client.get(GUIDE_URL))
    assert f'<span class="byline__author">{author.name}</span>' in page
    assert author.url not in page
    for url in listing:
        assert author.url not in readable(client.get(url)), url


@pytest.fixture
def tree(db):
    """The topic guide (a pillar), the example guide under it, and the assessment under
    that: three generations."""
    guide = GuidePage.objects.get(url_path__endswith=GUIDE_URL)
    return topic_guide(), guide, guide.get_children().get()


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_a_restriction_hides_its_page_and_every_page_below_it(tree, kind):
    pillar, guide, assessment = tree
    assert all(is_visible(page) for page in tree)
    restrict(guide, kind)

    visible = set(visible_pages().values_list("pk", flat=True))
    assert pillar.pk in visible
    assert guide.pk not in visible and assessment.pk not in visible
    assert [is_visible(page) for page in tree] == [True, False, False]
    # Any queryset of pages, of any type, and through a related row.
    assert not visible_pages(GuidePage.objects.filter(pk=guide.pk)).exists()
    assert visible_pages(GuidePage.objects.filter(pk=pillar.pk)).exists()
    assert guide.faq_entries.exists()
    assert not FaqEntry.objects.filter(page__in=visible_pages(), page=guide).exists()


def test_a_restriction_on_an_ancestor_hides_the_pages_below(tree):
    pillar, guide, assessment = tree
    restrict(pillar, PageViewRestriction.LOGIN)
    assert [is_visible(page) for page in tree] == [False, False, False]
    assert not visible_pages(Page.objects.filter(pk__in=[p.pk for p in tree])).exists()
    # The rest of the site is untouched.
    assert is_visible(pillar.get_parent()) and is_visible(Page.objects.get(slug="faq"))

    PageViewRestriction.objects.filter(page=pillar).delete()
    assert [is_visible(page) for page in tree] == [True, True, True]


def test_the_rule_is_wagtails_live_and_public(tree):
    """visible_pages() is Wagtail's `.live().public()` (which the sitemap uses) as one
    subquery, whatever is restricted: a leaf, a section, or several."""
    pillar, guide, assessment = tree
    for page in [assessment, pillar, Page.objects.get(slug="faq")]:
        restrict(page, PageViewRestriction.PASSWORD)
        assert set(visible_pages()) == set(Page.objects.live().public())
        assert set(visible_pages(GuidePage.objects)) == set(GuidePage.objects.live().public())


def test_a_draft_and_nothing_are_not_visible(db):
    planned = GuidePage.objects.get(slug="planned-guide")
    assert not planned.live
    assert not is_visible(planned)
    assert not visible_pages(GuidePage.objects.filter(pk=planned.pk)).exists()
    assert not is_visible(None)
