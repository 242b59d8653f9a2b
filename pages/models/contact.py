"""The contact page: the lead form, and the answers that follow it."""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import Site

from pages import ratelimit
from pages.forms import REPLAYED, ContactForm, initial_values
from pages.tasks import send_contact_notification

from .base import BasePage, RoutableBasePage
from .submissions import ContactSubmission

logger = logging.getLogger(__name__)


class ContactPage(RoutableBasePage):
    """/contact/: the lead form, and the thank-you page that follows it."""

    introduction = RichTextField(features=["bold", "italic", "link"], blank=True)
    thank_you_text = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="Shown at /contact/thanks/ once a message has been received.",
    )

    content_panels = [*BasePage.content_panels, "introduction", "thank_you_text"]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    # A search for "pilot" should find the guide, not the form that lists it as a reason.
    search_only_when_alone = True
    # The form carries a CSRF token: its content must never be kept as a shared fragment.
    fragment_cacheable = False
    # The assessment's result links here with the triggers ticked, to start the message.
    cache_query_parameters = ("triggers",)

    @path("")
    def form_view(self, request):
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        if request.method != "POST":
            form = ContactForm(initial=initial_values(request.GET), request=request)
            return self.render_page(request, self.get_template(request), form=form)
        if body_size(request) > settings.CONTACT_MAX_BODY_BYTES:
            # Far more than any message needs. (Django's DATA_UPLOAD_MAX_MEMORY_SIZE
            # still bounds what the CSRF check reads before this view runs.)
            max_length = ContactSubmission._meta.get_field("message").max_length
            return self.render_page(
                request, "pages/contact_too_large.html", status=413, max_length=max_length
            )
        key = f"contact-posts:{ratelimit.address_hash(ratelimit.client_network(request))}"
        if ratelimit.over(key, settings.CONTACT_RATE_LIMIT, settings.CONTACT_RATE_WINDOW):
            # The visitor's message is shown back to them, so that it is not lost.
            message = request.POST.get("message", "")[:5000]
            response = self.render_page(
                request, "pages/contact_rate_limited.html", status=429, message=message
            )
            response["Retry-After"] = str(settings.CONTACT_RATE_WINDOW)
            return response
        form = ContactForm(request.POST, request=request)
        if form.is_valid() and self.store(request, form):
            return redirect(self.get_url(request) + self.reverse_subpage("thanks"))
        return self.render_page(request, self.get_template(request), form=form)

    def store(self, request, form):
        """Keep the lead and queue its notification; False when its form was sent before.
        A filled honeypot gets the same answer as a person, and nothing is kept."""
        if form.cleaned_data["website"].strip():  # the honeypot
            return True
        submission = form.save(commit=False)
        try:
            with transaction.atomic():
                submission.save()  # stored first: nothing after this can lose the lead
        except IntegrityError:
            # Its start token is a stored lead's (pages/form_token.py): a replayed post.
            logger.warning("Contact form sent again with a used start token")
            form.add_error(None, REPLAYED)
            return False
        try:  # if not queued, the lead stays unsent, for `resend_notifications`
            send_contact_notification.enqueue(submission.pk, Site.find_for_request(request).pk)
        except Exception:
            logger.exception("Contact submission %s: notification not queued", submission.pk)
        return True

    @path("thanks/", name="thanks")
    def thanks(self, request):
        return self.render_page(request, "pages/contact_thanks.html", noindex=True)

    def render_page(self, request, template, **kwargs):
        response = super().render_page(request, template, **kwargs)
        # The form carries a CSRF token and a start time, and the other two pages are
        # answers to one visitor, so no shared cache may keep any of them (this also
        # makes them private).
        add_never_cache_headers(response)
        return response


def body_size(request):
    """The size the request says its body has (none for a missing or bad header, as Django)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
