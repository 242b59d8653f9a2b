"""Site search: results, promotions, pagination, and hostile input of every kind."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

from guides.models import GuidePage
from pages.models import HomePage, StandardPage
from search.views import clean_query
from tests.content import site as content
from tests.factories import add_page
from tests.fixtures import SECOND_HOST
from tests.html import soup, text_of

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '"',
    "a\"b'c",
    "'; DROP TABLE wagtailcore_page; --",
    "' OR 1=1 --",
    "\x00",
    "nul\x00byte",
    "\x01\x1b[31m",
    "中文 ☃ 🚀 é",
    "NEAR( AND OR NOT *",
    "a* -b +c ^d :e",
    "%_%",
    "\\",
    "!!!",
    "{{ 7*7 }} {% debug %}",
    "x" * 5000,
]


def results_of(page):
    return page.select("ol.results > li")


def test_title_and_summary_matches_show_trail_summary_and_marked_extract(client, db):
    topic = GuidePage.objects.get(url_path__endswith=content.TOPIC_URL)
    guide = add_page(
        topic,
        GuidePage(
            title="Quokka governance",
            slug="quokka-governance",
            summary="Who decides what, among the quokkas.",
            body=[("paragraph", "<p>The colony settles its governance by a show of paws.</p>")],
        ),
    )
    response = client.get("/search/", {"q": "governance"})
    page = soup(response)
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert "no-store" in response["Cache-Control"]
    [result] = [r for r in results_of(page) if r.find("a", href=guide.url)]
    assert text_of(result.h3) == guide.title
    trail = text_of(result.select_one(".result__trail"))
    assert trail == f"Home › Guides › {topic.title}"
    assert guide.summary in text_of(result)
    extract = result.select_one(".result__extract")
    assert [text_of(mark).lower() for mark in extract.find_all("mark")] == ["governance"]


def test_faq_entries_are_searchable(client, db, guide):
    entry = guide.faq_entries.first()
    page = soup(client.get("/search/", {"q": entry.question}))
    assert any(r.find("a", href=guide.url) for r in results_of(page))


def test_a_match_in_the_title_ranks_above_one_in_the_body(client, db):
    home = HomePage.objects.get()
    body_only = add_page(
        home,
        StandardPage(
            title="Notes",
            slug="notes",
            body=[("paragraph", "<p>Quokka, quokka and once more quokka.</p>")],
        ),
    )
    titled = add_page(home, StandardPage(title="Quokka handbook", slug="quokka-handbook"))
    links = [r.h3.a["href"] for r in results_of(soup(client.get("/search/", {"q": "quokka"})))]
    assert links.index(titled.url) < links.index(body_only.url)


@pytest.fixture
def many_pages(db):
    home = HomePage.objects.get()
    return [
        add_page(home, StandardPage(title=f"Zebra crossing {n}", slug=f"zebra-{n}"))
        for n in range(13)
    ]


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("1", 1),
        ("2", 2),
        ("0", 2),
        ("-1", 2),
        ("99999", 2),
        ("abc", 1),
        ("1.5", 1),
        ("9" * 5000, 1),
        ("", 1),
        ("\x00", 1),
    ],
)
def test_page_numbers_of_any_kind_give_a_page(client, many_pages, number, shown):
    page = soup(client.get("/search/", {"q": "zebra", "page": number}))
    assert f"Page {shown} of 2" in text_of(page.find("nav", class_="pagination"))
    assert len(results_of(page)) == (10 if shown == 1 else 3)


def test_pagination_links_keep_the_query(client, many_pages):
    page = soup(client.get("/search/", {"q": "Zebra  crossing"}))
    link = page.find("a", rel="next")
    assert link["href"] == "?q=Zebra%20crossing&page=2"
    assert len(results_of(soup(client.get("/search/" + link["href"])))) == 3


def test_promoted_results_come_first_and_are_not_repeated(client, db, guide):
    engagements = Page.objects.get(slug="engagements")
    # Both pages match the query on their own.
    assert {engagements.url, guide.url} <= set(result_links(client, "example"))
    query = Query.objects.create(query_string="example")
    SearchPromotion.objects.create(query=query, page=engagements, description="How we work.")
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org/ai-governance",
        external_link_text="A primer on AI governance",
    )
    page = soup(client.get("/search/", {"q": "Example "}))
    promoted = page.find("section", class_="promotions")
    assert [a["href"] for a in promoted.find_all("a")] == [
        engagements.url,
        "https://example.org/ai-governance",
    ]
    assert not any(r.find("a", href=engagements.url) for r in results_of(page))
    assert any(r.find("a", href=guide.url) for r in results_of(page))


def test_an_empty_query_shows_the_empty_state(client, db):
    for params in ({}, {"q": ""}, {"q": "   "}, {"q": "\x00"}):
        page = soup(client.get("/search/", params))
        empty = page.find(class_="empty-state")
        assert "Type a word or two" in text_of(empty)
        assert empty.find("a", href="/guides/")


def test_a_query_with_no_match_says_so_and_links_the_guides(client, db):
    page = soup(client.get("/search/", {"q": "xylophonist"}))
    empty = page.find(class_="empty-state")
    assert "Nothing matched “xylophonist”" in text_of(empty)
    assert empty.find("a", href="/guides/")


def test_a_long_query_is_cut_and_the_page_says_so(client, db):
    page = soup(client.get("/search/", {"q": "pilot " * 50}))
    assert "longer than 200 characters" in text_of(page.find(class_="notice"))
    assert len(page.find("input", id="search-page-q")["value"]) == 200


def test_repeated_parameters_use_the_last_value(client, db, guide):
    page = soup(client.get("/search/?q=%3Cscript%3E&q=neutral&page=x&page=1"))
    assert page.find("input", id="search-page-q")["value"] == "neutral"
    assert any(r.find("a", href=guide.url) for r in results_of(page))


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_get_a_page_with_the_query_escaped(client, db, query):
    response = client.get("/search/", {"q": query, "page": "2"})
    page = soup(response)
    shown, _cut = clean_query(query)
    assert page.find("input", id="search-page-q")["value"] == shown
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html


@hypothesis_settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    query=st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
    number=st.one_of(
        st.none(),
        st.integers(min_value=-(10**12), max_value=10**12).map(str),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
    ),
)
def test_no_query_and_page_number_ever_causes_an_error(db, query, number):
    params = {"q": query} if number is None else {"q": query, "page": number}
    response = Client().get("/search/", params)
    page = soup(response)
    assert page.find("input", id="search-page-q")["value"] == clean_query(query)[0]


def result_links(client, query):
    return [r.h3.a["href"] for r in results_of(soup(client.get("/search/", {"q": query})))]


@pytest.mark.parametrize("query", ["example guide", "covers", "applies"])
def test_the_flagship_guide_ranks_first(client, db, guide, query):
    links = result_links(client, query)
    assert links and links[0] == guide.url, links


def test_the_contact_page_shows_only_when_nothing_else_matches(client, db):
    contact = Page.objects.get(slug="contact").specific
    contact.summary = "Write to us about your zygomorphic roadmap."
    contact.save_revision().publish()
    other = add_page(
        HomePage.objects.get(), StandardPage(title="Zygomorphic flowers", slug="flowers")
    )
    assert result_links(client, "zygomorphic") == [other.url]
    # Once the contact page is the only page with the word, it is the answer.
    other.unpublish()
    assert result_links(client, "zygomorphic") == ["/contact/"]


def test_a_search_lists_the_requesting_sites_pages_only(client, second_site):
    """Each Site's search finds its own pages, and promotes only them: a page under another
    Site's root is neither a result nor a promotion, whichever Site it is asked of."""
    home = Site.objects.get(is_default_site=True).root_page
    mine = add_page(home, StandardPage(title="Numbat notes", slug="n"))
    theirs = add_page(second_site["home"], StandardPage(title="Numbat survey", slug="survey"))
    query = Query.objects.create(query_string="numbat")
    for page in (mine, theirs):
        SearchPromotion.objects.create(query=query, page=page, description="Promoted.")

    def found(host, q, absent):
        response = client.get("/search/", {"q": q}, HTTP_HOST=host)
        html = response.content.decode()
        for words in absent:
            assert words not in html, (host, q, words)
        return [(text_of(a), a["href"]) for a in soup(response).select("main h3 a")]

    mine_absent, theirs_absent = ["Numbat notes"], ["Numbat survey", SECOND_HOST]
    assert found("localhost", "numbat", theirs_absent) == [("Numbat notes", "/n/")]
    assert found(SECOND_HOST, "numbat", mine_absent) == [("Numbat survey", "/survey/")]
    query.delete()
    assert found("localhost", "numbat", theirs_absent) == [("Numbat notes", "/n/")]
    assert found(SECOND_HOST, "numbat", mine_absent) == [("Numbat survey", "/survey/")]
    # The other Site's guide is not found (the page repeats the query, its title); on its own
    # Site it is, linked there.
    guide, url = second_site["guide"], "/guides/pillar/second-only/"
    assert guide.title not in dict(found("localhost", guide.title, [url, SECOND_HOST]))
    assert (guide.title, url) in found(SECOND_HOST, guide.title, [])
