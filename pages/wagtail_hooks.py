"""Admin screens for contact submissions and triggers, the leads' dashboard warnings, the
rich-text page links and the admin's stylesheet."""

import django_filters
from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import path, reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.rich_text.editors.draftail.features import EntityFeature
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.chooser import BrowseView
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.rich_text.pages import PageLinkHandler
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from pages.exports import FormulaSafeExportMixin
from pages.models import ContactSubmission, Trigger
from pages.models.submissions import prompt_choices
from pages.notification_status import (
    ContactNotificationsPanel,
    ResendOneView,
    ResendUnsentView,
    WorkerPanel,
    can_handle_leads,
)
from pages.notifications import unsent
from pages.richtext import opening_tags


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Submissions come only from visitors: nobody adds or edits one in the admin."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change"} and super().user_has_permission(user, action)


register_permission_policy(ContactSubmission, ReadOnlyPermissionPolicy(ContactSubmission))


class SubmissionIndexView(FormulaSafeExportMixin, IndexView):
    """The submissions, exported formula-safe, with "Resend unsent leads" while any lead waits."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if unsent().exists():
            url = reverse("resend_unsent_leads") + "?next=" + reverse("contact_submissions:index")
            buttons.append(HeaderButton(ResendUnsentView.page_title, url, icon_name="mail"))
        return buttons


class SubmissionInspectView(InspectView):
    """A submission, with "Send this lead’s email" while its email has not gone out."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if not self.object.notification_sent:
            url = reverse("resend_lead", args=[self.object.pk])
            buttons.append(HeaderButton(ResendOneView.page_title, url, icon_name="mail"))
        return buttons


class SubmissionFilterSet(WagtailFilterSet):
    # The triggers are editors' rows (Snippets › Triggers), so the choices are read each time.
    prompted_by = django_filters.ChoiceFilter(label="What prompted it", choices=prompt_choices)

    class Meta:
        model = ContactSubmission
        fields = ["notification_sent", "held_in", "prompted_by", "source_kind"]


# What the visitor wrote, first in a lead's export and on its page.
LEAD_WORDS = [
    "created_at",
    "name",
    "email",
    "company",
    "prompted_by_display",
    "message",
    "triggers_display",
]


class ContactSubmissionViewSet(ModelViewSet):
    model = ContactSubmission
    name = "contact_submissions"
    icon = "mail"
    menu_label = "Contact submissions"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = SubmissionIndexView
    index_results_template_name = "pages/admin/contact_submissions_results.html"
    inspect_view_class = SubmissionInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    # ModelViewSet always builds add and edit forms; the policy above keeps them shut.
    exclude_form_fields = []
    list_display = [
        "name",
        "email",
        "company",
        Column("prompted_by", label="What prompted it", accessor="prompted_by_display"),
        Column("source", label="First came from", accessor="source_display"),
        Column("triggers", label="Triggers ticked", accessor="triggers_display"),
        Column("notification_sent", label="Notification", accessor="notification_status"),
        DateColumn("created_at", label="Received"),
    ]
    filterset_class = SubmissionFilterSet
    search_fields = ["name", "email", "company", "message"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_export = [
        *LEAD_WORDS,
        # Where the lead came from: a column each, to sort and count by.
        "source",
        "get_source_kind_display",
        "referrer_host",
        "landing_page",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "guides_read_display",
        "cta_page",
        "consent",
        "notification_sent",
        "notification_attempts",
        "last_error",
        "notified_at",
        "notification_status",
    ]
    # The methods' own short_description heads their columns; these have none, or another.
    export_headings = {"created_at": "Received", "get_source_kind_display": "Kind of source"}
    export_filename = "contact-submissions"
    inspect_view_fields = [
        *LEAD_WORDS,
        "first_touch_display",
        "landing_page",
        "campaign_display",
        "guides_read_display",
        "cta_page",
        "consent",
        "notification_sent",
        "notification_attempts",
        "last_error",
        "notification_status",
        "sending_since",
        "notified_at",
        "held_in",
    ]


class TriggerDeleteView(DeleteView):
    """A trigger a self-assessment question chooses stays, and the editor is told why."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                f"“{self.object}” is not deleted: a self-assessment question chooses it. "
                "Choose another trigger for that question first.",
            )
            return HttpResponseRedirect(self.get_success_url())


class TriggerViewSet(SnippetViewSet):
    """Snippets › Triggers: in the guide's order, which editors change by dragging."""

    model = Trigger
    icon = "list-ol"
    menu_label = "Triggers"
    list_display = ["label", "value", BooleanColumn("called_out", label="Called out")]
    search_fields = ["label", "value"]
    search_backend_name = None
    delete_view_class = TriggerDeleteView


register_snippet(TriggerViewSet)


@hooks.register("register_admin_viewset")
def register_contact_submissions():
    return ContactSubmissionViewSet()


class LivePageLinkHandler(PageLinkHandler):
    """Wagtail's "page" link type, linking only pages a visitor can reach (pages/richtext.py)."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return opening_tags(attrs_list)


class LinkChooserView(BrowseView):
    """Wagtail's page chooser, opening at the Site's home page rather than at Root."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is None:
            site = Site.find_for_request(request)
            parent_page_id = site.root_page_id if site else None
        return super().get(request, parent_page_id)


# After Wagtail's own hook (order 0), whose page links and link feature these replace.
@hooks.register("register_rich_text_features", order=1)
def register_live_page_links(features):
    """Page links that only link visible pages, and the link chooser above (both its URLs)."""
    features.register_link_type(LivePageLinkHandler)
    link = features.plugins_by_editor["draftail"]["link"]
    chooser_urls = {**link.data["chooserUrls"], "pageChooser": reverse_lazy("link_chooser")}
    features.register_editor_plugin(
        "draftail",
        "link",
        EntityFeature({**link.data, "chooserUrls": chooser_urls}, js=link.js, css=link.css),
    )


@hooks.register("construct_homepage_panels")
def warn_when_nobody_hears_of_leads(request, panels):
    if can_handle_leads(request.user):
        panels.extend(filter(None, [ContactNotificationsPanel.if_needed(), WorkerPanel.if_used()]))


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("contact-submissions/resend/", ResendUnsentView.as_view(), name="resend_unsent_leads"),
        path("contact-submissions/<int:pk>/resend/", ResendOneView.as_view(), name="resend_lead"),
        path("link-chooser/", LinkChooserView.as_view(), name="link_chooser"),
        path("link-chooser/<int:parent_page_id>/", LinkChooserView.as_view()),
    ]


@hooks.register("insert_global_admin_css")
def admin_stylesheet():
    """The project's admin styles (static/css/admin.css), on every admin screen."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
