"""The evidence under every claim: /evidence/, its CSV and its JSON list exactly the
statistics and sources of the live site, each guide's statistics table links it, and all
three follow every change an editor makes, through the page cache."""

import csv
import io
import json

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text, streamfield

from guides.models import EvidencePage, GuidePage, Statistic
from guides.usage import pages_referencing
from tests.content import site as content
from tests.editor import edit_form_data
from tests.factories import SourceFactory, StatisticFactory, build_guide, topic_guide
from tests.fixtures import GUIDE_URL
from tests.html import soup, text_of
from tests.test_statistics_table import guide_statistics, with_caveat_and_date

EVIDENCE_URL = "/evidence/"
CSV_URL = "/evidence.csv"
JSON_URL = "/evidence.json"
SITE = "https://localhost"


def evidence(client):
    """What the evidence page lists: {anchor: entry} for its figures and for its sources."""
    page = soup(client.get(EVIDENCE_URL))
    figures = page.select("#evidence-statistics ~ .evidence__entry")
    sources = page.select("#evidence-sources ~ .evidence__entry")
    return {entry["id"]: entry for entry in figures}, {entry["id"]: entry for entry in sources}


def csv_rows(client):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def json_document(client):
    response = client.get(JSON_URL)
    assert response.status_code == 200
    return json.loads(response.content)


def listed_figures(client):
    """The figures the page, the CSV and the JSON list, each as a list of figures."""
    figures, _sources = evidence(client)
    return (
        [text_of(entry.select_one(".evidence__figure")) for entry in figures.values()],
        [row["Figure"] for row in csv_rows(client)],
        [statistic["figure"] for statistic in json_document(client)["statistics"]],
    )


def facts(entry):
    """An entry's description list as {term: text}."""
    return {text_of(dt): text_of(dt.find_next_sibling("dd")) for dt in entry.select("dt")}


def the_cached(client, url):
    """Ask twice: the second answer comes from the page cache."""
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit", url
    return response


@pytest.fixture
def checked_statistic(db):
    """The guide's first statistic, with a caveat and a date last verified."""
    return with_caveat_and_date(guide_statistics()[0])


def test_the_table_links_to_the_evidence_page_only_while_it_is_live(client, db):
    more = soup(client.get(GUIDE_URL)).select_one("figure.stats + p.stats__more")
    assert more.a["href"] == EVIDENCE_URL
    assert text_of(more.a) == "all figures and sources"
    EvidencePage.objects.get().unpublish()
    assert soup(client.get(GUIDE_URL)).select_one(".stats__more") is None
    for url in [EVIDENCE_URL, CSV_URL, JSON_URL]:
        assert client.get(url).status_code == 404


# What the evidence page lists


def test_the_evidence_page_lists_exactly_the_live_statistics_and_sources(client, db):
    figures, sources = evidence(client)
    assert list(figures) == content.STATISTIC_ANCHORS
    cited = {url for url in (fields["url"] for fields in content.SOURCES.values())}
    assert {entry.h3.cite.a["href"] for entry in sources.values()} == cited
    # Each source once, by the name it is cited by.
    names = [text_of(entry.h3) for entry in sources.values()]
    assert names == sorted(names, key=str.casefold) and len(names) == len(cited)
    # The same sources the live guides cite in their tables and passages.
    live = {source.pk for guide in GuidePage.objects.live() for source in guide.specific.sources()}
    assert set(sources) == {f"source-{pk}" for pk in live}


