"""What the contact form stores: each submission, and the triggers a visitor can name
(editors' rows, so that a new one needs no deploy)."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.forms import WagtailAdminModelForm

from page_cache.memo import remembered
from worker.worker import lease_start


class TriggerForm(WagtailAdminModelForm):
    """A trigger's short name is set once: stored leads and the assessment's links name it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["value"].disabled = True
            self.fields["value"].help_text = (
                "Set when the trigger was added: stored leads and the self-assessment’s "
                "links name it, so it stays as it is."
            )


class Trigger(models.Model):
    """A reason to get in touch that the flagship guide names (Snippets › Triggers): the contact
    form offers each, and each self-assessment question chooses one."""

    value = models.SlugField(
        "Short name",
        max_length=20,
        unique=True,
        help_text="Letters, digits and hyphens, such as build-vs-buy: what leads store and "
        "what the self-assessment’s links carry. It cannot be changed later.",
    )
    label = models.CharField(
        max_length=200,
        help_text="The trigger as visitors read it on the contact form, and editors in the "
        "leads, their exports and the notification email.",
    )
    called_out = models.BooleanField(
        "The one the guide calls out",
        default=False,
        help_text="The guide’s recurring trigger: the contact form chooses it first when it "
        "is among the ticked ones, and the self-assessment’s result shows it first. One "
        "trigger at most.",
    )
    sort_order = models.IntegerField(null=True, blank=True, editable=False)
    sort_order_field = "sort_order"

    base_form_class = TriggerForm
    panels = ["value", "label", "called_out"]

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["called_out"],
                condition=models.Q(called_out=True),
                name="one_trigger_called_out",
                violation_error_message="Another trigger is the one the guide calls out.",
            )
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        if self.sort_order is None:  # a new trigger comes last
            last = Trigger.objects.aggregate(last=models.Max("sort_order"))["last"]
            self.sort_order = 0 if last is None else last + 1
        super().save(*args, **kwargs)

    def clean(self):
        # The constraint's own message cannot name the other trigger.
        other = Trigger.objects.exclude(pk=self.pk).filter(called_out=True).first()
        if self.called_out and other:
            message = f"“{other}” is the one the guide calls out. Untick it there first."
            raise ValidationError({"called_out": message})


NOT_KNOWN = "Not known"


def labels():
    """Every trigger's label by its short name, in order, read once per content version."""
    return remembered(
        None, ("trigger labels",), lambda: dict(Trigger.objects.values_list("value", "label"))
    )


def prompt_choices():
    """What may prompt a visit: every trigger, in order, then "Something else"."""
    return [*labels().items(), ("other", "Something else")]


def trigger_labels(values):
    """These trigger values' labels, in order, then any value of a deleted trigger as stored."""
    known = labels()
    wanted = dict.fromkeys(values)
    return [known[v] for v in known if v in wanted] + [v for v in wanted if v not in known]


class SourceKind(models.TextChoices):
    """What kind of site a visit first came from, for leads and the analytics alike."""

    AI = "ai", "AI assistant"
    SEARCH = "search", "Search engine"
    SOCIAL = "social", "Social network"
    REFERRAL = "referral", "Other website"
    DIRECT = "direct", "Direct or unknown"


