"""Internal links: orphan pages and sentences naming a page without linking it."""

from wagtail.admin.ui.tables import Column

from guides.link_suggestions import Suggester
from guides.links import live_pages, orphan_pages
from guides.models import GuidePage
from pages.admin_reports import ReportTableView

from .base import PAGE_COLUMNS, PageColumn


class SentenceColumn(Column):
    """A suggestion's sentence, with the words to link marked."""

    cell_template_name = "guides/admin/sentence_cell.html"


class OrphanPagesReportView(ReportTableView):
    """Live pages that no other live page links to."""

    tab_label = "Orphan pages"
    help_text = (
        "Live pages that no other live page links to in its text, related guides or "
        "page choosers. Pages in the menu, the privacy page and the contact page count as "
        "linked, as every page links to them; lists made from the page tree do not. Link "
        "each page below from the pages about the same subject: a cluster guide from its "
        "pillar, and back."
    )
    no_results_message = "Every live page has a link from another live page."
    columns = PAGE_COLUMNS

    def get_queryset(self):
        return orphan_pages(live_pages())


class LinkSuggestionsReportView(ReportTableView):
    """For every live guide, other live pages that its text names without a link."""

    tab_label = "Link suggestions"
    slug = "suggestions"
    help_text = (
        "Sentences in live guides that name another live page, by its title or key phrase, "
        "where the guide does not link to that page yet. Open the guide, find the sentence "
        "and link the words to the page. A guide’s editor lists its own suggestions too."
    )
    no_results_message = "No suggestions: every live page a guide names is linked from it."
    columns = [
        PageColumn("page", label="Guide"),
        Column("where", label="Where"),
        SentenceColumn("sentence", label="Sentence"),
        PageColumn("target", label="Link to"),
    ]

    def get_queryset(self):
        pages = live_pages()
        suggester = Suggester.for_live_pages(pages)
        guides = [page for page in pages if isinstance(page, GuidePage)]
        return [suggestion for guide in guides for suggestion in suggester.suggestions_for(guide)]
