from urllib.parse import urlsplit

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Site

from page_cache.memo import copied, remembered
from pages.blocks import CertificationBlock, ProfileLinkBlock
from pages.identity import default_organisation_name
from pages.lines import one_per_line
from pages.visibility import is_visible

# Crawlers that gather text for AI models and assistants, named in robots.txt.
AI_CRAWLERS = [
    "GPTBot",
    "ChatGPT-User",
    "OAI-SearchBot",
    "ClaudeBot",
    "Claude-User",
    "Claude-SearchBot",
    "PerplexityBot",
    "Google-Extended",
    "Applebot-Extended",
    "CCBot",
    "Bytespider",
    "meta-externalagent",
]


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Organisation details, certifications and site-wide policies, edited in Settings."""

    organisation_name = models.CharField(
        max_length=100,
        default=default_organisation_name,
        help_text="The name the site goes by: the header and footer, page titles, structured "
        "data, the contact form's consent box, the sender of its emails and the name "
        "authenticator apps show for the admin's two-factor sign-in.",
    )
    description = models.TextField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The Organization's logo in the structured data, cropped square. Left "
        "empty, the site's own is used.",
    )
    contact_email = models.EmailField(blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="What the site stores and why: linked from the footer and from the contact "
        "form's consent box while it is live.",
    )
    profile_links = StreamField(
        [("link", ProfileLinkBlock())],
        blank=True,
        help_text="The organisation’s profiles elsewhere: in the footer, and in the structured "
        "data as the organisation’s sameAs.",
    )
    certifications = StreamField(
        [("certification", CertificationBlock())],
        blank=True,
        help_text="Each a line of the footer. State them exactly as they are held; one with "
        "a public record links to it.",
    )
    stale_after_days = models.PositiveIntegerField(
        default=365,
        help_text="A statistic counts as stale once it was last verified longer ago than this.",
    )
    thin_page_words = models.PositiveIntegerField(
        "Thin page threshold (words)",
        default=300,
        help_text="The checks before publishing warn when an indexable guide has fewer words "
        "than this in its body and FAQ answers, and offer to hide it from search engines "
        "until it is complete.",
    )

    cta_heading = models.CharField("Heading", max_length=120, blank=True)
    cta_text = models.TextField("Text", blank=True)
    cta_link_text = models.CharField("Button text", max_length=60, default="Get in touch")

    analytics_enabled = models.BooleanField(
        "Count visits",
        default=True,
        help_text="The site's own cookie-free count of page views, sources, goals and site "
        "searches, shown in Reports. Switched off, pages load no analytics script.",
    )
    analytics_endpoint = models.URLField(
        "External analytics endpoint",
        blank=True,
        help_text="Optional: the events address of a Plausible-compatible service, such as "
        "https://plausible.io/api/event. Each page view and goal is then also sent there, and "
        "the pages' security policy allows that one address.",
    )
    analytics_retention_days = models.PositiveIntegerField(
        "Keep counts for (days)",
        default=395,
        help_text="Daily counts older than this are deleted. 395 days keep a year to compare "
        "with, and a month more.",
    )

    blocked_ai_crawlers = models.TextField(
        blank=True,
        help_text="User agents to keep out, one per line. Every other AI crawler is allowed. "
        "Known crawlers: " + ", ".join(AI_CRAWLERS) + ".",
    )

    panels = [
        MultiFieldPanel(
            [
                "organisation_name",
                "description",
                "logo",
                "contact_email",
                "privacy_page",
                "profile_links",
                "certifications",
            ],
            "Organisation",
        ),
        MultiFieldPanel(
            ["cta_heading", "cta_text", "cta_link_text"],
            "Call to action",
            help_text="Closes the FAQ page, and every guide whose body does not end with a call "
            "to action of its own. The button leads to the contact page. Left without a "
            "heading, none is shown.",
        ),
        MultiFieldPanel(
            ["analytics_enabled", "analytics_endpoint", "analytics_retention_days"], "Analytics"
        ),
        "stale_after_days",
        "thin_page_words",
        FieldPanel("blocked_ai_crawlers", heading="AI crawler policy"),
    ]

    class Meta:
        verbose_name = "Site settings"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The admin greets editors by their Site's name: it follows the organisation's.
        Site.objects.filter(pk=self.site_id).update(site_name=self.organisation_name)

    @classmethod
    def for_default_site(cls):
        """The default site's settings (unsaved defaults before any site exists)."""
        site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site) if site else cls()

    def ai_crawler_policy(self):
        """(user agent, allowed) for every known AI crawler and any other one blocked here."""
        blocked = {name.lower(): name for name in one_per_line(self.blocked_ai_crawlers)}
        known = [(name, blocked.pop(name.lower(), None) is None) for name in AI_CRAWLERS]
        return known + [(name, False) for name in blocked.values()]

    @property
    def analytics_endpoint_host(self):
        """The external analytics service's host name, for the privacy page; "" if none."""
        return urlsplit(self.analytics_endpoint).hostname or ""

    @classmethod
    def for_request(cls, request):
        """Wagtail's, with the row remembered for the content version (page_cache/memo.py)."""
        if not hasattr(request, cls.get_cache_attr_name()):
            site = Site.find_for_request(request)
            key = ("site settings", site.pk if site else None)
            settings = copied(remembered(request, key, lambda: cls.for_site(site)))
            settings._request = request
            setattr(request, cls.get_cache_attr_name(), settings)
        return getattr(request, cls.get_cache_attr_name())

    def live_privacy_page(self):
        """The privacy page while visitors may see it, remembered for the content version."""

        def look_up():
            return self.privacy_page if is_visible(self.privacy_page) else None

        key = ("privacy page", self.site_id)
        return copied(remembered(getattr(self, "_request", None), key, look_up))
