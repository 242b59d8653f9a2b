"""“Plan a page” from the search-terms report: a searched term becomes a draft guide."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.text import slugify
from django.views import View
from wagtail.coreutils import find_available_slug

from analytics.models import TERM_LENGTH
from analytics.reports import SearchTermsReportView
from guides.models import GuideIndexPage, GuidePage


def plan_page(term, user):
    """(page, created): a new draft guide titled with the term, or the guide titled so already."""
    existing = GuidePage.objects.filter(title__iexact=term).first()
    if existing:
        return existing, False
    parent = GuideIndexPage.objects.first()
    if parent is None:
        return None, False
    if not parent.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied
    slug = find_available_slug(parent, slugify(term)[:60].strip("-") or "planned-page")
    page = GuidePage(title=term[:1].upper() + term[1:], slug=slug, live=False)
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page, True


class PlanPageView(View):
    """POST a term: its planned guide, then the editor lands in it."""

    def post(self, request):
        if not SearchTermsReportView.may_read(request.user):
            raise PermissionDenied
        term = " ".join(request.POST.get("term", "").split())[:TERM_LENGTH]
        page, created = plan_page(term, request.user) if term else (None, False)
        if page is None:
            messages.error(
                request,
                "No page was planned: there is no search term, or no guide index to plan "
                "a guide under.",
            )
            return redirect("analytics_reports:search_terms")
        if created:
            messages.success(
                request,
                f"“{page.title}” is planned: a draft in the content plan. Write it here, "
                "or give it a summary and publish it later.",
            )
        else:
            messages.info(request, f"A page titled “{page.title}” exists already.")
        return redirect("wagtailadmin_pages:edit", page.pk)