class ContactSubmission(models.Model):
    """A message sent through the contact form, which editors read and export under
    "Contact submissions". It is stored before its notification email is tried."""

    name = models.CharField(max_length=200)
    email = models.EmailField()
    company = models.CharField(max_length=200, blank=True)
    message = models.TextField(max_length=5000)
    prompted_by = models.CharField(
        "What prompted it",
        max_length=20,
        help_text="A trigger’s short name (Snippets › Triggers), or “other”.",
    )
    consent = models.BooleanField(default=False)
    # Where the lead came from: what the visitor's browser kept of this visit (static/js/
    # visit.js), bounded by pages/lead_source.py; the analytics name the source from the
    # referrer host as a new lead is stored (analytics/sources.py). Empty when the browser sent
    # nothing (no JavaScript); "unknown" for a value no browser would send.
    cta_page = models.CharField(
        "Call to action on",
        max_length=200,
        blank=True,
        help_text="The address of the page whose call to action led to the form, such as a "
        "guide or the self-assessment’s result.",
    )
    landing_page = models.CharField(
        "Landed on",
        max_length=200,
        blank=True,
        help_text="The address of the first page of the visit.",
    )
    referrer_host = models.CharField(
        "Referrer",
        max_length=253,
        blank=True,
        help_text="The site the visit first came from (the browser’s referrer, host only).",
    )
    source = models.CharField(
        "First came from",
        max_length=100,
        blank=True,
        help_text="The referrer by name, such as ChatGPT or Google, as the analytics name "
        "it (Snippets › Referrer hosts); “Direct” without one; “unknown” for a referrer no "
        "browser would send.",
    )
    source_kind = models.CharField(
        "Kind of source", max_length=20, choices=SourceKind.choices, blank=True
    )
    utm_source = models.CharField("Campaign source", max_length=100, blank=True)
    utm_medium = models.CharField("Campaign medium", max_length=100, blank=True)
    utm_campaign = models.CharField("Campaign", max_length=100, blank=True)
    guides_read = models.JSONField(
        "Guides read",
        default=list,
        blank=True,
        help_text="The addresses of the guides read in the visit, oldest first (the last 10).",
    )
    triggers = models.JSONField(
        "Triggers ticked",
        default=list,
        blank=True,
        help_text="The triggers the visitor ticked in the self-assessment before writing, "
        "as the triggers’ short names (Snippets › Triggers), in their order.",
    )
    # The fingerprint of the form's start token (pages/form_token.py): unique, so a
    # replayed post cannot store the same lead twice. Read by nothing else. NULL, never
    # empty, for a lead without one (stored before, or made in code): NULLs never collide.
    start_token = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    notification_sent = models.BooleanField("Email sent", default=False)
    notification_attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # The steps of a send (pages/notifications.py): `sending_since` is committed before the
    # mail server is spoken to, `notified_at` once it accepted the message. A marker without
    # "sent" that outlives the task lease means the worker died mid-send: the message may
    # have gone out, so it is not sent again unless an editor says so.
    sending_since = models.DateTimeField("Sending since", null=True, blank=True)
    notified_at = models.DateTimeField("Email accepted at", null=True, blank=True)
    held_in = models.ForeignKey(
        "pages.NotificationDigest",
        verbose_name="Held in the digest of",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="held",
        help_text="Over the hourly ceiling: not emailed on its own, counted in that hour's digest.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "contact submission"

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def triggers_display(self):
        return "; ".join(trigger_labels(self.triggers))

    triggers_display.short_description = "Triggers ticked"

    def prompted_by_display(self):
        return dict(prompt_choices()).get(self.prompted_by, self.prompted_by)

    prompted_by_display.short_description = "What prompted it"

    def notification_status(self):
        """Where its email stands, in a few words (pages/notifications.py has the steps)."""
        if self.notification_sent:
            return "Sent"
        if self.sending_since:
            if self.sending_since < lease_start():
                return "Possibly sent: check the inbox"
            return "Being sent"
        if self.held_in_id:
            return "Held: hourly limit"
        return "Failed: will be retried" if self.last_error else "Waiting"

    notification_status.short_description = "Notification"

    def first_touch_display(self):
        """Where the visit first came from: "ChatGPT (AI assistant) via https://chatgpt.com/"."""
        words = self.source_display()
        if self.referrer_host and self.referrer_host != "unknown":
            words += f" via https://{self.referrer_host}/"
        return words

    first_touch_display.short_description = "First came from"

    def source_display(self):
        """The source with its kind, short, for the submissions list: "ChatGPT (AI assistant)"."""
        if not self.source:
            return NOT_KNOWN
        if self.source_kind == SourceKind.DIRECT:
            return self.source
        return f"{self.source} ({self.get_source_kind_display()})"

    def campaign_display(self):
        """The campaign's utm_ values, "source / medium / campaign", as far as they are known."""
        return " / ".join(v for v in (self.utm_source, self.utm_medium, self.utm_campaign) if v)

    campaign_display.short_description = "Campaign"

    def guides_read_display(self):
        return ", ".join(self.guides_read or [])

    guides_read_display.short_description = "Guides read"


class NotificationDigest(models.Model):
    """One clock hour in which leads went over CONTACT_NOTIFY_PER_HOUR: its leads are held,
    and one email at the end of the hour tells the team how many."""

    hour = models.DateTimeField(unique=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-hour"]

    def __str__(self):
        return f"{self.hour:%Y-%m-%d %H:00} UTC"
