"""“Check links now” on the source links report: queues the check of every source's link as
a task, and comes back to the report with what it found, or with word that the check runs
in the background. The report shows each link's last result."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views import View
from django_tasks import TaskResultStatus

from guides.tasks import check_all_links

from .content_plan import SourceLinksReportView

REPORT_URL_NAME = "guides_reports:content_plan_source_links"


class CheckLinksNowView(View):
    """POST: queue the check and go back to the report. GET: just the report."""

    def dispatch(self, request, *args, **kwargs):
        if not SourceLinksReportView.may_read(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return redirect(REPORT_URL_NAME)

    def post(self, request):
        result = check_all_links.enqueue()
        if not result.is_finished:
            messages.success(
                request,
                "The links are being checked in the background. Reload this page in a "
                "minute or two to see the results.",
            )
        elif result.status == TaskResultStatus.FAILED:
            messages.error(request, "The links could not be checked. Try again later.")
        else:
            messages.success(request, checked_message(**result.return_value))
        return redirect(REPORT_URL_NAME)


def checked_message(checked, broken):
    if not checked:
        return "No source has a link to check."
    links = f"{checked} link{'s' if checked != 1 else ''}"
    if not broken:
        return f"Checked {links}: every one works."
    if broken == checked:
        return (
            f"Checked {links}: none works. If each says the address could not be found, "
            "this computer may be offline."
        )
    return f"Checked {links}: {broken} {'is' if broken == 1 else 'are'} broken, listed first."
