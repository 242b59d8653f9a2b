"""SEO and content checks on a guide: warnings in its editor, none blocking a save or publish."""

import re

from django.urls import reverse
from django.utils.html import format_html, strip_tags

from guides.models.faq import plain_text, sentences
from pages.blocks import body_text, rich_texts_in
from pages.models import SiteSettings
from pages.seo import DESCRIPTION_MAX, DESCRIPTION_MIN, TITLE_MAX, TITLE_MIN

# The address of the thin-page action's view (guides/hide_from_search.py), by its URL name.
HIDE_FROM_SEARCH = "guides_hide_from_search"
HEADING_TAG = re.compile(r"<(h[2-6])\b[^>]*>(.*?)</\1>", re.S | re.I)


def guide_warnings(page):
    """Every warning for a guide page, in the order the editor meets the fields."""
    site_settings = SiteSettings.for_default_site()
    return [
        *title_warnings(page, site_settings.organisation_name),
        *author_warnings(page),
        *description_warnings(page),
        *social_image_warnings(page),
        *heading_warnings(page),
        *faq_warnings(page),
        *citation_warnings(page),
        *statistic_warnings(page, site_settings.stale_after_days),
        *thin_page_warnings(page, site_settings.thin_page_words),
    ]


def guide_notes(page):
    """What the editor chose that readers feel, said where the checks are: not a warning."""
    if page.noindex:
        return [
            "This page is hidden from search engines: it says noindex, and the sitemap, "
            "llms.txt and the feed leave it out. Visitors still see it. Untick “Hide from "
            "search engines” on the Promote tab once it is complete."
        ]
    return []


def title_warnings(page, organisation_name):
    title = page.search_title(organisation_name)
    where = "the SEO title (Promote tab)" if page.seo_title else "the title"
    if len(title) > TITLE_MAX:
        fix = "" if page.seo_title else " Set a shorter SEO title on the Promote tab."
        return [
            f"The title in search results, “{title}”, is {len(title)} characters long. "
            f"Search engines cut titles after about {TITLE_MAX}.{fix}"
        ]
    if len(title) < TITLE_MIN:
        return [
            f"The title in search results, “{title}”, is only {len(title)} characters long. "
            f"Make {where} say more about the page."
        ]
    return []


def author_warnings(page):
    """What the byline's profile page still lacks, each with a link to its editor."""
    author = page.author
    if author is None:
        return []
    edit_url = reverse("wagtailadmin_pages:edit", args=[author.pk])
    return [
        format_html(
            'The author has {}. <a href="{}">Edit {}’s profile</a>.',
            missing,
            edit_url,
            author.name,
        )
        for missing in author.missing_details()
    ]


def description_warnings(page):
    description = (page.meta_description or "").strip()
    if not description:
        return [
            "There is no search description and no summary, so search engines will pick "
            "their own text. Write a search description on the Promote tab."
        ]
    warnings = []
    if not page.search_description.strip():
        warnings.append(
            "The search description is missing, so the summary is used in its place. "
            "Write one on the Promote tab."
        )
    if len(description) > DESCRIPTION_MAX:
        warnings.append(
            f"The search description is {len(description)} characters long. Search engines "
            f"show about {DESCRIPTION_MAX}; shorten it."
        )
    elif len(description) < DESCRIPTION_MIN:
        warnings.append(
            f"The search description is only {len(description)} characters long. Aim for "
            f"{DESCRIPTION_MIN} to {DESCRIPTION_MAX}."
        )
    return warnings


def social_image_warnings(page):
    image = page.social_image
    if image is not None and not (image.description or "").strip():
        return [
            f"The social image “{image.title}” has no alt text. Add a description to the "
            "image in Images."
        ]
    return []


def _headings(page):
    for child in page.body:
        toc_entries = getattr(child.block, "toc_entries", None)
        if toc_entries:  # heading blocks, as the table of contents reads them
            yield from ((entry["level"], entry["text"]) for entry in toc_entries(child.value))
        else:
            for rich_text in rich_texts_in(child.value):
                for level, text in HEADING_TAG.findall(rich_text or ""):
                    yield level.lower(), strip_tags(text).strip()


def heading_warnings(page):
    level, text = next(_headings(page), ("h2", ""))
    if level == "h2":
        return []
    return [
        f"The heading “{text}” ({level.upper()}) comes before any section heading "
        "(H2). Make it an H2, or add an H2 above it."
    ]


# A sentence that defers rather than answers: "This guide doesn't cover cost."
DEFERS = re.compile(
    r"\b(?:doesn[’']t|does not|don[’']t|do not|isn[’']t|is not|aren[’']t|are not|not)\s+"
    r"(?:cover|covered|answer|answered|go into|gone into|discuss|discussed)\b",
    re.IGNORECASE,
)
# Fewer words than this of its own, beside sentences that point elsewhere, and an answer
# only points elsewhere: "Nothing: see how the engagements work."
OWN_WORDS_MIN = 5
LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S | re.I)
LINK_START, LINK_END = "\x02", "\x03"


