"""Reads the client's text of the guide into body blocks, FAQ questions and table rows."""

import re
from dataclasses import dataclass, field

from django.utils.html import escape


@dataclass
class ParsedGuide:
    title: str
    blocks: list = field(default_factory=list)
    faq_questions: list = field(default_factory=list)
    table_rows: list = field(default_factory=list)


def table_cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_guide(text, content):
    """Split the guide into blocks, in order. Paragraphs keep their words exactly.

    `content` is the site's content spec (guides.content.site): it names the headings."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    guide = ParsedGuide(title=lines[0])
    guide.blocks.append(("definition", lines[1]))
    in_faq = False
    for line in lines[2:]:
        if in_faq and line.endswith("?"):
            guide.faq_questions.append(line)
        elif line in content.GUIDE_HEADINGS:
            guide.blocks.append(("heading", line))
            in_faq = False
        elif line == content.FAQ_HEADING:
            guide.blocks.append(("faq_section", line))
            in_faq = True
        elif line.startswith("- "):
            lead, _, rest = line[2:].partition(" — ")
            if not guide.blocks or guide.blocks[-1][0] != "labelled_list":
                guide.blocks.append(("labelled_list", []))
            guide.blocks[-1][1].append({"lead": lead, "text": rest})
        elif line.startswith("|"):
            cells = table_cells(line)
            if cells[0] == "Finding" or set("".join(cells)) <= {"-", ":"}:
                continue
            if not guide.blocks or guide.blocks[-1][0] != "statistics_table":
                guide.blocks.append(("statistics_table", guide.table_rows))
            guide.table_rows.append(cells)
        else:
            guide.blocks.append(("paragraph", line))
    return guide


PAGE_REFERENCE = re.compile(r"\[\[([\w-]+)\|(.+?)\]\]")


def link_pages(html, page_ids):
    """Turn ``[[key|text]]`` into Wagtail page links."""
    return PAGE_REFERENCE.sub(
        lambda match: f'<a linktype="page" id="{page_ids[match.group(1)]}">{match.group(2)}</a>',
        html,
    )


def paragraph_html(text, cross_references):
    """One paragraph of the guide as rich text, its cross-references marked as page links."""
    html = escape(text)
    for reference in cross_references:
        phrase, key = reference[0], reference[1]
        linked = reference[2] if len(reference) > 2 else phrase
        escaped = escape(phrase)
        if escaped in html:
            marked = escaped.replace(escape(linked), f"[[{key}|{escape(linked)}]]", 1)
            html = html.replace(escaped, marked, 1)
    return f"<p>{html}</p>"
