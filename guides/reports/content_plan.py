"""The content plan and links report's six tables, and “Check links now”."""

from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.views import View
from django_tasks import TaskResultStatus
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.models import Page

from guides.links import broken_internal_links
from guides.models import FaqEntry, GuidePage, ProfilePage, Source
from guides.panels import snippet_url
from guides.tasks import check_all_links
from pages.admin_reports import ReportTableView, page_edit_url

from .base import PAGE_COLUMNS, PageColumn, PagesColumn, ReferencedMixin


class PlannedPagesReportView(ReferencedMixin, ReportTableView):
    """The drafts of the content plan, and the live pages that already link to them."""

    tab_label = "Planned pages"
    help_text = (
        "Drafts that have never been published. A link to one from a live page shows as "
        "plain text until it is published, then becomes a link by itself."
    )
    no_results_message = "No planned pages: every page has been published."
    live_pages_only = True
    columns = [
        *PAGE_COLUMNS,
        PagesColumn("referenced_by", label="Linked from live pages", empty="Not linked yet"),
    ]

    def get_queryset(self):
        return (
            Page.objects.filter(live=False, first_published_at__isnull=True)
            .order_by("path")
            .specific(defer=True)
        )


@dataclass(frozen=True)
class Claim:
    page: Page
    claim: str


class NeedsASourceReportView(ReportTableView):
    """Claims that editors marked in a guide as still needing a source."""

    tab_label = "Needs a source"
    slug = "needs-a-source"
    help_text = (
        "Claims in a guide that no source backs yet, marked “Needs a source” on their "
        "passage. Find the source, add it to the passage’s citations, and clear the mark. Visitors "
        "see the passage without a citation until then."
    )
    no_results_message = "Every claim marked in a guide has a source."
    columns = [PageColumn("page", label="Page"), Column("claim", label="Claim")]

    def get_queryset(self):
        guides = GuidePage.objects.order_by("path")
        return [Claim(guide, claim) for guide in guides for claim in guide.missing_sources()]


class AwaitingAnswersReportView(ReportTableView):
    """FAQ questions that editors hold back until they have an answer."""

    tab_label = "Awaiting an answer"
    slug = "awaiting-an-answer"
    help_text = (
        "FAQ questions marked “Awaiting an answer” on their guide. Visitors, search engines, "
        "the markdown copy and the FAQ page don’t see them. Write the answer from what the "
        "guide says, or from a page that covers it, then clear the mark."
    )
    no_results_message = "No FAQ question is awaiting an answer."
    columns = [PageColumn("page", label="Page"), Column("question", label="Question")]

    def get_queryset(self):
        return (
            FaqEntry.objects.filter(awaiting_answer=True)
            .select_related("page")
            .order_by("page__path", "sort_order")
        )


class AuthorProfilesReportView(ReportTableView):
    """Authors whose profile page still lacks details, with the guides of their byline."""

    tab_label = "Author profiles"
    slug = "author-profiles"
    help_text = (
        "Every byline links to its author’s profile page, and search engines read who wrote "
        "a guide from it. These profiles still lack a personal name (the name is the "
        "placeholder the site was seeded with), a photo or a profile link. Open the author "
        "to add what is missing."
    )
    no_results_message = "Every author’s profile has a personal name, a photo and a profile link."
    columns = [
        PageColumn("profile", label="Author"),
        Column("missing", label="Missing"),
        PagesColumn("guides", label="Guides with this byline", empty="No guide yet"),
    ]

    def get_queryset(self):
        guides = Prefetch("guides", queryset=GuidePage.objects.order_by("path"))
        profiles = ProfilePage.objects.order_by("path").prefetch_related(guides)
        return [
            SimpleNamespace(
                profile=profile,
                guides=list(profile.guides.all()),
                missing="; ".join(missing).capitalize(),
            )
            for profile in profiles
            if (missing := profile.missing_details())
        ]


