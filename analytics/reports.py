"""The Traffic and Search terms reports and the dashboard's last seven days, for those with
analytics.view_traffic (Editors and Moderators, by roles.py)."""

import datetime

import django_filters
from django.db.models import Count, Max, Sum
from django.db.models.functions import Lower
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.models import Page, Site
from wagtail.permissions import policy_registry

from analytics.models import (
    CampaignDay,
    DeviceClass,
    DeviceDay,
    PageDay,
    SearchTermDay,
    SiteDay,
    SourceDay,
)
from pages.admin_reports import (
    Report,
    ReportsViewSet,
    ReportTableView,
    page_edit_url,
    pages_by_address,
)
from pages.models import ContactSubmission, SourceKind

COUNTS = ("views", "visitors", "entries")
PERIODS = {"7": "Last 7 days", "30": "Last 30 days", "90": "Last 90 days", "365": "Last 365 days"}
DEFAULT_PERIOD = "30"


def last_days(days):
    """(first day, today) of the last `days` days, today included."""
    today = timezone.localdate()
    return today - datetime.timedelta(days=days - 1), today


def default_site(request):
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


class PeriodFilterSet(WagtailFilterSet):
    period = django_filters.ChoiceFilter(label="Period", choices=PERIODS, empty_label=None)

    class Meta:
        model = PageDay
        fields = []


class TrafficTableView(ReportTableView):
    """A table of counts over the chosen period."""

    filterset_class = PeriodFilterSet

    def filter_queryset(self, rows):
        return rows  # get_queryset reads the period, to add up only the chosen days

    @classmethod
    def may_read(cls, user):
        return user.has_perm("analytics.view_traffic")

    @cached_property
    def days(self):
        value = self.request.GET.get("period")
        return int(value if value in PERIODS else DEFAULT_PERIOD)

    @cached_property
    def site(self):
        return default_site(self.request)

    @cached_property
    def period(self):
        return last_days(self.days)

    def in_period(self, model):
        return model.objects.filter(site=self.site, day__range=self.period)

    def totals(self, model, counted, *names):
        """The sum of `counted` (visits, views), and the pages it was counted on, per `names`."""
        return (
            self.in_period(model)
            .values(*names)
            .annotate(**{counted: Sum(counted)}, pages=Count("path", distinct=True))
            .order_by(f"-{counted}", *names)
        )

    def get_page_subtitle(self):
        tab, period = super().get_page_subtitle(), PERIODS[str(self.days)]
        return f"{tab}, {period.lower()}" if tab else period

    def report_tabs(self):
        tabs = super().report_tabs()
        return [(label, f"{url}?period={self.days}", current) for label, url, current in tabs]


def daily_chart(site, start, end):
    """The site's views, visitors and entries per day, as bars of a small SVG (no script)."""
    rows = {row.day: row for row in SiteDay.objects.filter(site=site, day__range=(start, end))}
    peak = max([row.views for row in rows.values()] + [1])
    bars = []
    for index in range((end - start).days + 1):
        day = start + datetime.timedelta(days=index)
        row = rows.get(day, SiteDay())
        counts = f"{row.views} views, {row.visitors} visitors, {row.entries} entries"
        bars.append(
            {
                "x": index * 10 + 1,
                "label": f"{date_format(day, 'j M')}: {counts}",
                "views": round(row.views / peak * 100, 2),
                "visitors": round(row.visitors / peak * 100, 2),
            }
        )
    return {
        "bars": bars,
        "width": len(bars) * 10,
        "first": date_format(start, "j M Y"),
        "last": date_format(end, "j M Y"),
        "peak": peak if rows else 0,
        **{name: sum(getattr(row, name) for row in rows.values()) for name in COUNTS},
    }


class TrafficReportView(TrafficTableView):
    """Each page's views, visitors, entries and sources over the period."""

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
            "title", label="Page", get_url=lambda row: row["page"] and page_edit_url(row["page"])
        ),
        Column("views", label="Views"),
        Column("visitors", label="Visitors"),
        Column("ai_referrals", label="From AI"),
        Column("top_sources", label="Top sources"),
    ]
    export_columns = [
        columns[0],
        Column("path", label="Address"),
        *columns[1:3],
        Column("entries", label="Entries"),
        Column("ai_referrals", label="From AI assistants"),
        columns[4],
    ]

    def get_queryset(self):
        sums = {name: Sum(name) for name in COUNTS}
        totals = self.in_period(PageDay).values("path").annotate(**sums).order_by("-views", "path")
        rows = {row["path"]: {**row, "sources": [], "ai_referrals": 0} for row in totals}
        sources = self.in_period(SourceDay).values("path", "label", "kind")
        for source in sources.annotate(visits=Sum("visits")).order_by("-visits", "label"):
            if row := rows.get(source["path"]):
                row["sources"].append(f"{source['label']}\u00a0{source['visits']}")
                if source["kind"] == SourceKind.AI:
                    row["ai_referrals"] += source["visits"]
        titles = pages_by_address(self.site, self.request) if rows else {}
        for row in rows.values():
            page = row["page"] = titles.get(row["path"])
            row["title"] = page.get_admin_display_title() if page else row["path"]
            # A source's name and count never part at the end of a line.
            row["top_sources"] = ", ".join(row["sources"][:3]) or "None yet"
        return list(rows.values())

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["chart"] = daily_chart(self.site, *self.period)
        return context


