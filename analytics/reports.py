"""The traffic and search-terms reports (Reports menu), and the dashboard's last seven days.

Each table is a Wagtail ReportView with its CSV and XLSX downloads, over a period chosen in
its filter (the last 7, 30, 90 or 365 days, today included). Editors and Moderators read
them (the analytics.view_traffic permission, given to both groups by roles.py).
"""

import datetime
from dataclasses import dataclass, field

import django_filters
from django.db.models import Count, Max, Q, Sum
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, Site
from wagtail.permissions import policy_registry

from analytics.models import (
    CampaignDay,
    PageDay,
    SearchTermDay,
    SiteDay,
    SourceDay,
    SourceKind,
)
from pages.exports import FormulaSafeExportMixin
from pages.models import ContactSubmission

PERMISSION = "analytics.view_traffic"
PERIODS = [
    ("7", "Last 7 days"),
    ("30", "Last 30 days"),
    ("90", "Last 90 days"),
    ("365", "Last 365 days"),
]
DEFAULT_PERIOD = "30"
KIND_LABELS = dict(SourceKind.choices)


def can_view_traffic(user):
    return user.has_perm(PERMISSION)


def period_start(days, today=None):
    """The first day of the last `days` days, today included."""
    return (today or timezone.localdate()) - datetime.timedelta(days=days - 1)


class PeriodFilterSet(WagtailFilterSet):
    """The period's menu; the views read it themselves, to add up only the chosen days."""

    period = django_filters.ChoiceFilter(label="Period", choices=PERIODS, empty_label=None)

    class Meta:
        model = PageDay
        fields = []


def page_titles(site):
    """{path: page} for the Site's pages, to name a counted path."""
    pages = {}
    for page in Page.objects.filter(depth__gt=1).only("id", "title", "url_path", "depth", "path"):
        url = page.get_url_parts()
        if url and url[0] == site.pk:
            pages[url[2]] = page
    return pages


