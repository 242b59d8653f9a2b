"""The dashboard's panels that say when nobody would hear of a lead or the task worker is
silent, and the admin's resend actions (docs/architecture.md, "The contact form")."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Min
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from django_tasks_db.models import DBTaskResult
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from pages.models import ContactSubmission
from pages.notifications import possibly_sent, recipients, unsent
from pages.site_url import safe_next
from pages.tasks import resend_unsent_notifications, send_contact_notification
from worker.models import WorkerHeartbeat
from worker.worker import uses_worker, waiting_tasks

WORKER_SILENCE = timedelta(seconds=120)  # without a heartbeat, with tasks waiting: a warning


def can_handle_leads(user):
    policy = policy_registry.get_by_type(ContactSubmission)
    return policy.user_has_any_permission(user, ["view", "delete"])


def last_failure():
    """The error of the last notification tried, when it failed; else ""."""
    last_tried = ContactSubmission.objects.filter(notification_attempts__gt=0).first()
    if last_tried and not last_tried.notification_sent and not last_tried.sending_since:
        return last_tried.last_error or "the mail server did not accept it"
    return ""


def last_resend():
    """The latest "Resend unsent leads" task of the last day, as the worker left it, or None."""
    if not uses_worker():
        return None
    tasks = DBTaskResult.objects.filter(task_path=resend_unsent_notifications.module_path)
    day = timezone.now() - timedelta(days=1)
    return tasks.filter(enqueued_at__gte=day).order_by("-enqueued_at").first()


class ContactNotificationsPanel(Component):
    name = "contact_notifications"
    order = 50  # before Wagtail's own panels: a lead nobody hears of is the most urgent
    template_name = "pages/admin/contact_notifications_panel.html"

    def __init__(self, context):
        self.context = context

    @classmethod
    def if_needed(cls):
        """The panel, while there is something to say about notifications; else None."""
        last_error = last_failure()
        context = {
            "problem": "no_recipient" if not recipients() else "last_failed" if last_error else "",
            "last_error": last_error,
            **unsent().aggregate(unsent=Count("pk"), oldest=Min("created_at")),
            "possibly_sent": possibly_sent().count(),
            "last_resend": last_resend(),
        }
        if context["problem"] or context["unsent"] or context["possibly_sent"]:
            return cls(context)
        return None

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        return {
            **self.context,
            # A component's template sees only this context: the form needs the token.
            "csrf_token": parent_context.get("csrf_token"),
            "unsent_url": reverse("contact_submissions:index") + "?notification_sent=false",
            "resend_url": reverse("resend_unsent_leads"),
            "settings_url": reverse("wagtailsettings:edit", args=["pages", "sitesettings"])
            + "#id_contact_email",
            "can_change_settings": user.has_perm("pages.change_sitesettings"),
        }


class WorkerPanel(Component):
    """When the task worker last beat; a warning when it is silent while tasks (leads) wait."""

    name = "task_worker"
    order = 51
    template_name = "pages/admin/task_worker_panel.html"

    @classmethod
    def if_used(cls):
        return cls() if uses_worker() else None

    def get_context_data(self, parent_context):
        beat = WorkerHeartbeat.objects.order_by("-last_beat").first()
        waiting = waiting_tasks()
        silent = beat is None or beat.stopped_at or beat.last_beat < timezone.now() - WORKER_SILENCE
        return {"beat": beat, "waiting": waiting, "warning": bool(silent and waiting)}


def queued_message(result, done_words):
    """What to tell the editor once a task was queued: its result, if it ran at once."""
    if result.is_finished:
        return done_words(result.return_value)
    return "Queued: the task worker sends them in a moment. The dashboard shows the result."


class ResendView(WagtailAdminTemplateMixin, TemplateView):
    """A confirmation under Contact submissions, for whoever may handle leads."""

    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not can_handle_leads(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        index = {"url": reverse("contact_submissions:index"), "label": "Contact submissions"}
        return [*self.breadcrumbs_items, index, {"url": "", "label": self.page_title}]


class ResendUnsentView(ResendView):
    """Resend unsent leads: a confirmation, then the resend as a task."""

    page_title = "Resend unsent leads"
    template_name = "pages/admin/resend_unsent.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unsent=unsent().count(),
            has_recipient=bool(recipients()),
            next=self.request.GET.get("next", ""),
            **kwargs,
        )

    def post(self, request):
        result = resend_unsent_notifications.enqueue()

        def done(value):
            return f"{value['sent']} of {value['tried']} unsent leads emailed" + (
                f"; {value['failed']} failed again." if value["failed"] else "."
            )

        messages.success(request, queued_message(result, done))
        return redirect(safe_next(request, "contact_submissions:index"))


class ResendOneView(ResendView):
    """Send one lead's email again, on an editor's word: possibly sent, held, or failed."""

    page_title = "Send this lead’s email"
    template_name = "pages/admin/resend_one.html"

    def get_context_data(self, **kwargs):
        submission = get_object_or_404(ContactSubmission, pk=self.kwargs["pk"])
        return super().get_context_data(submission=submission, **kwargs)

    def post(self, request, pk):
        submission = get_object_or_404(ContactSubmission, pk=pk)
        result = send_contact_notification.enqueue(pk, resend=True)

        def done(sent):
            return f"The email about {submission} was " + (
                "sent." if sent else "not sent: see its status."
            )

        messages.success(request, queued_message(result, done))
        return redirect("contact_submissions:inspect", pk)
