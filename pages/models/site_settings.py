from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from pages.blocks import ProfileLinkBlock


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Organisation details, certifications and site-wide policies, edited in Settings."""

    organisation_name = models.CharField(max_length=100, default="Truvisory")
    description = models.TextField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_email = models.EmailField(blank=True)
    profile_links = StreamField([("link", ProfileLinkBlock())], blank=True)
    certification_lines = models.TextField(
        blank=True,
        help_text="One per line, shown in the footer. State them exactly as they are held.",
    )
    analytics_domain = models.CharField(
        max_length=100,
        blank=True,
        help_text="Optional cookieless analytics (Plausible-compatible). Left blank, none loads.",
    )
    stale_after_days = models.PositiveIntegerField(
        default=365,
        help_text="A statistic counts as stale once it was last verified longer ago than this.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("description"),
                FieldPanel("logo"),
                FieldPanel("contact_email"),
                FieldPanel("profile_links"),
                FieldPanel("certification_lines"),
            ],
            "Organisation",
        ),
        FieldPanel("analytics_domain"),
        FieldPanel("stale_after_days"),
    ]

    class Meta:
        verbose_name = "Site settings"

    @property
    def certifications(self):
        return [line.strip() for line in self.certification_lines.splitlines() if line.strip()]