def edit_url_of(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


class AnalyticsReportView(FormulaSafeExportMixin, ReportView):
    """A table of counts over the chosen period, for whoever may view traffic."""

    # Every report's templates (templates/reports/), with the period's chart when there is one.
    template_name = "reports/report.html"
    results_template_name = "reports/report_results.html"
    filterset_class = PeriodFilterSet
    any_permission_required = ["view_traffic"]
    page_title = ""
    header_icon = "view"
    tab_label = ""
    help_text = ""
    tabs = ()  # (label, URL name) of the report's tables, when it has several
    export_columns = None  # the downloads' columns, when not the table's

    def user_has_any_permission(self, permissions):
        return can_view_traffic(self.request.user)

    def filter_queryset(self, rows):
        return rows  # get_queryset reads the filters, to add up only the chosen days

    @cached_property
    def days(self):
        value = self.request.GET.get("period", DEFAULT_PERIOD)
        return int(value if value in dict(PERIODS) else DEFAULT_PERIOD)

    @cached_property
    def site(self):
        return (
            Site.find_for_request(self.request) or Site.objects.filter(is_default_site=True).first()
        )

    def in_period(self, model):
        today = timezone.localdate()
        return model.objects.filter(
            site=self.site, day__gte=period_start(self.days, today), day__lte=today
        )

    @cached_property
    def list_export(self):
        return [column.name for column in self.export_columns or self.columns]

    @cached_property
    def export_headings(self):
        return {column.name: column.label for column in self.export_columns or self.columns}

    def get_page_subtitle(self):
        period = dict(PERIODS)[str(self.days)]
        return f"{self.tab_label}, {period.lower()}" if self.tabs else period

    def get_filename(self):
        return f"{self.page_title} {self.tab_label} {self.days} days".lower().replace(" ", "-")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        query = f"?period={self.days}"
        context["report_tabs"] = [
            (label, reverse(name) + query, name == self.index_url_name) for label, name in self.tabs
        ]
        context["help_text"] = self.help_text
        return context


@dataclass
class PageTraffic:
    path: str
    views: int
    visitors: int
    entries: int
    ai_referrals: int = 0
    sources: list = field(default_factory=list)
    page: Page | None = None

    @property
    def title(self):
        return self.page.get_admin_display_title() if self.page else self.path

    @property
    def top_sources(self):
        # A source's name and count never part at the end of a line.
        return (
            ", ".join(f"{label}\u00a0{visits}" for label, visits in self.sources[:3]) or "None yet"
        )


def daily_chart(site, start, end):
    """The site's views and visitors per day, as bars of a small SVG (no script)."""
    rows = {row.day: row for row in SiteDay.objects.filter(site=site, day__gte=start, day__lte=end)}
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    peak = max([row.views for row in rows.values()] + [1])
    bars = []
    for index, day in enumerate(days):
        row = rows.get(day)
        views, visitors = (row.views, row.visitors) if row else (0, 0)
        bars.append(
            {
                "x": index * 10 + 1,
                "views_height": round(views / peak * 100, 2),
                "visitors_height": round(visitors / peak * 100, 2),
                "label": f"{date_format(day, 'j M')}: {views} views, {visitors} visitors",
            }
        )
    for bar in bars:
        bar["views_y"] = round(100 - bar["views_height"], 2)
        bar["visitors_y"] = round(100 - bar["visitors_height"], 2)
    total_views = sum(row.views for row in rows.values())
    total_visitors = sum(row.visitors for row in rows.values())
    return {
        "bars": bars,
        "width": len(days) * 10,
        "first": date_format(start, "j M Y"),
        "last": date_format(end, "j M Y"),
        "peak": peak if rows else 0,
        "views": total_views,
        "visitors": total_visitors,
    }


class TrafficReportView(AnalyticsReportView):
    """Each page's views, visitors, entries and sources over the period."""

    page_title = "Traffic"
    tab_label = "Pages"
    help_text = (
        "Views of each page, counted without cookies, cached pages included. Visitors are "
        "counted once a day: one who comes back another day counts again. An entry is the "
        "first page of a visit; its source is the site the reader came from. From AI: visits "
        "that an AI assistant such as ChatGPT or Perplexity sent."
    )
    no_results_message = "No views counted in this period yet."
    # Few columns, so that the page's title keeps its width on a phone; the downloads add
    # the address and the entries.
    columns = [
        TitleColumn(
            "title",
            label="Page",
            get_url=lambda row: edit_url_of(row.page) if row.page else None,
        ),
        Column("views", label="Views"),
        Column("visitors", label="Visitors"),
        Column("ai_referrals", label="From AI"),
        Column("top_sources", label="Top sources"),
    ]
    export_columns = [
        Column("title", label="Page"),
        Column("path", label="Address"),
        Column("views", label="Views"),
        Column("visitors", label="Visitors"),
        Column("entries", label="Entries"),
        Column("ai_referrals", label="From AI assistants"),
        Column("top_sources", label="Top sources"),
    ]
    tabs = (
        ("Pages", "analytics_traffic"),
        ("Sources", "analytics_traffic_sources"),
        ("Campaigns", "analytics_traffic_campaigns"),
    )

    def get_queryset(self):
        totals = (
            self.in_period(PageDay)
            .values("path")
            .annotate(views=Sum("views"), visitors=Sum("visitors"), entries=Sum("entries"))
            .order_by("-views", "path")
        )
        rows = {row["path"]: PageTraffic(**row) for row in totals}
        sources = (
            self.in_period(SourceDay)
            .values("path", "label", "kind")
            .annotate(visits=Sum("visits"))
            .order_by("-visits", "label")
        )
        for source in sources:
            row = rows.get(source["path"])
            if row is None:
                continue
            row.sources.append((source["label"], source["visits"]))
            if source["kind"] == SourceKind.AI:
                row.ai_referrals += source["visits"]
        titles = page_titles(self.site) if rows else {}
        for row in rows.values():
            row.page = titles.get(row.path)
        return list(rows.values())

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        today = timezone.localdate()
        context["chart"] = daily_chart(self.site, period_start(self.days, today), today)
        return context


@dataclass
class SourceTraffic:
    label: str
    kind: str
    visits: int
    pages: int

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)


class TrafficSourcesReportView(AnalyticsReportView):
    """Where visits came from over the period: AI assistants, search engines, social
    networks, other sites, or nowhere (direct)."""

    page_title = "Traffic"
    tab_label = "Sources"
    help_text = (
        "Where visits came from, by the address of the page that sent them. AI assistants, "
        "search engines and social networks are named from Snippets › Referrer hosts; add a "
        "host there to name a new one. Direct: typed, bookmarked, or from an app."
    )
    no_results_message = "No visits counted in this period yet."
    columns = [
        Column("label", label="Source"),
        Column("kind_label", label="Kind"),
        Column("visits", label="Visits"),
        Column("pages", label="Pages entered"),
    ]
    tabs = TrafficReportView.tabs

    def get_queryset(self):
        rows = (
            self.in_period(SourceDay)
            .values("label", "kind")
            .annotate(visits=Sum("visits"), pages=Count("path", distinct=True))
            .order_by("-visits", "label")
        )
        return [SourceTraffic(**row) for row in rows]


@dataclass
class CampaignTraffic:
    source: str
    medium: str
    campaign: str
    visits: int
    pages: int