def points_elsewhere(answer):
    """Whether an answer only points elsewhere: sentences with a link or that defer, and the
    others under OWN_WORDS_MIN words (a quotation out of its page keeps only the link)."""
    marked = LINK.sub(lambda found: f"{LINK_START}{found.group(1)}{LINK_END}", str(answer or ""))
    pointing = own_words = 0
    for sentence in sentences(plain_text(marked)):
        if LINK_START in sentence or DEFERS.search(sentence):
            pointing += 1
        else:
            own_words += len(sentence.split())
    return pointing > 0 and own_words < OWN_WORDS_MIN


def faq_warnings(page):
    """An empty answer, one that only points elsewhere, and one that /faq/ would repeat."""
    warnings = []
    for entry in page.faq_entries.all():
        if entry.awaiting_answer:
            continue
        question = entry.question
        if not plain_text(entry.answer):
            warnings.append(
                f"The FAQ answer to “{question}” is empty. Write one, or tick “Awaiting an "
                "answer” to keep the question back until it has one."
            )
        elif points_elsewhere(entry.answer):
            warnings.append(
                f"The FAQ answer to “{question}” only points to another page. Answer the "
                "question here, or tick “Awaiting an answer” to keep it back until it can be."
            )
        elif DEFERS.search(entry.short_answer):
            warnings.append(
                f"The short answer to “{question}” says it isn’t answered here. Sum up the "
                "answer in it: /faq/ shows it under the question."
            )
        elif not entry.short_answer.strip():
            warnings.append(
                f"The FAQ entry “{question}” has no short answer, so /faq/ repeats the first "
                "sentence of its answer word for word. Sum the answer up in other words."
            )
    return warnings


def citation_warnings(page):
    """Claims still needing a source, and citations shown after their passage (citations.py)."""
    warnings = []
    for child in page.body:
        for claim in getattr(child.block, "missing_sources", lambda value: [])(child.value):
            warnings.append(
                f"A claim needs a source: “{claim}”. Visitors see it without a citation. Find "
                "the source, add it to the passage’s citations, and clear “Needs a source”."
            )
        unplaced = getattr(child.block, "unplaced_citations", lambda value: [])(child.value)
        for passage, citation in unplaced:
            where = f"The citation of {citation.source.name} in the passage “{passage}”"
            if citation.claim.strip():
                warnings.append(
                    f"{where} shows after the passage: the words of its claim, "
                    f"“{citation.claim}”, were not found in the passage. Copy them from the "
                    "passage exactly, so that it shows at its claim."
                )
            else:
                warnings.append(
                    f"{where} has no claim, so it shows after the passage. Add the words of the "
                    "passage it backs, so that it shows at its claim."
                )
    return warnings


def statistic_warnings(page, stale_after_days):
    warnings, stale = [], []
    for child in page.body:
        if child.block_type != "statistics_table":
            continue
        for statistic in child.value["statistics"]:
            if statistic is None:
                warnings.append(
                    f"A row of the table “{child.value['caption']}” points to a statistic "
                    "that was deleted. Remove the row or choose another statistic."
                )
                continue
            if statistic.source_id is None:
                warnings.append(
                    f"The statistic “{statistic.finding}” ({statistic.figure}) has no source."
                )
            if statistic.is_stale(stale_after_days) and statistic not in stale:
                stale.append(statistic)
    if stale:
        figures = "; ".join(
            f"{statistic.figure} (last verified {statistic.last_verified:%-d %b %Y})"
            if statistic.last_verified
            else f"{statistic.figure} (never verified)"
            for statistic in stale
        )
        warnings.append(
            f"{len(stale)} figure{'s' if len(stale) > 1 else ''} on this page "
            f"{'are' if len(stale) > 1 else 'is'} stale, not verified in the last "
            f"{stale_after_days} days: {figures}. Check each against its source, then update "
            "it or its date last verified in Guide content › Statistics."
        )
    return warnings


def thin_page_warnings(page, threshold):
    """An indexable guide under the thin-page threshold, with the action that hides it."""
    if page.noindex or page.pk is None:
        return []
    # The words a reader reads in the guide's body and the FAQ visitors see.
    words = len(f"{body_text(page)} {page.faq_search_text()}".split())
    if words >= threshold:
        return []
    return [
        format_html(
            "This page has {} word{} in its body and FAQ, under the {} that Settings › Site "
            "settings call thin. Search engines may count a thin page against the site, and "
            "a reader who finds it gets little. Complete it, or "
            '<a href="{}">hide it from search engines until complete</a>.',
            words,
            "" if words == 1 else "s",
            threshold,
            reverse(HIDE_FROM_SEARCH, args=[page.pk]),
        )
    ]