class TrafficSourcesReportView(TrafficTableView):
    """Where visits came from over the period, by source and kind of source."""

    tab_label = "Sources"
    slug = "sources"
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

    def get_queryset(self):
        rows = self.totals(SourceDay, "visits", "label", "kind")
        return [{**row, "kind_label": SourceKind(row["kind"]).label} for row in rows]


class TrafficCampaignsReportView(TrafficTableView):
    """Visits from campaign links (utm_source, utm_medium, utm_campaign) over the period."""

    tab_label = "Campaigns"
    slug = "campaigns"
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

    def get_queryset(self):
        return self.totals(CampaignDay, "visits", "source", "medium", "campaign")


class TrafficDevicesReportView(TrafficTableView):
    """Views over the period from phones, tablets and desktops."""

    tab_label = "Devices"
    slug = "devices"
    help_text = (
        "Views by the kind of device, told from the width of the reader's window: a phone, a "
        "tablet or a desktop. Pages viewed: how many pages were read on that kind of device."
    )
    no_results_message = "No views counted in this period yet."
    columns = [
        Column("device_label", label="Device"),
        Column("views", label="Views"),
        Column("pages", label="Pages viewed"),
    ]

    def get_queryset(self):
        rows = self.totals(DeviceDay, "views", "device")
        return [{**row, "device_label": DeviceClass(row["device"]).label} for row in rows]


class PlanColumn(Column):
    """The term's page in the content plan, or a button that plans one."""

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


class SearchTermsReportView(TrafficTableView):
    """What readers searched the site for, and what they did not find."""

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
        *columns[:3],
        Column("last_searched_on", label="Last searched"),
        Column("plan", label="Content plan"),
    ]

    def get_queryset(self):
        rows = self.in_period(SearchTermDay)
        if self.request.GET.get("found") == "none":
            rows = rows.filter(without_results__gt=0)
        sums = {name: Sum(name) for name in ("searches", "without_results")}
        rows = rows.values("term").annotate(**sums, last_searched=Max("day"))
        terms = list(rows.order_by("-without_results", "-searches", "term"))
        pages = Page.objects.annotate(lowered=Lower("title"))
        pages = pages.filter(lowered__in=[term["term"] for term in terms])
        titled = {page.lowered: page for page in pages}
        for term in terms:
            page = term["page"] = titled.get(term["term"])
            term["plan"] = "Not planned" if not page else "Published" if page.live else "Planned"
            term["last_searched_on"] = date_format(term["last_searched"], "j M Y")
        return terms


TRAFFIC_TABS = (
    TrafficReportView,
    TrafficSourcesReportView,
    TrafficCampaignsReportView,
    TrafficDevicesReportView,
)


class TrafficReportsViewSet(ReportsViewSet):
    """The traffic and search-terms reports, under /admin/reports/."""

    name = "analytics_reports"
    url_prefix = "reports"
    reports = (
        Report("traffic", "Traffic", "view", 90, TRAFFIC_TABS, name),
        Report("search_terms", "Search terms", "search", 91, (SearchTermsReportView,), name),
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
        start, _today = last_days(7)
        week = SiteDay.objects.filter(site=self.site, day__gte=start)
        ai = SourceDay.objects.filter(site=self.site, day__gte=start, kind=SourceKind.AI)
        context["week"] = {
            **week.aggregate(views=Sum("views", default=0), visitors=Sum("visitors", default=0)),
            **ai.aggregate(ai_referrals=Sum("visits", default=0)),
            "leads": ContactSubmission.objects.filter(created_at__date__gte=start).count(),
        }
        context["report_url"] = reverse("analytics_reports:traffic") + "?period=7"
        user = parent_context["request"].user
        policy = policy_registry.get_by_type(ContactSubmission)
        if policy.user_has_any_permission(user, ["view", "delete"]):
            context["leads_url"] = reverse("contact_submissions:index")
        return context
