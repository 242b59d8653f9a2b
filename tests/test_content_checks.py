"""SEO and content checks in the guide editor: warnings an editor sees, never a block."""

import datetime

import pytest
import wagtail_factories
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from guides.models import FaqEntry, GuidePage
from tests.content import site as content
from tests.editor import edit_form_data
from tests.factories import StatisticFactory, add_page
from tests.html import soup, text_of

# Search results show a title with the organisation's name after it.
ORGANISATION = content.SETTINGS["organisation_name"]
GOOD_DESCRIPTION = (
    "A description of the right length: long enough to tell a searcher what the page covers, "
    "and short enough to show in full."
)


def text_of_words(count):
    """A paragraph of rich text of `count` words."""
    return "<p>" + " ".join(["Word"] * count) + "</p>"


# Enough words in the body that a guide is not thin (SiteSettings.thin_page_words).
COMPLETE = 300


def make_guide(
    slug="checked",
    *,
    faq_answer="<p>An answer.</p>",
    short_answer="A short answer.",
    words=COMPLETE,
    **fields,
):
    """A guide under the topic guide that passes every check, but for what `fields` change.
    Its body ends with a paragraph of `words` words, after the body `fields` give."""
    pillar = GuidePage.objects.get(url_path__endswith=content.TOPIC_URL)
    body = fields.pop(
        "body",
        [("heading", {"text": "First section", "level": "h2", "anchor": ""})],
    )
    values = {
        "title": "A guide of a sensible length",
        "summary": "Summary.",
        "search_description": GOOD_DESCRIPTION,
        "body": [*body, ("paragraph", text_of_words(words))] if words else body,
        **fields,
    }
    page = GuidePage(slug=slug, **values)
    entry = FaqEntry(question="Is this answered?", answer=faq_answer, short_answer=short_answer)
    page.faq_entries.add(entry)
    return add_page(pillar, page)


def warnings(client, page):
    html = soup(client.get(f"/admin/pages/{page.pk}/edit/"))
    panel = html.select_one("[data-content-checks]")
    assert panel is not None, "the checks panel is on the edit view"
    return [text_of(item) for item in panel.select("li")], text_of(panel)


def test_a_clean_guide_has_no_warnings(admin_client):
    items, text = warnings(admin_client, make_guide())
    assert items == []
    assert "No problems found" in text


@pytest.mark.parametrize("url", [content.TOPIC_URL, content.GUIDE_URL])
def test_loaded_guides_pass_the_title_and_description_checks(admin_client, url):
    """The loader gives each guide the SEO title and search description of its content
    spec, which are within the checks' lengths, and places each citation at its claim, so
    the only warnings left are the figures of the guide's table, which nobody has verified
    yet, the claim the spec marks as still needing a source, and what the content spec does
    not give the author (tests/test_profiles.py)."""
    items, text = warnings(admin_client, GuidePage.objects.get(url_path__endswith=url))
    assert "These are warnings only" in text or items == []
    figures = len(content.STATISTIC_ANCHORS)
    stale = [item for item in items if item.startswith(f"{figures} figures on this page are stale")]
    claims = [item for item in items if item.startswith("A claim needs a source:")]
    author = [item for item in items if item.startswith("The author has no ")]
    thin = [item for item in items if "Settings › Site settings call thin" in item]
    assert len(author) == 3
    assert [item for item in items if item not in stale + claims + author + thin] == []
    assert len(stale) == len(claims) == (1 if url == content.GUIDE_URL else 0)
    # The topic guide is an introduction and a list of its guides: thin, as the client's is.
    assert len(thin) == (1 if url == content.TOPIC_URL else 0)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"title": "X" * 70}, "characters long. Search engines cut titles after about 60"),
        ({"title": "Hi"}, f"is only {len('Hi | ' + ORGANISATION)} characters long"),
        (
            {"search_description": "", "summary": GOOD_DESCRIPTION},
            "The search description is missing, so the summary is used",
        ),
        ({"search_description": "", "summary": ""}, "There is no search description and no"),
        ({"search_description": "Too short."}, "The search description is only 10 characters"),
        ({"search_description": "Long " * 40}, "The search description is 199 characters long"),
    ],
)
def test_title_and_search_description(admin_client, fields, expected):
    items, _ = warnings(admin_client, make_guide(**fields))
    assert len(items) == 1
    assert expected in items[0]


def test_an_seo_title_replaces_the_long_title(admin_client):
    items, _ = warnings(
        admin_client, make_guide(title="X" * 70, seo_title="A short SEO title here")
    )
    assert items == []


def test_a_social_image_without_alt_text(admin_client):
    image = wagtail_factories.ImageFactory(title="Team photo", description="")
    items, _ = warnings(admin_client, make_guide(social_image=image))
    assert items == [
        "The social image “Team photo” has no alt text. Add a description to the image in Images."
    ]
    image.description = "The team at a whiteboard"
    image.save()
    assert warnings(admin_client, make_guide(slug="described", social_image=image))[0] == []


def test_a_sub_heading_before_any_section_heading(admin_client):
    body = [
        ("heading", {"text": "Too deep", "level": "h3", "anchor": ""}),
        ("heading", {"text": "Section", "level": "h2", "anchor": ""}),
    ]
    items, _ = warnings(admin_client, make_guide(body=body))
    assert items == [
        "The heading “Too deep” (H3) comes before any section heading (H2). "
        "Make it an H2, or add an H2 above it."
    ]