class BrokenLinksReportView(ReportTableView):
    """Links on live pages to pages that were deleted or unpublished."""

    tab_label = "Links to pages no longer live"
    slug = "no-longer-live"
    help_text = (
        "These live pages link to pages that were deleted or unpublished. Visitors see the "
        "link text without a link. Choose another page, or remove the link."
    )
    no_results_message = "No live page links to a deleted or unpublished page."
    columns = [
        PageColumn("page", label="Page"),
        Column("where", label="Where"),
        TitleColumn(
            "linked_page",
            label="Links to",
            get_url=lambda link: link.unpublished_page and page_edit_url(link.unpublished_page),
        ),
        Column("state", label="Now"),
    ]

    def get_queryset(self):
        return broken_internal_links()


def link_check_result(source):
    """What a source's link last answered, in the Sources list and the source links report."""
    check = getattr(source, "link_check", None)
    return check.result if check else "Not checked yet"


@dataclass(frozen=True)
class SourceLink:
    source: Source
    check: object  # its SourceLinkCheck, or None

    @property
    def result(self):
        result = link_check_result(self.source)
        if self.check and self.check.is_outdated():
            result += " (the link changed after this check)"
        return result

    @property
    def detail(self):
        """What the checker met, for a broken link: “HTTP 404”, or the error's own text."""
        return self.check.detail if self.check and not self.check.is_ok else ""

    @property
    def checked(self):
        return date_format(self.check.checked_at, "j M Y, H:i") if self.check else ""

    @property
    def rank(self):
        """Broken links first, then links never checked, then the ones that answer."""
        if self.check is None:
            return 1
        return 2 if self.check.is_ok else 0


class SourceLinksReportView(ReportTableView):
    """The last result of every source's link, broken ones first, and “Check links now”."""

    tab_label = "Source links"
    slug = "source-links"
    results_template_name = "guides/admin/source_links_results.html"
    no_results_message = "No source has a link."
    columns = [
        TitleColumn("source", label="Source", get_url=lambda row: snippet_url(row.source, "edit")),
        Column("source.url", label="Link", classname="wrap-anywhere"),
        Column("result", label="Result"),
        Column("detail", label="Details"),
        Column("checked", label="Checked"),
    ]

    def get_queryset(self):
        sources = Source.objects.exclude(url="").select_related("link_check")
        links = [SourceLink(source, getattr(source, "link_check", None)) for source in sources]
        return sorted(links, key=lambda link: (link.rank, link.source.name.lower()))

    @property
    def help_text(self):
        checks = [link.check for link in self.object_list if link.check]
        if not checks:
            return "The links have not been checked yet."
        broken = sum(not check.is_ok for check in checks)
        last = date_format(max(check.checked_at for check in checks), "j M Y, H:i")
        if not broken:
            return f"Last checked {last}: every link checked works."
        links = "link" if len(checks) == 1 else "links"
        count = f"all {broken}" if broken == len(checks) > 1 else f"{broken} of {len(checks)}"
        verb = "is" if broken == 1 else "are"
        return (
            f"Last checked {last}: {count} {links} {verb} broken, listed first. "
            "Open a source to correct its link, or link another copy of the report."
        )


REPORT_URL_NAME = "guides_reports:content_plan_source_links"


class CheckLinksNowView(View):
    """POST: queue the check and go back to the report. GET: just the report."""

    def dispatch(self, request, *args, **kwargs):
        if not SourceLinksReportView.may_read(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return redirect(REPORT_URL_NAME)

    def post(self, request):
        result = check_all_links.enqueue()
        if not result.is_finished:
            messages.success(
                request,
                "The links are being checked in the background. Reload this page in a "
                "minute or two to see the results.",
            )
        elif result.status == TaskResultStatus.FAILED:
            messages.error(request, "The links could not be checked. Try again later.")
        else:
            messages.success(request, checked_message(**result.return_value))
        return redirect(REPORT_URL_NAME)


def checked_message(checked, broken):
    if not checked:
        return "No source has a link to check."
    links = f"{checked} link{'s' if checked != 1 else ''}"
    if not broken:
        return f"Checked {links}: every one works."
    if broken == checked:
        return (
            f"Checked {links}: none works. If each says the address could not be found, "
            "this computer may be offline."
        )
    return f"Checked {links}: {broken} {'is' if broken == 1 else 'are'} broken, listed first."
