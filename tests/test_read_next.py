"""The one "read next" list at the foot of a guide: the editor's related guides first, in
their order, then the pillar's other live clusters in the page tree's order; each once,
live ones only, never the page itself."""

import json

import pytest
from wagtail.models import Page

from guides.models import GuideIndexPage, GuidePage, RelatedGuide
from guides.models.pages import in_a_sentence
from tests.content import site as content
from tests.factories import add_page, topic_guide
from tests.fixtures import clear_caches
from tests.html import soup, text_of

TOPIC_TITLE = next(spec[4] for spec in content.PAGES if spec[0] == "topic")


def listed(client, page):
    """The heading and the titles of the page's "read next" list, as a visitor sees them."""
    section = soup(client.get(page.url)).select_one("#related")
    if section is None:
        return None, []
    return text_of(section.h2), [text_of(h3) for h3 in section.select(".card__title")]


def article_node(client, url):
    script = soup(client.get(url)).find("script", type="application/ld+json")
    return next(node for node in json.loads(script.string)["@graph"] if node["@type"] == "Article")


def cluster(title, live=True):
    return add_page(topic_guide(), GuidePage(title=title, slug=title.lower()), live=live)


def relate(page, *guides):
    for n, guide in enumerate(guides):
        page.related_guides.add(RelatedGuide(guide=guide, sort_order=n))
    page.save_revision().publish()
    return GuidePage.objects.get(pk=page.pk)


@pytest.fixture
def siblings(db):
    """Three live clusters of the topic guide, in the page tree's order, and a draft."""
    return [cluster("Alpha"), cluster("Bravo"), cluster("Charlie"), cluster("Draft", live=False)]


def test_a_published_cluster_that_is_also_related_is_listed_once(client, guide):
    planned = GuidePage.objects.get(slug="planned-guide")  # a sibling, and a related guide
    assert listed(client, guide) == (None, [])  # while it is a draft, nothing at all
    planned.save_revision().publish()
    heading, titles = listed(client, guide)
    assert titles == [planned.title]
    html = client.get(guide.url).content.decode()
    assert html.count(f">{planned.title}</a>") == 1
    assert heading == "More in the topic guide"


def test_the_editor_s_order_first_then_the_page_tree_s(client, guide, siblings):
    alpha, bravo, charlie, draft = siblings
    guide = relate(guide, charlie, draft, alpha)
    _heading, titles = listed(client, guide)
    # Charlie and Alpha as the editor ordered them, then Bravo, the sibling not yet listed.
    assert titles == ["Charlie", "Alpha", "Bravo"]
    # The editor drags Alpha to the top of the related guides.
    RelatedGuide.objects.filter(page=guide, guide=alpha).update(sort_order=-1)
    clear_caches()
    assert listed(client, guide)[1] == ["Alpha", "Charlie", "Bravo"]


def test_drafts_and_the_page_itself_are_never_listed(client, guide, siblings):
    *_live, draft = siblings
    guide = relate(guide, draft, guide)
    _heading, titles = listed(client, guide)
    assert "Draft" not in titles
    assert guide.title not in titles
    assert len(titles) == len(set(titles))
    draft.save_revision().publish()
    assert "Draft" in listed(client, guide)[1]
    GuidePage.objects.get(pk=draft.pk).unpublish()
    assert "Draft" not in listed(client, guide)[1]


def test_a_guide_beyond_the_pillar_makes_the_heading_read_next(client, guide, siblings):
    assert listed(client, guide)[0] == "More in the topic guide"
    elsewhere = GuidePage.objects.get(slug="another-planned-guide")  # a pillar, related
    elsewhere.save_revision().publish()
    heading, titles = listed(client, guide)
    assert heading == "Read next"
    assert titles == [elsewhere.title, "Alpha", "Bravo", "Charlie"]


def test_a_pillar_lists_its_clusters_once_and_then_its_other_related_guides(client, siblings):
    alpha, *_rest = siblings
    elsewhere = GuidePage.objects.get(slug="another-planned-guide")
    elsewhere.save_revision().publish()
    pillar = relate(topic_guide(), alpha, elsewhere)
    page = soup(client.get(pillar.url))
    series = [text_of(h3) for h3 in page.select("[aria-labelledby=clusters-heading] h3")]
    assert "Alpha" in series
    assert listed(client, pillar) == ("Read next", [elsewhere.title])


def test_the_markdown_copy_lists_the_same_guides_under_the_same_heading(client, guide, siblings):
    alpha, bravo, charlie, _draft = siblings
    guide = relate(guide, charlie)
    copy = client.get(guide.url + "index.html.md").content.decode()
    section = copy[copy.index("## More in the topic guide") :]
    links = [line.split("](")[0].lstrip("- [") for line in section.splitlines()[1:] if line]
    assert links == ["Charlie", "Alpha", "Bravo"]


def test_the_structured_data_keeps_the_series_from_the_page_tree(client, guide, siblings):
    """isPartOf and hasPart come from the tree, whatever the related guides say."""
    guide = relate(guide, siblings[2])
    article = article_node(client, guide.url)
    assert article["isPartOf"]["headline"] == TOPIC_TITLE
    pillar = article_node(client, topic_guide().url)
    live_clusters = [page.title for page in topic_guide().clusters()]
    assert [part["headline"] for part in pillar["hasPart"]] == live_clusters
    assert "Draft" not in live_clusters


@pytest.mark.parametrize(
    ("title", "in_text"),
    [
        ("The fractional CTO guide", "the fractional CTO guide"),
        ("A field guide", "a field guide"),
        ("An AI agents guide", "an AI agents guide"),
        ("AI agents", "AI agents"),
        ("Cloudflare", "Cloudflare"),
        ("Theory of constraints", "Theory of constraints"),
        ("The", "The"),
    ],
)
def test_a_title_reads_naturally_inside_a_heading(title, in_text):
    assert in_a_sentence(title) == in_text


def test_the_seeded_pillar_s_heading_reads_naturally(db):
    """The client's pillar, "The fractional CTO guide", as the heading names it."""
    pillar = GuidePage(title="The fractional CTO guide", slug="fractional-cto")
    add_page(GuideIndexPage.objects.get(), pillar)
    child = add_page(pillar, GuidePage(title="One cluster", slug="one-cluster"))
    add_page(pillar, GuidePage(title="Another cluster", slug="another-cluster"))
    read_next = Page.objects.get(pk=child.pk).specific.read_next()
    assert read_next["heading"] == "More in the fractional CTO guide"
    assert [page.title for page in read_next["guides"]] == ["Another cluster"]
