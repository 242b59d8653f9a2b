from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """Cookie-free page views, sources, goals and search terms, and their reports."""

    name = "analytics"
    verbose_name = "Analytics"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

        from analytics.models import ReferrerHost
        from analytics.roles import grant_traffic_reports
        from analytics.sources import forget_known_hosts, name_lead_source
        from analytics.views import forget_sites
        from pages.models import ContactSubmission, SiteSettings

        # Each process keeps the referrer hosts and the Sites' switches for a minute at most;
        # a change made in this process is seen at once.
        for signal in (post_save, post_delete):
            signal.connect(forget_known_hosts, sender=ReferrerHost, dispatch_uid=f"hosts-{signal}")
        post_save.connect(forget_sites, sender=SiteSettings, dispatch_uid="analytics-sites")
        post_migrate.connect(grant_traffic_reports, sender=self, dispatch_uid="analytics-roles")
        # A lead from the contact form is stored with its source named as the reports name it.
        pre_save.connect(name_lead_source, sender=ContactSubmission, dispatch_uid="lead-source")
