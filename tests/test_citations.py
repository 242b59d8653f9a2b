"""Every claim cited at the claim: a passage of the guide shows each source's citation link
right after the words it backs, a citation whose words are not in the passage shows after
it (and the checks before publishing say so), the Article's structured data lists every
source of the page once, and a claim still without a source is listed in the checks
before publishing and the content plan report."""

import json
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db.models import JSONField, Value
from wagtail.blocks.migrations.migrate_operation import MigrateStreamData
from wagtail.models import Revision
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import rich_text, streamfield

from guides.models import GuidePage, Source
from guides.usage import pages_referencing
from tests.content.site import CITED_PASSAGES, GUIDE_TEXT, GUIDE_URL, SOURCES, TOPIC_URL
from tests.editor import edit_form_data
from tests.factories import SourceFactory, add_page
from tests.fixtures import clear_caches
from tests.html import citation_after, soup, squeeze, text_of

LINES = [line.strip() for line in GUIDE_TEXT.read_text().splitlines() if line.strip()]
# Each claim of the tests' guide with the key of the source cited at it.
CLAIMS = [(key, claim) for passage in CITED_PASSAGES for key, claim in passage["citations"]]


def passage_with(page, phrase):
    """The paragraph or list item that holds a phrase, with anything cited after it."""
    node = page.find("article").find(string=lambda text: text and phrase in text)
    passage = node.find_parent(["li", "p"])
    return passage.find_parent("div", class_="cited") or passage


def links(node):
    return [a["href"] for a in node.select("cite a")]


def checks_before_publishing(admin_client, page):
    panel = soup(admin_client.get(f"/admin/pages/{page.pk}/edit/")).select_one(
        "[data-content-checks]"
    )
    # The author's profile has its own checks (tests/test_profiles.py), and so has the length
    # of the topic guide these tests edit, which is thin (tests/test_thin_pages.py).
    items = [text_of(item) for item in panel.select("li")]
    return [
        item
        for item in items
        if not item.startswith("The author has no ") and "Site settings call thin" not in item
    ]


@pytest.fixture
def page(client, db):
    return soup(client.get(GUIDE_URL))


@pytest.mark.parametrize(("key", "claim"), CLAIMS, ids=[claim for _, claim in CLAIMS])
def test_each_source_is_cited_right_after_the_claim_it_backs(page, key, claim):
    citation = citation_after(page.find("article"), claim)
    assert citation is not None, f"no citation right after {claim!r}"
    assert links(citation) == [SOURCES[key]["url"]]
    source = Source.objects.get(url=SOURCES[key]["url"])
    assert text_of(citation) == f"({source.publisher}, {source.date_label})"
    assert citation.time["datetime"] == SOURCES[key]["publication_date"]


def test_a_passage_citing_several_sources_shows_none_after_it(page):
    """Every citation of the passage was placed at its claim, so nothing follows it, and a
    reader sees four citations in it, each linking a different source."""
    passage = passage_with(page, "Read the figures as test data")
    assert passage.select(".citations") == []
    assert len(passage.select(".citation")) == 4
    assert len(set(links(passage))) == 4


def test_citing_changes_no_word_of_the_guides_text(page):
    for passage in CITED_PASSAGES:
        seed = next(line for line in LINES if passage["phrase"] in line)
        node = passage_with(page, passage["phrase"])
        for citations in node.select(".citations, .citation"):
            citations.decompose()
        expected = seed[2:] if seed.startswith("- ") else seed  # a list item loses its "- "
        assert squeeze(text_of(node)) == squeeze(expected)


def test_the_article_cites_every_source_of_the_page_once(page):
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    article = next(node for node in graph if node["@type"] == "Article")
    cited = [work["url"] for work in article["citation"]]
    visible = {a["href"] for a in page.select("article cite a")}
    assert set(cited) == visible == {fields["url"] for fields in SOURCES.values()}
    assert len(cited) == len(set(cited)) == len(SOURCES)
    trial = SOURCES["Example Trial (Jul 2025)"]
    work = next(work for work in article["citation"] if work["url"] == trial["url"])
    assert work["publisher"] == {"@type": "Organization", "name": trial["publisher"]}
    assert work["datePublished"] == trial["publication_date"]


def test_the_markdown_copy_carries_each_citation_at_its_claim(client, db):
    body = squeeze(client.get(GUIDE_URL + "index.html.md").content.decode())
    for key, claim in CLAIMS:
        source = Source.objects.get(url=SOURCES[key]["url"])
        link = f"([{source.publisher}, {source.date_label}]({source.url}))"
        at_claim = body[body.index(claim) + len(claim) :]
        assert at_claim.lstrip('.,”"').startswith(f" {link}"), (claim, at_claim[:120])


needing = next(passage for passage in CITED_PASSAGES if not passage["citations"])


