"""What the contact form stores: each submission, and the triggers a visitor can name.

Its own module, below the contact page, so that the form (pages/forms.py) and the email
(pages/notifications.py) can use the model while the page uses them.
"""

from django.db import models


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
    origin = models.CharField(
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

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "contact submission"

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def triggers_display(self):
        """The ticked triggers, as editors read them in Contact submissions and exports."""
        return "; ".join(trigger_labels(self.triggers))

    triggers_display.short_description = "Triggers ticked"