def test_a_rich_text_sub_heading_before_any_section_heading(admin_client):
    body = [("paragraph", "<h3>Inside text</h3><p>Text.</p>")]
    items, _ = warnings(admin_client, make_guide(body=body))
    assert any("“Inside text” (H3)" in item for item in items)


def test_an_empty_faq_answer(admin_client):
    items, _ = warnings(admin_client, make_guide(faq_answer="<p></p>"))
    assert items == [
        "The FAQ answer to “Is this answered?” is empty. Write one, or tick “Awaiting an "
        "answer” to keep the question back until it has one."
    ]


POINTS_ELSEWHERE = "The FAQ answer to “Is this answered?” only points to another page."
LINK = '<a href="https://example.org/pillar">the pillar guide</a>'


@pytest.mark.parametrize(
    "answer",
    [
        # The seed's first answer on cost: every sentence defers or links.
        f"<p>This guide doesn’t cover cost. What it costs lives in {LINK}. For how "
        f"engagements are set up, as an embedded role or a sprint, see {LINK}.</p>",
        f"<p>Nothing: see {LINK}.</p>",
        "<p>This guide does not go into that.</p>",
        f"<p>Yes, it does. See {LINK}.</p>",  # four words of its own: not an answer
        f"<ul><li>See {LINK}</li></ul>",
    ],
)
def test_an_answer_that_only_points_elsewhere(admin_client, answer):
    items, _ = warnings(admin_client, make_guide(faq_answer=answer))
    assert [item for item in items if item.startswith(POINTS_ELSEWHERE)] == [
        f"{POINTS_ELSEWHERE} Answer the question here, or tick “Awaiting an answer” to keep it "
        "back until it can be."
    ]


@pytest.mark.parametrize(
    "answer",
    [
        "<p>It depends on the stage of the pilot.</p>",
        f"<p>A neutral page the tests build. The broader idea is in {LINK}.</p>",
        # An answer that says what the guide says, then where the rest is.
        "<p>This guide doesn’t compare them line by line; its argument is about ownership. "
        f"One accountable owner closes most of the gaps. More in {LINK}.</p>",
    ],
)
def test_an_answer_that_answers_and_then_points_is_not_flagged(admin_client, answer):
    items, _ = warnings(admin_client, make_guide(faq_answer=answer))
    assert items == []


def test_an_entry_without_a_short_answer_and_a_short_answer_that_defers(admin_client):
    items, _ = warnings(admin_client, make_guide(short_answer=""))
    assert items == [
        "The FAQ entry “Is this answered?” has no short answer, so /faq/ repeats the first "
        "sentence of its answer word for word. Sum the answer up in other words."
    ]
    short = "The guide doesn’t cover it."
    items, _ = warnings(admin_client, make_guide("deferring", short_answer=short))
    assert items == [
        "The short answer to “Is this answered?” says it isn’t answered here. Sum up the "
        "answer in it: /faq/ shows it under the question."
    ]


def test_an_entry_awaiting_an_answer_is_not_checked(admin_client):
    page = make_guide(faq_answer="<p></p>", short_answer="")
    entry = page.faq_entries.get()
    entry.awaiting_answer = True
    entry.save()
    assert warnings(admin_client, page)[0] == []


def test_a_statistic_without_a_source_and_a_stale_one(admin_client):
    unsourced = StatisticFactory(
        figure="7%", finding="Unsourced", source=None, last_verified=timezone.localdate()
    )
    old = StatisticFactory(
        figure="9%",
        finding="Old",
        last_verified=timezone.localdate() - datetime.timedelta(days=400),
    )
    body = [
        ("heading", {"text": "Figures", "level": "h2", "anchor": ""}),
        ("statistics_table", {"caption": "Figures", "statistics": [unsourced, old], "note": ""}),
    ]
    items, _ = warnings(admin_client, make_guide(body=body))
    assert "The statistic “Unsourced” (7%) has no source." in items
    assert any(
        item.startswith("1 figure on this page is stale") and "9% (last verified" in item
        for item in items
    )


def test_warnings_never_stop_a_publish(admin_client):
    pillar = GuidePage.objects.get(url_path__endswith=content.TOPIC_URL)
    page = add_page(pillar, GuidePage(title="Draft with problems", slug="problems"), live=False)
    edit_url = f"/admin/pages/{page.pk}/edit/"
    data = edit_form_data(
        admin_client,
        page,
        body=[("heading", {"text": "Deep first", "level": "h3", "anchor": ""})],
        title="Y" * 80,
        search_description="",
    )
    data["faq_entries-TOTAL_FORMS"] = "1"
    data.update(
        {
            "faq_entries-0-question": "Empty?",
            "faq_entries-0-answer": rich_text(""),
            "faq_entries-0-anchor": "",
            "faq_entries-0-id": "",
            "faq_entries-0-ORDER": "1",
            "faq_entries-0-DELETE": "",
        }
    )
    data["action-publish"] = "action-publish"
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.live
    assert page.title == "Y" * 80
    items, _ = warnings(admin_client, page)
    assert len(items) >= 3
