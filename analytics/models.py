"""What the analytics keep: daily counts per Site, day and path, and the editable referrer
hosts. The only per-visitor values, the day's salt and visitor marks, go with their day."""

from django.db import models
from wagtail.models import Site

from pages.models import SourceKind

PATH_LENGTH = 300
LABEL_LENGTH = 100
TERM_LENGTH = 100


class DeviceClass(models.TextChoices):
    MOBILE = "mobile", "Phone"
    TABLET = "tablet", "Tablet"
    DESKTOP = "desktop", "Desktop"


class ReferrerHost(models.Model):
    """A website that sends readers, named in the reports: an AI, search engine or social site."""

    host = models.CharField(
        max_length=100,
        unique=True,
        help_text="A host name such as chatgpt.com; its subdomains match too. A name without "
        "a dot, such as google, matches under every domain ending (google.com, google.co.uk).",
    )
    label = models.CharField(
        max_length=LABEL_LENGTH, help_text="The name the reports show, such as ChatGPT."
    )
    kind = models.CharField(max_length=10, choices=SourceKind.choices[:3])  # AI, search, social

    class Meta:
        ordering = ["kind", "label", "host"]
        verbose_name = "referrer host"

    def __str__(self):
        return f"{self.label} ({self.host})"


class DailyCount(models.Model):
    """A Site, a day and a path: what every daily count has."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(db_index=True)
    path = models.CharField(max_length=PATH_LENGTH)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.path} on {self.day}"


class PageDay(DailyCount):  # noqa: DJ008 (DailyCount's)
    """Views, visitors (once a day each) and entries of one page on one day."""

    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "day", "path"], name="analytics_page_day")
        ]
        permissions = [("view_traffic", "Can view the traffic and search reports")]


class SiteDay(models.Model):
    """Views, visitors and entries of the whole site on one day."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(db_index=True)
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="analytics_site_day")]

    def __str__(self):
        return f"The site on {self.day}"


class SourceDay(DailyCount):  # noqa: DJ008 (DailyCount's)
    """Visits that entered the site on a page from one source, on one day."""

    kind = models.CharField(max_length=10, choices=SourceKind.choices)
    label = models.CharField(max_length=LABEL_LENGTH)
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "path", "kind", "label"], name="analytics_source_day"
            )
        ]


class CampaignDay(DailyCount):  # noqa: DJ008 (DailyCount's)
    """Visits that entered on a page from a campaign link (utm_*), on one day."""

    source = models.CharField(max_length=LABEL_LENGTH, blank=True)
    medium = models.CharField(max_length=LABEL_LENGTH, blank=True)
    campaign = models.CharField(max_length=LABEL_LENGTH, blank=True)
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "path", "source", "medium", "campaign"],
                name="analytics_campaign_day",
            )
        ]


class DeviceDay(DailyCount):  # noqa: DJ008 (DailyCount's)
    """Views of a page on one day from phones, tablets or desktops (by the window's width)."""

    device = models.CharField(max_length=10, choices=DeviceClass.choices)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "path", "device"], name="analytics_device_day"
            )
        ]


class GoalDay(DailyCount):  # noqa: DJ008 (DailyCount's)
    """How often a goal (analytics/goals.py) was reached on a page on one day."""

    goal = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "path", "goal"], name="analytics_goal_day"
            )
        ]


class SearchTermDay(models.Model):
    """How often a term was searched for on the site on one day, and how often it found nothing."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(db_index=True)
    term = models.CharField(max_length=TERM_LENGTH)
    searches = models.PositiveIntegerField(default=0)
    without_results = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "day", "term"], name="analytics_search_day")
        ]

    def __str__(self):
        return f"{self.term} on {self.day}"


class DailySalt(models.Model):
    """The secret mixed into the day's visitor hashes, deleted with its day."""

    day = models.DateField(unique=True)
    value = models.CharField(max_length=64)

    def __str__(self):
        return f"The salt of {self.day}"


class VisitorMark(models.Model):
    """Without Redis: a visitor's digest seen today on a path ("" for the site), counted once."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(db_index=True)
    path = models.CharField(max_length=PATH_LENGTH, blank=True)
    digest = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "path", "digest"], name="analytics_visitor_mark"
            )
        ]

    def __str__(self):
        return f"A visitor of {self.day}"
