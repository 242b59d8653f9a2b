"""The dashboard's warning that the team would not hear about new leads.

Every lead is stored before its notification email is tried (pages/notifications.py), so a
missing recipient or a broken mail server loses no lead, but nobody hears of it: a fresh
install has no recipient, and its leads sit in Contact submissions with a red ✗ while only
a log line says why. This panel says it on the dashboard instead, with a link to the setting,
for as long as it is true:
- no recipient: neither CONTACT_NOTIFY_EMAIL nor the contact email in the site settings;
- the last notification tried was not sent (the mail server refused, timed out, ...).
Once a recipient is set and a notification goes out again, the panel is gone.
"""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from pages.models import ContactSubmission, SiteSettings
from pages.notifications import recipients

NO_RECIPIENT = "no_recipient"
LAST_FAILED = "last_failed"


class ContactNotificationsPanel(Component):
    name = "contact_notifications"
    order = 50  # before Wagtail's own panels: a lead nobody hears of is the most urgent
    template_name = "pages/admin/contact_notifications_panel.html"

    def __init__(self, problem, last_error=""):
        self.problem = problem
        self.last_error = last_error

    @classmethod
    def if_needed(cls):
        """The panel, when notifications have no recipient or the last one failed; else None."""
        if not recipients():
            return cls(NO_RECIPIENT)
        last_tried = (
            ContactSubmission.objects.filter(notification_attempts__gt=0)
            .order_by("-created_at", "-pk")
            .only("notification_sent", "last_error")
            .first()
        )
        if last_tried and not last_tried.notification_sent:
            return cls(LAST_FAILED, last_tried.last_error)
        return None

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        meta = SiteSettings._meta
        return {
            "problem": self.problem,
            "last_error": self.last_error,
            "unsent": ContactSubmission.objects.filter(notification_sent=False).count(),
            "unsent_url": reverse("contact_submissions:index") + "?notification_sent=false",
            "settings_url": reverse("wagtailsettings:edit", args=[meta.app_label, meta.model_name])
            + "#id_contact_email",
            "can_change_settings": user.has_perm(f"{meta.app_label}.change_{meta.model_name}"),
        }