def test_each_figure_has_every_fact_and_a_permalink(client, checked_statistic):
    figures, sources = evidence(client)
    guide = GuidePage.objects.get(url_path__endswith=GUIDE_URL)
    for statistic in guide_statistics():
        entry = figures[statistic.anchor]
        source = statistic.source
        assert text_of(entry.select_one(".evidence__figure")) == statistic.figure
        assert text_of(entry.h3) == f"{statistic.figure} {statistic.finding}"
        listed = facts(entry)
        assert listed["Source"] == source.name
        assert entry.select_one("dd cite a")["href"] == source.url
        assert listed["Published"] == f"{source.publisher}, {source.date_label}"
        assert listed.get("Method") == (source.method_note or None)
        assert listed.get("Caveat") == (statistic.caveat or None)
        assert listed["Used on"] == guide.title
        used_on = entry.find("dt", string="Used on").find_next_sibling("dd").a["href"]
        assert used_on == f"{GUIDE_URL}#{statistic.anchor}"
        status = text_of(entry.select_one(".evidence__status"))
        verified = "Verified 3 Mar 2026" if statistic.last_verified else "Not yet verified"
        assert status == f"{verified}. Link to this figure"
        assert entry.select_one(".evidence__status a")["href"] == f"#{statistic.anchor}"
        # Its source's entry links back to it.
        source_entry = sources[f"source-{source.pk}"]
        assert f"#{statistic.anchor}" in {a["href"] for a in source_entry.select("dd a")}
    for anchor, entry in sources.items():
        assert entry.select_one(".evidence__status a")["href"] == f"#{anchor}"
        assert facts(entry)["Cited on"] == guide.title


def test_a_statistic_on_a_draft_page_is_not_listed_until_it_is_published(client, db):
    draft = build_guide(topic_guide(), slug="draft-figures", size=1, live=False)
    statistic = Statistic.objects.latest("pk")
    for listed in listed_figures(client):
        assert statistic.figure not in listed
    draft.save_revision().publish()
    for listed in listed_figures(client):
        assert statistic.figure in listed


def test_a_draft_of_a_live_page_changes_nothing_until_it_is_published(client, guide):
    added = StatisticFactory(figure="1 of 9")
    table = {"caption": "Figures", "statistics": [*guide_statistics(), added], "note": ""}
    guide.body = [
        *((child.block_type, child.value) for child in guide.body),
        ("statistics_table", table),
    ]
    revision = guide.save_revision()
    for listed in listed_figures(client):
        assert "1 of 9" not in listed
    revision.publish()
    for listed in listed_figures(client):
        assert "1 of 9" in listed


def test_unpublishing_a_page_takes_away_its_only_statistic_and_source(client, db):
    page = build_guide(topic_guide(), slug="one-figure", size=1)
    statistic = Statistic.objects.latest("pk")
    the_cached(client, EVIDENCE_URL)
    figures, sources = evidence(client)
    assert statistic.anchor in figures and f"source-{statistic.source_id}" in sources
    assert facts(figures[statistic.anchor])["Used on"] == page.title
    page.unpublish()
    figures, sources = evidence(client)
    assert statistic.anchor not in figures and f"source-{statistic.source_id}" not in sources
    assert statistic.anchor not in {row["Permalink"].split("#")[1] for row in csv_rows(client)}
    document = json_document(client)
    assert statistic.anchor not in {s["anchor"] for s in document["statistics"]}
    assert statistic.source.url not in {s["url"] for s in document["sources"]}


def test_a_statistic_shown_on_two_pages_lists_both(client, db):
    shared = guide_statistics()[0]
    table = {"caption": "Figures", "statistics": [shared], "note": ""}
    other = topic_guide()
    other.body = [*((c.block_type, c.value) for c in other.body), ("statistics_table", table)]
    other.save_revision().publish()
    figures, sources = evidence(client)
    guide = GuidePage.objects.get(url_path__endswith=GUIDE_URL)
    assert facts(figures[shared.anchor])["Used on"] == f"{other.title}, {guide.title}"
    assert facts(sources[f"source-{shared.source_id}"])["Cited on"] == (
        f"{other.title}, {guide.title}"
    )
    row = next(row for row in csv_rows(client) if row["Figure"] == shared.figure)
    assert row["Used on"].split() == [f"{SITE}{content.TOPIC_URL}", f"{SITE}{GUIDE_URL}"]