class TrafficCampaignsReportView(AnalyticsReportView):
    """Visits from campaign links (utm_source, utm_medium, utm_campaign) over the period."""

    page_title = "Traffic"
    tab_label = "Campaigns"
    help_text = (
        "Visits that arrived on a campaign link: one whose address carries utm_source, "
        "utm_medium or utm_campaign, as newsletters and ads add them."
    )
    no_results_message = "No visits from campaign links in this period."
    columns = [
        Column("source", label="Campaign source"),
        Column("medium", label="Medium"),
        Column("campaign", label="Campaign"),
        Column("visits", label="Visits"),
        Column("pages", label="Pages entered"),
    ]
    tabs = TrafficReportView.tabs

    def get_queryset(self):
        rows = (
            self.in_period(CampaignDay)
            .values("source", "medium", "campaign")
            .annotate(visits=Sum("visits"), pages=Count("path", distinct=True))
            .order_by("-visits", "source", "medium", "campaign")
        )
        return [CampaignTraffic(**row) for row in rows]


@dataclass
class SearchTerm:
    term: str
    searches: int
    without_results: int
    last_searched: datetime.date
    page: Page | None = None

    @property
    def last_searched_on(self):
        return date_format(self.last_searched, "j M Y")

    @property
    def plan(self):
        if self.page is None:
            return "Not planned"
        return "Published" if self.page.live else "Planned"


class PlanColumn(Column):
    """The term's page in the content plan, or a button that plans one; in a download,
    "Not planned", "Planned" or "Published"."""

    cell_template_name = "analytics/admin/plan_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["csrf_token"] = get_token(parent_context["request"])
        return context


class SearchTermsFilterSet(PeriodFilterSet):
    found = django_filters.ChoiceFilter(
        label="Results",
        choices=[("none", "Only searches that found nothing")],
        empty_label="All searches",
    )


class SearchTermsReportView(AnalyticsReportView):
    """What readers searched the site for, and what they did not find."""

    page_title = "Search terms"
    header_icon = "search"
    tab_label = "Terms"
    filterset_class = SearchTermsFilterSet
    help_text = (
        "What readers typed into the site’s search, counted per day without knowing who. "
        "A term that found nothing is a page readers looked for: “Plan a page” adds a draft "
        "with that title to the content plan (Reports › Content plan and links)."
    )
    no_results_message = "No searches counted in this period yet."
    # Few columns, so that "Plan a page" stays on a phone's screen; the downloads add the
    # day each term was last searched for.
    columns = [
        Column("term", label="Search term"),
        Column("searches", label="Searches"),
        Column("without_results", label="Found nothing"),
        PlanColumn("plan", label="Content plan"),
    ]
    export_columns = [
        Column("term", label="Search term"),
        Column("searches", label="Searches"),
        Column("without_results", label="Found nothing"),
        Column("last_searched_on", label="Last searched"),
        Column("plan", label="Content plan"),
    ]

    def get_queryset(self):
        rows = self.in_period(SearchTermDay)
        if self.request.GET.get("found") == "none":
            rows = rows.filter(without_results__gt=0)
        rows = (
            rows.values("term")
            .annotate(
                searches=Sum("searches"),
                without_results=Sum("without_results"),
                last_searched=Max("day"),
            )
            .order_by("-without_results", "-searches", "term")
        )
        terms = [SearchTerm(**row) for row in rows]
        if terms:
            query = Q()
            for term in terms:
                query |= Q(title__iexact=term.term)
            pages = {page.title.lower(): page for page in Page.objects.filter(query)}
            for term in terms:
                term.page = pages.get(term.term)
        return terms


@dataclass(frozen=True)
class Week:
    views: int
    visitors: int
    ai_referrals: int
    leads: int


def last_week(site, today=None):
    """The Site's last seven days, today included."""
    today = today or timezone.localdate()
    start = period_start(7, today)
    days = SiteDay.objects.filter(site=site, day__gte=start, day__lte=today)
    totals = days.aggregate(views=Sum("views"), visitors=Sum("visitors"))
    ai = SourceDay.objects.filter(site=site, day__gte=start, day__lte=today, kind=SourceKind.AI)
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time()))
    return Week(
        views=totals["views"] or 0,
        visitors=totals["visitors"] or 0,
        ai_referrals=ai.aggregate(visits=Sum("visits"))["visits"] or 0,
        leads=ContactSubmission.objects.filter(created_at__gte=since).count(),
    )


class TrafficPanel(Component):
    """The dashboard's last seven days: views, visitors, AI-assistant referrals and leads."""

    name = "traffic"
    order = 90
    template_name = "analytics/admin/traffic_panel.html"

    def __init__(self, site):
        self.site = site

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["week"] = last_week(self.site)
        context["report_url"] = reverse("analytics_traffic") + "?period=7"
        user = parent_context["request"].user
        policy = policy_registry.get_by_type(ContactSubmission)
        if policy.user_has_any_permission(user, ["view", "delete"]):
            context["leads_url"] = reverse("contact_submissions:index")
        return context
