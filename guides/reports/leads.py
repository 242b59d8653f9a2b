"""Leads: their sources, the guides that led to them, and the funnel, over a chosen period."""

from collections import Counter

import django_filters
from django.db.models import Count, Sum
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.models import Site

from analytics.goals import GOALS
from analytics.models import GoalDay, PageDay
from guides.models import GuidePage
from pages.admin_reports import ReportTableView, pages_by_address
from pages.models import ContactSubmission
from pages.models.submissions import NOT_KNOWN


class PeriodFilterSet(WagtailFilterSet):
    period = django_filters.DateFromToRangeFilter(label="Period", widget=DateRangePickerWidget)

    class Meta:
        model = ContactSubmission
        fields = []


class LeadReportView(ReportTableView):
    """A table of sums over the chosen period, for those who may read the leads."""

    permission_model = ContactSubmission
    any_permission_required = ["view"]
    filterset_class = PeriodFilterSet
    paginate_by = 100

    def filter_queryset(self, rows):
        return rows  # get_queryset reads the period, to add up only the chosen days

    def in_period(self, queryset, day_field):
        """The rows of the days chosen: from, to, or both (each day included)."""
        chosen = self.filters.is_valid() and self.filters.form.cleaned_data.get("period")
        if chosen and chosen.start:
            queryset = queryset.filter(**{f"{day_field}__gte": chosen.start.date()})
        if chosen and chosen.stop:
            queryset = queryset.filter(**{f"{day_field}__lte": chosen.stop.date()})
        return queryset

    def leads(self):
        return self.in_period(ContactSubmission.objects.all(), "created_at__date")


def share(part, whole):
    return f"{round(100 * part / whole)}%" if whole else "-"


class LeadsBySourceReportView(LeadReportView):
    """How many leads first came from each source: ChatGPT, Google, another site, or none."""

    tab_label = "By source"
    help_text = (
        "Where each lead’s visit first came from, as the visitor’s browser kept it: the site "
        "that linked to the first page read (named as in Snippets › Referrer hosts), or "
        "Direct without one. “Not known” is a lead sent without JavaScript, or before leads "
        "kept their source. Choose the days with Filter."
    )
    no_results_message = "No leads in this period."
    columns = [
        Column("source", label="First came from"),
        Column("kind", label="Kind of source"),
        Column("leads", label="Leads"),
        Column("share", label="Share of leads"),
    ]

    def get_queryset(self):
        counts = self.leads().values("source", "source_kind").annotate(leads=Count("pk"))
        # The most leads first; those with nothing known last.
        counts = sorted(counts, key=lambda row: (-row["leads"], not row["source"], row["source"]))
        total = sum(row["leads"] for row in counts)
        kinds = dict(ContactSubmission._meta.get_field("source_kind").choices)
        return [
            {
                "source": row["source"] or NOT_KNOWN,
                "kind": kinds.get(row["source_kind"], ""),
                "leads": row["leads"],
                "share": share(row["leads"], total),
            }
            for row in counts
        ]


def within(address):
    """The address and those above it: /a/b/ gives /a/b/, /a/ and /."""
    parts = [part for part in address.split("/") if part]
    return ["/" + "/".join(parts[:n]) + ("/" if n else "") for n in range(len(parts), -1, -1)]


def leads_site():
    """The Site whose addresses a lead's stored paths are: leads keep no Site of their own."""
    return Site.objects.filter(is_default_site=True).first()


def live_pages(request):
    """{address: live page} on the leads' Site, named as the traffic report names them."""
    site = leads_site()
    pages = pages_by_address(site, request) if site else {}
    return {address: page for address, page in pages.items() if page.live}


def page_titles(addresses, request):
    """{address: its live page's title}; one below a page (result/) by that title and the rest."""
    live = live_pages(request) if addresses else {}
    titles = {}
    for address in addresses:
        above = next((above for above in within(address) if above in live), None)
        if above == address:
            titles[address] = live[above].title
        elif above:
            titles[address] = f"{live[above].title} › {address[len(above) :]}"
    return titles


class LeadsByGuideReportView(LeadReportView):
    """Which pages led to leads: the guides read, and the calls to action clicked."""

    tab_label = "By guide"
    slug = "by-guide"
    help_text = (
        "For each page: how many leads had read it in their visit (guides only), and how many "
        "clicked the call to action on it before writing. A lead that read three guides "
        "counts once for each. Choose the days with Filter."
    )
    no_results_message = "No lead in this period read a guide or came from a call to action."
    columns = [
        Column("title", label="Page"),
        Column("address", label="Address", classname="wrap-anywhere"),
        Column("read", label="Leads that read it"),
        Column("cta", label="Leads from its call to action"),
    ]

    def get_queryset(self):
        read, cta = Counter(), Counter()
        for guides_read, cta_page in self.leads().values_list("guides_read", "cta_page"):
            read.update(set(guides_read or []))
            if cta_page.startswith("/"):
                cta[cta_page] += 1
        addresses = set(read) | set(cta)
        titles = page_titles(addresses, self.request)
        rows = [
            {
                "title": titles.get(address, "No live page"),
                "address": address,
                "read": read[address],
                "cta": cta[address],
            }
            for address in addresses
        ]
        return sorted(rows, key=lambda row: (-row["read"] - row["cta"], row["address"]))


class FunnelReportView(LeadReportView):
    """From guide views to leads, step by step, with how many went on at each step."""

    tab_label = "Funnel"
    slug = "funnel"
    help_text = (
        "Guide views and the steps after them, as the site’s own analytics counted them (a "
        "page read twice is two views), and every lead received, counted or not. Each step "
        "says what share of the step before it went on. Choose the days with Filter."
    )
    no_results_message = "Nothing counted in this period."
    columns = [
        Column("step", label="Step"),
        Column("count", label="Count"),
        Column("of_previous", label="Of the step before"),
    ]

    def total(self, queryset, field):
        return self.in_period(queryset, "day").aggregate(total=Sum(field))["total"] or 0

    def get_queryset(self):
        # The default Site's, whose addresses the guides' are; another Site's are its own.
        site = leads_site()
        guides = set(GuidePage.objects.live().values_list("pk", flat=True))
        paths = [path for path, page in live_pages(self.request).items() if page.pk in guides]
        goals = GoalDay.objects.filter(site=site)
        views = PageDay.objects.filter(site=site, path__in=paths)
        counts = [
            ("Guide views", self.total(views, "views")),
            *(
                (label, self.total(goals.filter(goal=goal), "count"))
                for goal, label in GOALS.items()
            ),
            ("Leads", self.leads().count()),
        ]
        rows, previous = [], None
        for step, count in counts:
            of_previous = "-" if previous is None else share(count, previous)
            rows.append({"step": step, "count": count, "of_previous": of_previous})
            previous = count
        return rows
