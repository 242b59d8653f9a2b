"""Snippets shared across guides: the sources, and the statistics drawn from them."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from guides.panels import UsagePanel, VerificationPanel
from pages.blocks import unique_anchor
from pages.models import SiteSettings

PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def first_day(partial_date):
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD date: 2025-07 is 1 July 2025."""
    parts = [int(part) for part in partial_date.split("-")]
    return datetime.date(*parts, *[1] * (3 - len(parts)))


def validate_partial_date(value):
    if not PARTIAL_DATE.match(value):
        raise ValidationError("Use YYYY, YYYY-MM or YYYY-MM-DD, for example 2025-07.")
    try:
        first_day(value)
    except ValueError as error:
        raise ValidationError(f"{value} is not a real date.") from error


class Source(index.Indexed, models.Model):
    """A report or study that statistics are drawn from."""

    publisher = models.CharField(max_length=200, help_text="Organisation, e.g. RAND Corporation")
    title = models.CharField("Report title", max_length=255, blank=True)
    cited_as = models.CharField(
        max_length=255,
        blank=True,
        help_text="How tables name the source. Left blank: “publisher, report title”.",
    )
    url = models.URLField("Link", max_length=500, blank=True)
    publication_date = models.CharField(
        max_length=10,
        validators=[validate_partial_date],
        help_text="As precise as the source is: YYYY, YYYY-MM or YYYY-MM-DD.",
    )
    publication_date_label = models.CharField(
        max_length=40,
        blank=True,
        help_text="How the date reads on the page, e.g. “late 2024”. Left blank, it is "
        "written from the date (“Jul 2025”).",
    )
    method_note = models.TextField("Note on method", blank=True)

    panels = [
        FieldPanel("publisher"),
        FieldPanel("title"),
        FieldPanel("cited_as"),
        FieldPanel("url"),
        MultiFieldPanel(["publication_date", "publication_date_label"], "Publication date"),
        FieldPanel("method_note"),
    ]
    search_fields = [
        index.SearchField("publisher"),
        index.SearchField("title"),
        index.AutocompleteField("publisher"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        ordering = ["publisher", "title"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.cited_as or ", ".join(part for part in (self.publisher, self.title) if part)

    @property
    def date_label(self):
        if self.publication_date_label:
            return self.publication_date_label
        precision = ["%Y", "%b %Y", "%-d %b %Y"][self.publication_date.count("-")]
        return first_day(self.publication_date).strftime(precision)


class StatisticQuerySet(models.QuerySet):
    def stale(self, stale_after_days):
        """Figures never verified, or last verified longer ago than the threshold."""
        return self.annotate_stale(stale_after_days).filter(stale_now=True)

    def annotate_stale(self, stale_after_days):
        """Each row with `stale_now` (the database's `Statistic.is_stale`), for listings."""
        cutoff = timezone.localdate() - datetime.timedelta(days=stale_after_days)
        condition = models.Q(last_verified__isnull=True) | models.Q(last_verified__lt=cutoff)
        return self.annotate(
            stale_now=models.ExpressionWrapper(condition, output_field=models.BooleanField())
        )


def stale_after_days():
    """When a statistic counts as stale: the threshold editors set in the site settings."""
    return SiteSettings.for_default_site().stale_after_days


class Statistic(index.Indexed, models.Model):
    """One sourced figure, shown in statistics tables and checked for staleness."""

    finding = models.CharField(max_length=255, help_text="What the figure measures.")
    figure = models.CharField(
        max_length=60, help_text="As displayed, e.g. ≈95%, 88% (≈4 of 33) or 17% → 42%."
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="statistics"
    )
    caveat = models.TextField(blank=True, help_text="What the figure does not show.")
    last_verified = models.DateField(
        "Date last verified",
        null=True,
        blank=True,
        help_text="Left blank, the figure counts as never verified.",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who set the date last verified.",
    )
    anchor = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text="The stable id of this figure’s table row. Left blank, it is made from the "
        "finding when the statistic is saved, and then stays as it is. Changing it breaks "
        "links to the row.",
    )

    panels = [
        FieldPanel("finding"),
        FieldPanel("figure"),
        FieldPanel("source"),
        FieldPanel("caveat"),
        FieldPanel("last_verified"),
        VerificationPanel(heading="Verification"),
        FieldPanel("anchor"),
        UsagePanel(heading="Where this figure appears"),
    ]
    search_fields = [
        index.SearchField("finding"),
        index.SearchField("figure"),
        index.AutocompleteField("finding"),
    ]

    objects = StatisticQuerySet.as_manager()

    class Meta:
        ordering = ["finding"]

    def __str__(self):
        return f"{self.finding}: {self.figure}"

    def save(self, *args, **kwargs):
        if not self.anchor:
            # Made once, so that later edits to the finding leave links to the row working.
            base = unique_anchor(self.finding, set(), "statistic")
            others = Statistic.objects.exclude(pk=self.pk).filter(anchor__startswith=base)
            used = set(others.values_list("anchor", flat=True))
            self.anchor = unique_anchor(base, used, "statistic")
        super().save(*args, **kwargs)

    def mark_verified(self, user):
        """Record that `user` checked the figure against its source today."""
        self.last_verified = timezone.localdate()
        self.verified_by = user

    def is_stale(self, stale_after_days):
        today = timezone.localdate()
        return self.last_verified is None or (today - self.last_verified).days > stale_after_days