def test_a_figure_whose_source_was_deleted_says_so(client, db):
    statistic = guide_statistics()[2]
    source_anchor = f"source-{statistic.source_id}"
    statistic.source.delete()
    figures, sources = evidence(client)
    assert facts(figures[statistic.anchor])["Source"] == "To be confirmed"
    assert "Published" not in facts(figures[statistic.anchor])
    assert source_anchor not in sources
    row = next(row for row in csv_rows(client) if row["Figure"] == statistic.figure)
    assert row["Source"] == row["Source URL"] == row["Publication date"] == ""
    listed = next(s for s in json_document(client)["statistics"] if s["anchor"] == statistic.anchor)
    assert listed["source"] is None


# Through the page cache


STATISTICS_URL = "/admin/snippets/guides/statistic/"
SOURCES_URL = "/admin/snippets/guides/source/"


def test_editing_a_figure_in_the_admin_changes_the_page_csv_and_json_at_once(
    admin_client, client, db
):
    for url in [EVIDENCE_URL, CSV_URL, JSON_URL]:
        the_cached(client, url)
    statistic = guide_statistics()[0]
    form = {
        "finding": statistic.finding,
        "figure": "≈71%",
        "source": statistic.source_id,
        "caveat": "",
        "last_verified": "",
        "anchor": statistic.anchor,
    }
    response = admin_client.post(f"{STATISTICS_URL}edit/{statistic.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    page, rows, document = listed_figures(client)
    assert page[0] == rows[0] == document[0] == "≈71%"
    assert statistic.figure not in page + rows + document
    assert "≈71%" in text_of(soup(client.get(GUIDE_URL)).select_one("figure.stats"))


def test_editing_a_source_in_the_admin_changes_the_evidence_page_at_once(admin_client, client, db):
    the_cached(client, EVIDENCE_URL)
    source = guide_statistics()[1].source
    assert not source.method_note
    form = {
        "publisher": source.publisher,
        "title": source.title,
        "cited_as": source.cited_as,
        "url": source.url,
        "publication_date": source.publication_date,
        "publication_date_label": source.publication_date_label,
        "method_note": "A review of ten example projects.",
    }
    response = admin_client.post(f"{SOURCES_URL}edit/{source.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    figures, sources = evidence(client)
    assert facts(sources[f"source-{source.pk}"])["Method"] == "A review of ten example projects."
    assert facts(figures[guide_statistics()[1].anchor])["Method"] == (
        "A review of ten example projects."
    )


def test_publishing_a_table_in_the_admin_adds_its_figures(admin_client, client, db):
    the_cached(client, EVIDENCE_URL)
    topic = topic_guide()
    added = StatisticFactory(figure="4 of 5")
    table = {
        "caption": "Figures",
        "statistics": streamfield([("item", added.pk)]),
        "note": rich_text(""),
    }
    data = edit_form_data(admin_client, topic, body=[("statistics_table", table)])
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{topic.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    figures, _sources = evidence(client)
    assert facts(figures[added.anchor])["Used on"] == topic.title


# The downloads


def test_the_csv_is_a_named_utf8_file_with_one_row_a_figure(client, checked_statistic):
    response = client.get(CSV_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert response["Content-Disposition"] == 'attachment; filename="example-firm-evidence.csv"'
    assert response["Link"] == f'<{SITE}{EVIDENCE_URL}>; rel="canonical"'
    assert response["X-Robots-Tag"] == "noindex"
    assert response.content.startswith("\ufeff".encode())  # for Excel
    rows = csv_rows(client)
    assert list(rows[0]) == [
        "Permalink",
        "Finding",
        "Figure",
        "Source",
        "Publisher",
        "Source URL",
        "Publication date",
        "Method note",
        "Caveat",
        "Last verified",
        "Used on",
    ]
    statistics = guide_statistics()
    assert [row["Permalink"] for row in rows] == [
        f"{SITE}{EVIDENCE_URL}#{statistic.anchor}" for statistic in statistics
    ]
    first, second = rows[0], rows[1]
    source = checked_statistic.source
    assert first == {
        "Permalink": f"{SITE}{EVIDENCE_URL}#{checked_statistic.anchor}",
        "Finding": checked_statistic.finding,
        "Figure": checked_statistic.figure,
        "Source": source.name,
        "Publisher": source.publisher,
        "Source URL": source.url,
        "Publication date": source.publication_date,
        "Method note": source.method_note,
        "Caveat": checked_statistic.caveat,
        "Last verified": "2026-03-03",
        "Used on": f"{SITE}{GUIDE_URL}",
    }
    assert second["Last verified"] == second["Caveat"] == second["Method note"] == ""


def test_the_csv_never_hands_a_spreadsheet_a_formula(client, db):
    planted = StatisticFactory(figure="=1+1", finding="@SUM(1+1)")
    planted.source = SourceFactory(publisher="+cmd", method_note="-2+3")
    planted.save()
    table = {"caption": "Figures", "statistics": [planted], "note": ""}
    guide = topic_guide()
    guide.body = [("statistics_table", table)]
    guide.save_revision().publish()
    row = next(row for row in csv_rows(client) if row["Figure"].endswith("=1+1"))
    assert (row["Figure"], row["Finding"], row["Publisher"], row["Method note"]) == (
        "'=1+1",
        "'@SUM(1+1)",
        "'+cmd",
        "'-2+3",
    )
    # The JSON, which no spreadsheet runs, keeps them as they are.
    statistic = next(
        s for s in json_document(client)["statistics"] if s["anchor"] == planted.anchor
    )
    assert statistic["figure"] == "=1+1"


def test_the_json_lists_statistics_and_sources_with_absolute_urls(client, checked_statistic):
    response = client.get(JSON_URL)
    assert response["Content-Type"] == "application/json"
    assert response["X-Robots-Tag"] == "noindex"
    document = json.loads(response.content)
    assert document["url"] == f"{SITE}{EVIDENCE_URL}"
    assert document["downloads"] == {"csv": f"{SITE}{CSV_URL}", "json": f"{SITE}{JSON_URL}"}
    first = document["statistics"][0]
    source = checked_statistic.source
    assert first == {
        "permalink": f"{SITE}{EVIDENCE_URL}#{checked_statistic.anchor}",
        "anchor": checked_statistic.anchor,
        "finding": checked_statistic.finding,
        "figure": checked_statistic.figure,
        "caveat": checked_statistic.caveat,
        "last_verified": "2026-03-03",
        "source": f"{SITE}{EVIDENCE_URL}#source-{source.pk}",
        "pages": [
            {
                "title": GuidePage.objects.get(url_path__endswith=GUIDE_URL).title,
                "url": f"{SITE}{GUIDE_URL}",
            }
        ],
    }
    assert [s["anchor"] for s in document["statistics"]] == content.STATISTIC_ANCHORS
    by_link = {entry["permalink"]: entry for entry in document["sources"]}
    cited = by_link[first["source"]]
    assert cited["url"] == source.url
    assert cited["name"] == source.name
    assert cited["publisher"] == source.publisher
    assert cited["publication_date"] == source.publication_date
    assert cited["method_note"] == source.method_note
    assert cited["statistics"] == [first["permalink"]]
    assert {entry["url"] for entry in document["sources"]} == {
        fields["url"] for fields in content.SOURCES.values()
    }
    # A source cited only in a passage has no statistics of its own.
    trial = next(s for s in document["sources"] if s["publisher"] == "Example Trial")
    assert trial["statistics"] == [] and trial["pages"][0]["url"] == f"{SITE}{GUIDE_URL}"


def test_the_evidence_page_links_its_downloads_and_llms_txt_links_all_three(client, db):
    page = soup(client.get(EVIDENCE_URL))
    links = {a["href"] for a in page.select(".evidence__downloads a")}
    assert links == {CSV_URL, JSON_URL}
    llms = client.get("/llms.txt").content.decode()
    evidence_page = EvidencePage.objects.get()
    assert f"## {evidence_page.title}" in llms
    for url in [f"{EVIDENCE_URL}index.html.md", CSV_URL, JSON_URL]:
        assert f"]({SITE}{url})" in llms, url
    # Listed once, in its own section, not again under "Optional".
    assert llms.count(f"{SITE}{EVIDENCE_URL}index.html.md") == 1


def test_the_evidence_page_s_markdown_copy_lists_the_same(client, checked_statistic):
    body = client.get(f"{EVIDENCE_URL}index.html.md").content.decode()
    assert f"### {checked_statistic.figure} {checked_statistic.finding}" in body
    assert f"[CSV]({SITE}{CSV_URL})" in body
    assert f"({SITE}{EVIDENCE_URL}#{checked_statistic.anchor})" in body
    assert checked_statistic.caveat in body


# Structured data


def test_the_evidence_page_is_a_dataset_with_its_downloads_and_citations(client, db):
    page = soup(client.get(EVIDENCE_URL))
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    webpage = next(node for node in graph if node["@type"] == "WebPage")
    dataset = next(node for node in graph if node["@type"] == "Dataset")
    assert webpage["mainEntity"] == {"@id": dataset["@id"]}
    assert dataset["@id"] == f"{SITE}{EVIDENCE_URL}#dataset"
    assert dataset["url"] == f"{SITE}{EVIDENCE_URL}"
    assert dataset["description"] == page.find("meta", attrs={"name": "description"})["content"]
    assert dataset["distribution"] == [
        {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": f"{SITE}{CSV_URL}"},
        {
            "@type": "DataDownload",
            "encodingFormat": "application/json",
            "contentUrl": f"{SITE}{JSON_URL}",
        },
    ]
    assert {work["url"] for work in dataset["citation"]} == {
        a["href"] for a in page.select("#evidence-sources ~ .evidence__entry h3 cite a")
    }


# The page type and the seed


def test_the_evidence_page_is_unique_under_the_home_page_and_in_the_sitemap(client, db):
    evidence_page = EvidencePage.objects.get()
    home = evidence_page.get_parent()
    assert home.specific_class.__name__ == "HomePage"
    assert not EvidencePage.can_create_at(home)
    assert not EvidencePage.can_create_at(topic_guide())
    assert f"{SITE}{EVIDENCE_URL}" in client.get("/sitemap.xml").content.decode()
    assert evidence_page.live and EvidencePage.objects.count() == 1


def test_an_editor_edits_the_introduction(admin_client, client, db):
    evidence_page = EvidencePage.objects.get()
    data = edit_form_data(admin_client, evidence_page)
    data["introduction"] = rich_text("<p>What this page is, in the editor’s words.</p>")
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{evidence_page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    intro = soup(client.get(EVIDENCE_URL)).select_one(".article__header .standfirst")
    assert text_of(intro) == "What this page is, in the editor’s words."
    assert Page.objects.get(pk=evidence_page.pk).live


def test_a_publish_shows_at_once_though_the_reference_index_lags(client, db, task_queue):
    """Production updates Wagtail's reference index in the task worker, after the publish
    has emptied the page cache; the evidence is read from the pages themselves, so a page
    rendered in between is already right."""
    the_cached(client, EVIDENCE_URL)
    build_guide(topic_guide(), slug="queued-figures", size=1)
    statistic = Statistic.objects.latest("pk")
    assert pages_referencing([statistic])[statistic.pk] == []  # the worker has not run
    figures, _sources = evidence(client)
    assert statistic.anchor in figures
