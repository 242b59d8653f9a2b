"""A link to a page that is not live reads as prose wherever rich text is shown: in a rich
text block, in a FAQ answer, in the FAQPage structured data and in the markdown copy,
and becomes a link everywhere at once when the page is published (pages/richtext.py)."""

import json

from wagtail.models import Page

from pages.models import StandardPage
from tests.factories import add_page, build_guide, topic_guide
from tests.html import soup, text_of


def faq_answers_in_json_ld(page):
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    faq = next(node for node in graph if node["@type"] == "FAQPage")
    return [question["acceptedAnswer"]["text"] for question in faq["mainEntity"]]


def test_every_rendering_of_rich_text_reads_a_draft_link_as_prose(client, db):
    home = Page.objects.get(depth=2)
    draft = add_page(home, StandardPage(title="Draft page", slug="draft-page"), live=False)
    guide = build_guide(topic_guide(), slug="with-draft-links", size=2, link_to=draft)

    page = soup(client.get(guide.url))
    article = page.find("article")
    assert not [a for a in article.find_all("a") if a.get("href") in (draft.url, None)]
    assert "Body text with a link." in text_of(article)
    answers = [text_of(answer) for answer in page.select(".faq__entry .prose")]
    assert answers == ["Answer a link.", "Answer a link."]
    assert faq_answers_in_json_ld(page) == ["<p>Answer a link.</p>", "<p>Answer a link.</p>"]
    copy = client.get(guide.url + "index.html.md").content.decode()
    assert "Body text with a link." in copy
    assert copy.count("Answer a link.") == 2
    assert "draft-page" not in copy

    draft.save_revision().publish()
    page = soup(client.get(guide.url))
    assert len(page.find("article").find_all("a", href=draft.url, string="a link")) == 3
    linked = f'<p>Answer <a href="{draft.url}">a link</a>.</p>'
    assert faq_answers_in_json_ld(page) == [linked, linked]
    copy = client.get(guide.url + "index.html.md").content.decode()
    assert copy.count("[a link](http") == 3
