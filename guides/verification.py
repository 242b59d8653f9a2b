"""“Mark verified today” on a statistic's add, copy and edit screens and as a bulk action: each
is saved one by one (never a queryset update, so that the page cache empties)."""

from django.utils import timezone
from django.utils.formats import date_format
from wagtail.log_actions import log
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import CopyView, CreateView, EditView

from guides.models import Statistic
from guides.panels import MARK_VERIFIED

LOG_ACTION = "guides.mark_verified"


def today_label():
    return date_format(timezone.localdate(), "j M Y")


class RecordsVerification:
    """The add, copy and edit views' “Mark verified today” button; a date typed by hand
    records the editor too, so the date and the name always go together."""

    def get_available_actions(self):
        return [*super().get_available_actions(), MARK_VERIFIED]

    def save_instance(self):
        statistic = self.form.instance
        user = self.request.user
        if self.action == MARK_VERIFIED:
            statistic.mark_verified(user)
        elif "last_verified" in self.form.changed_data:
            statistic.verified_by = user if statistic.last_verified else None
        instance = super().save_instance()
        if self.action == MARK_VERIFIED:
            log(instance, LOG_ACTION, user=user)
        return instance

    def get_success_message(self, *args):
        message = super().get_success_message(*args)
        if message and self.action == MARK_VERIFIED:
            message = f"{message} Marked verified today, {today_label()}."
        return message


class StatisticCreateView(RecordsVerification, CreateView):
    pass


class StatisticCopyView(RecordsVerification, CopyView):
    def get_initial_form_instance(self):
        """A copy is a new figure: no anchor (the original's is taken), never verified."""
        statistic = super().get_initial_form_instance()
        statistic.anchor, statistic.last_verified = "", None
        return statistic


class StatisticEditView(RecordsVerification, EditView):
    pass


class MarkVerifiedBulkAction(SnippetBulkAction):
    """Select statistics in the list, confirm, and each is saved as verified today by you."""

    display_name = "Mark verified today"
    action_type = "mark_verified"
    aria_label = "Mark the selected statistics verified today"
    template_name = "guides/admin/confirm_bulk_mark_verified.html"
    action_priority = 20

    models = [Statistic]  # the base class offers it for every snippet model

    def check_perm(self, statistic):
        policy = policy_registry.get_by_type(Statistic)
        return policy.user_has_permission_for_instance(self.request.user, "change", statistic)

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for statistic in objects:
            statistic.mark_verified(user)
            statistic.save(update_fields=["last_verified", "verified_by"])
            log(statistic, LOG_ACTION, user=user)
        return len(objects), 0

    def get_success_message(self, count, num_child_objects):
        plural = "" if count == 1 else "s"
        return f"{count} statistic{plural} marked verified today, {today_label()}."
