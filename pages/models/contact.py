"""The contact page and the submissions its form stores."""

from django.conf import settings
from django.db import models
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import Site

from pages import ratelimit

from .base import BasePage, RoutableBasePage


class Prompt(models.TextChoices):
    """What prompted a visitor to get in touch: the triggers the flagship guide lists."""

    ROADMAP = "roadmap", "An AI feature or product is on the roadmap with no senior technical owner"
    PILOT = "pilot", "A pilot demos well but won’t ship"
    BUILD_VS_BUY = "build-vs-buy", "An AI build-vs-buy decision"
    INFRASTRUCTURE = "infrastructure", "Data or ML infrastructure choices are looming"
    BOARD = "board", "Board or investor pressure to “have an AI story”"
    GOVERNANCE = "governance", "AI governance and risk are starting to surface"
    OTHER = "other", "Something else"

    @classmethod
    def triggers(cls):
        """(value, label) of the guide's six triggers, without "Something else": the
        choices of the self-assessment, and of what a submission's triggers may hold."""
        return [(value, label) for value, label in cls.choices if value != cls.OTHER]


def trigger_labels(values):
    """The labels of these trigger values, in the guide's order; unknown values are left out."""
    wanted = set(values or [])
    return [label for value, label in Prompt.triggers() if value in wanted]


class ContactSubmission(models.Model):
    """A message sent through the contact form.

    Editors read and export these under "Contact submissions" in the admin. Each one is
    stored before the notification email is tried, so a lead survives a mail outage;
    `manage.py resend_notifications` retries the ones whose email did not go out.
    """

    name = models.CharField(max_length=200)
    email = models.EmailField()
    company = models.CharField(max_length=200, blank=True)
    message = models.TextField(max_length=5000)
    prompted_by = models.CharField("What prompted it", max_length=20, choices=Prompt.choices)
    consent = models.BooleanField(default=False)
    source = models.CharField(
        "Came from",
        max_length=100,
        blank=True,
        help_text="The slug of the page whose call to action led here, such as a guide, or "
        "“assessment” for the self-assessment.",
    )
    triggers = models.JSONField(
        "Triggers ticked",
        default=list,
        blank=True,
        help_text="The triggers the visitor ticked in the self-assessment before writing, "
        "as Prompt values in the guide’s order.",
    )
    ip_hash = models.CharField(
        "Address hash",
        max_length=64,
        blank=True,
        help_text="A keyed hash of the sender’s IP address: enough to spot repeats, not to "
        "recover the address.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    notification_sent = models.BooleanField("Email sent", default=False)
    notification_attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "contact submission"

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def triggers_display(self):
        """The ticked triggers, as editors read them in Contact submissions and exports."""
        return "; ".join(trigger_labels(self.triggers))

    triggers_display.short_description = "Triggers ticked"


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

    def rich_text_sources(self):
        return [self.introduction, self.thank_you_text]

    @path("")
    def form_view(self, request):
        # Imported here because both import this module's models.
        from pages.forms import ContactForm, initial_values
        from pages.notifications import queue_notification

        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        if request.method == "POST":
            if body_size(request) > settings.CONTACT_MAX_BODY_BYTES:
                # Far more than any message needs. (Django's DATA_UPLOAD_MAX_MEMORY_SIZE
                # still bounds what the CSRF check reads before this view runs.)
                max_length = ContactSubmission._meta.get_field("message").max_length
                return self.render_page(
                    request, "pages/contact_too_large.html", status=413, max_length=max_length
                )
            sender = ratelimit.address_hash(ratelimit.client_address(request))
            if ratelimit.over_limit(sender):
                # The visitor's message is shown back to them, so that it is not lost.
                message = request.POST.get("message", "")[:5000]
                response = self.render_page(
                    request, "pages/contact_rate_limited.html", status=429, message=message
                )
                response["Retry-After"] = str(settings.CONTACT_RATE_WINDOW)
                return response
            form = ContactForm(request.POST)
            if form.is_valid():
                # A filled honeypot gets the same answer as a person, and nothing is kept.
                if not form.is_spam:
                    submission = form.save(commit=False)
                    submission.ip_hash = sender
                    submission.save()  # stored first: nothing after this can lose the lead
                    queue_notification(submission, Site.find_for_request(request))
                return redirect(self.get_url(request) + self.reverse_subpage("thanks"))
        else:
            form = ContactForm(initial=initial_values(request.GET))
        return self.render_page(request, self.get_template(request), form=form)

    @path("thanks/", name="thanks")
    def thanks(self, request):
        return self.render_page(request, "pages/contact_thanks.html", noindex=True)

    def render_page(self, request, template, status=200, noindex=False, **extra):
        context = {**self.get_context(request), **extra}
        if noindex or status != 200:
            context["seo"] = {**context["seo"], "noindex": True}
        response = TemplateResponse(request, template, context, status=status)
        # The form carries a CSRF token and a start time, and the other two pages are
        # answers to one visitor, so no shared cache may keep any of them (this also
        # makes them private).
        add_never_cache_headers(response)
        return response


def body_size(request):
    """The size the request says its body has (a missing or bad header counts as none:
    Django then reads no body either)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