def test_a_claim_without_a_source_is_listed_in_the_content_plan(admin_client, db):
    report = soup(admin_client.get("/admin/guide-reports/content-plan/needs-a-source/"))
    rows = [[text_of(td) for td in tr.select("td")] for tr in report.select("tbody tr")]
    assert len(rows) == 1
    guide, claim = rows[0]
    assert guide == GuidePage.objects.get(url_path__endswith=GUIDE_URL).title
    assert claim == needing["needs_source"]


def test_a_claim_without_a_source_is_listed_in_the_checks_before_publishing(admin_client, db):
    guide = GuidePage.objects.get(url_path__endswith=GUIDE_URL)
    flagged = [item for item in checks_before_publishing(admin_client, guide) if "claim" in item]
    assert flagged == [
        f"A claim needs a source: “{needing['needs_source']}”. Visitors see it without a "
        "citation. Find the source, add it to the passage’s citations, and clear “Needs a "
        "source”."
    ]


def publish_body(admin_client, guide, body):
    data = edit_form_data(admin_client, guide, body=body)
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{guide.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def cited_paragraph(html, *citations):
    return (
        "cited_paragraph",
        {
            "text": rich_text(html),
            "citations": streamfield(
                [("item", {"source": source.pk, "claim": claim}) for source, claim in citations]
            ),
            "needs_source": "",
        },
    )


def test_an_editor_cites_a_source_at_a_claim(admin_client, client, db):
    guide = GuidePage.objects.get(url_path__endswith=TOPIC_URL)
    source = Source.objects.get(publisher="Example Trial")
    text = "<p>Experienced developers were slower with AI tools. They expected otherwise.</p>"
    publish_body(admin_client, guide, [cited_paragraph(text, (source, "slower with AI tools"))])

    page = soup(client.get(TOPIC_URL))
    passage = passage_with(page, "slower with AI tools")
    assert text_of(passage) == (
        "Experienced developers were slower with AI tools (Example Trial, 10 Jul 2025). "
        "They expected otherwise."
    )
    assert links(citation_after(passage, "slower with AI tools")) == [source.url]
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    article = next(node for node in graph if node["@type"] == "Article")
    assert [work["url"] for work in article["citation"]] == [source.url]
    # Wagtail's reference index, which the admin's usage screens read, knows it too.
    assert guide.pk in [page.pk for page in pages_referencing([source])[source.pk]]
    assert checks_before_publishing(admin_client, guide) == []


def test_a_citation_whose_claim_is_not_in_the_passage_shows_after_it(admin_client, client, db):
    guide = GuidePage.objects.get(url_path__endswith=TOPIC_URL)
    found, missing, blank = SourceFactory(), SourceFactory(), SourceFactory()
    text = "<p>Teams ship <b>fewer</b> pilots than they start. Most stall.</p>"
    publish_body(
        admin_client,
        guide,
        [
            cited_paragraph(
                text,
                (found, "ship fewer pilots"),  # across the bold: found
                (missing, "pilots that never started"),
                (blank, ""),
            )
        ],
    )

    passage = passage_with(soup(client.get(TOPIC_URL)), "Most stall")
    assert links(citation_after(passage, "ship fewer pilots")) == [found.url]
    after = passage.select_one("p.citations")
    assert after is not None and links(after) == [missing.url, blank.url]
    assert text_of(after).startswith("Sources: ")
    assert checks_before_publishing(admin_client, guide) == [
        f"The citation of {missing.name} in the passage “Teams ship fewer pilots than they start. "
        "Most …” shows after the passage: the words of its claim, “pilots that never "
        "started”, were not found in the passage. Copy them from the passage exactly, so that "
        "it shows at its claim.",
        f"The citation of {blank.name} in the passage “Teams ship fewer pilots than they start. "
        "Most …” has no claim, so it shows after the passage. Add the words of the passage "
        "it backs, so that it shows at its claim.",
    ]


@pytest.mark.parametrize(
    ("html", "claim", "expected"),
    [
        # A claim that ends inside a link: the citation follows the link, never inside it.
        (
            '<p>See <a href="https://example.org/">the R&amp;D survey</a> for more.</p>',
            "See the R&D",
            'See <a href="https://example.org/">the R&amp;D survey</a>{cite} for more.',
        ),
        # Straight quotation marks and apostrophes find curly ones; the citation goes after
        # the closing quotation mark, not inside the quotation.
        (
            "<p>They call it “a rough count.” RAND’s figure stands.</p>",
            '"a rough count',
            "They call it “a rough count.”{cite} RAND’s figure stands.",
        ),
        # Markup-looking text stays text: escaped, and never matched as a tag.
        (
            "<p>Teams with &lt;b&gt;five&lt;/b&gt; pilots &amp; more.</p>",
            "<b>five</b> pilots",
            "Teams with &lt;b&gt;five&lt;/b&gt; pilots{cite} &amp; more.",
        ),
        # Never part of a word, nor across two paragraphs: it shows after the passage.
        ("<p>About 165 practitioners.</p>", "65 practitioners", None),
        ("<p>Ends one paragraph</p><p>starts another.</p>", "paragraph starts", None),
    ],
    ids=["inside-a-link", "quotation", "escaped", "part-of-a-word", "across-paragraphs"],
)
def test_a_citation_is_placed_without_breaking_the_passage(client, db, html, claim, expected):
    source = SourceFactory(publisher="Ex <Publisher> & Co", publication_date="2025-07")
    body = [
        (
            "cited_paragraph",
            {
                "text": RichText(html),
                "citations": [{"source": source, "claim": claim}],
                "needs_source": "",
            },
        )
    ]
    pillar = GuidePage.objects.get(url_path__endswith=TOPIC_URL)
    guide = add_page(pillar, GuidePage(title="Placement", slug="placement", body=body))
    response = client.get(guide.url)
    cite = (
        f'<span class="citation"> (<cite><a href="{source.url}">Ex &lt;Publisher&gt; &amp; Co, '
        '<time datetime="2025-07">Jul 2025</time></a></cite>)</span>'
    )
    passage = soup(response).select_one("article .cited")
    rendered = response.content.decode()
    if expected is None:
        assert cite not in rendered
        assert links(passage.select_one("p.citations")) == [source.url]
    else:
        assert f"<p>{expected.format(cite=cite)}</p>" in rendered
        assert passage.select_one("p.citations") is None


# guides/migrations/0011 turned each passage's list of sources into citations with no claim.
CITATIONS_MIGRATION = import_module("guides.migrations.0011_citations_at_claims").Migration
MIGRATION = next(
    operation
    for operation in CITATIONS_MIGRATION.operations
    if isinstance(operation, MigrateStreamData)
)


def stored_before_citations(first, second, third):
    """A guide's body as a database held it before citations had claims: a cited paragraph
    with two sources, a labelled list whose first item cites a source and whose second item
    needs one."""
    return [
        {
            "type": "cited_paragraph",
            "id": "passage",
            "value": {
                "text": "<p>Teams stall.</p>",
                "sources": [
                    {"type": "item", "value": first.pk, "id": "first"},
                    {"type": "item", "value": second.pk, "id": "second"},
                ],
                "needs_source": "",
            },
        },
        {
            "type": "labelled_list",
            "id": "list",
            "value": {
                "items": [
                    {
                        "type": "item",
                        "id": "cited",
                        "value": {
                            "lead": "Lead",
                            "text": "Cited item.",
                            "sources": [{"type": "item", "value": third.pk, "id": "third"}],
                        },
                    },
                    {
                        "type": "item",
                        "id": "uncited",
                        "value": {
                            "lead": "Other",
                            "text": "Uncited item.",
                            "sources": [],
                            "needs_source": "a claim without one",
                        },
                    },
                ]
            },
        },
    ]


def test_the_migration_keeps_every_source_a_passage_cited(admin_client, client, db):
    guide = GuidePage.objects.get(url_path__endswith=TOPIC_URL)
    first, second, third = SourceFactory.create_batch(3)
    guide.save_revision().publish()
    old = stored_before_citations(first, second, third)
    GuidePage.objects.filter(pk=guide.pk).update(body=Value(old, output_field=JSONField()))
    revision = Revision.objects.get(pk=guide.latest_revision_id)
    revision.content["body"] = json.dumps(old)
    revision.save(update_fields=["content"])

    MIGRATION.migrate_stream_data_forward(django_apps, None)

    clear_caches()
    page = soup(client.get(TOPIC_URL))
    passage = passage_with(page, "Teams stall.")
    assert links(passage.select_one("p.citations")) == [first.url, second.url]
    assert links(passage_with(page, "Cited item.").select_one(".citations")) == [third.url]
    guide.refresh_from_db()
    for body in (guide.body, guide.get_latest_revision_as_object().body):
        paragraph, listed = body[0].value, body[1].value["items"]
        assert [(c["source"], c["claim"]) for c in paragraph["citations"]] == [
            (first, ""),
            (second, ""),
        ]
        assert [c["source"] for c in listed[0]["citations"]] == [third]
        assert list(listed[1]["citations"]) == []
        assert listed[1]["needs_source"] == "a claim without one"
    # Each item keeps its id, so a link to the block in the editor still finds it.
    stored = GuidePage.objects.get(pk=guide.pk).body.raw_data
    assert [item["id"] for item in stored[0]["value"]["citations"]] == ["first", "second"]
    # The editor is asked to place each at its claim, and the uncited claim is listed.
    checks = checks_before_publishing(admin_client, guide)
    assert len([item for item in checks if "has no claim" in item]) == 3
    assert any("a claim without one" in item for item in checks)
