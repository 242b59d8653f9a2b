"""The contact form, with its spam defences: a honeypot and a minimum time to fill it in,
and what a link to it may fill in: where the visitor came from, and the triggers they
ticked in the self-assessment."""

import re
import time

from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.text import slugify

from pages import form_token
from pages.models.submissions import ContactSubmission, Prompt, trigger_labels

UNKNOWN_ORIGIN = "unknown"
ORIGIN_MAX_LENGTH = 100
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

EXPIRED = "This form has expired; please send it again."
REPLAYED = (
    "This form was sent before, and that message reached us; it is not stored twice. "
    "To send another message, send the form again."
)
# The start of the message when the self-assessment's triggers are carried over; the
# visitor edits it as they like.
TRIGGERS_MESSAGE = "In the self-assessment, I ticked:"


def lead_origin(value):
    """Where a lead came from, as recorded: the slug of a `?from=` value such as a guide's
    slug, `home` or `assessment`; empty without one; "unknown" for a value that cannot be
    a page's slug (too long, control characters, nothing left once slugified)."""
    value = value.strip()
    if not value:
        return ""
    slug = slugify(value)
    if len(value) > ORIGIN_MAX_LENGTH or CONTROL.search(value) or not slug:
        return UNKNOWN_ORIGIN
    return slug


def known_triggers(values):
    """The trigger values among `values`, once each, in the guide's order. Anything else
    is dropped: a value the visitor did not type is no reason to turn a lead away."""
    wanted = {value for value in values if isinstance(value, str)}
    return [value for value, _label in Prompt.triggers() if value in wanted]


def initial_values(query):
    """The form's starting values, from the link that led to it: `?from=` (the lead's origin)
    and, from the self-assessment, `?triggers=` (one a ticked trigger), which also choose
    what prompted the visit and start the message, for the visitor to change."""
    initial = {"origin": lead_origin(query.get("from", ""))}
    triggers = known_triggers(query.getlist("triggers"))
    if triggers:
        lines = [TRIGGERS_MESSAGE, *(f"- {label}" for label in trigger_labels(triggers))]
        initial.update(
            triggers=triggers,
            # The guide's recurring trigger, when it is among them.
            prompted_by=Prompt.PILOT if Prompt.PILOT in triggers else triggers[0],
            message="\n".join(lines) + "\n\n",
        )
    return initial


class UntypedField(forms.Field):
    """A field the visitor never types (hidden, or the honeypot). Whatever arrives is
    taken as text and never fails validation: such a field must never stop a lead. The
    form's clean_<name> decides what to keep."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return value if isinstance(value, str) else ""


class TriggersField(forms.Field):
    """The self-assessment's ticked triggers, carried as hidden inputs. Like the other
    fields the visitor never types, it never fails: only known triggers are kept."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return known_triggers(value if isinstance(value, list | tuple) else [value])


class ContactForm(forms.ModelForm):
    # Hidden from people (the `hidden` attribute, so no stylesheet is needed) and
    # from autofill, but bots that fill in every field fill this one too.
    website = UntypedField(
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # The page that sent the visitor here (`?from=` on the link to the form).
    origin = UntypedField(widget=forms.HiddenInput)
    # The triggers ticked in the self-assessment (`?triggers=` on the link to the form).
    triggers = TriggersField()

    class Meta:
        model = ContactSubmission
        fields = [
            "name",
            "email",
            "company",
            "prompted_by",
            "message",
            "consent",
            "origin",
            "triggers",
        ]
        labels = {
            "name": "Your name",
            "email": "Email address",
            "company": "Company (optional)",
            "prompted_by": "What prompted you to get in touch?",
            "message": "Where do things stand?",
            "consent": "I agree that Truvisory may keep these details to reply to me.",
        }
        help_texts = {"email": "We reply to this address, and use it for nothing else."}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "prompted_by": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 8, "cols": 30}),
        }
        error_messages = {
            "name": {"required": "Enter your name."},
            "email": {
                "required": "Enter your email address.",
                "invalid": "Enter an email address like name@example.com.",
            },
            "prompted_by": {"required": "Choose what prompted you to get in touch."},
            "message": {"required": "Tell us a little about where things stand."},
        }

    def __init__(self, *args, privacy_url=None, network="", **kwargs):
        """`privacy_url`: the live privacy page's address, which the consent box links.
        `network`: the visitor's network key (pages/ratelimit.py), which the form's start
        token is bound to (pages/form_token.py)."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = (
            "Tick the box so that we may keep your details and reply."
        )
        if privacy_url:
            # As help text, Django ties it to the box with aria-describedby: a screen
            # reader hears it with the question it explains.
            self.fields["consent"].help_text = format_html(
                '<a href="{}">How long we keep them, who can read them, and how to have them '
                "deleted</a>",
                privacy_url,
            )
        # Without this, the radio buttons would include Django's blank "---------" choice.
        self.fields["prompted_by"].choices = Prompt.choices

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website", "").strip())

    @property
    def started_value(self):
        """The start token for the template's hidden `started` input: the posted one while
        it holds, else a new one. A form that expired was filled in already: its new token
        may be sent at once."""
        token = self.data.get("started")
        reading = form_token.read(token, self.network)
        if reading and reading.current and not self.replayed:
            return token
        expired = reading is not None and not reading.current
        started = time.time() - settings.CONTACT_MIN_FILL_SECONDS if expired else None
        return form_token.make(self.network, started)

    @property
    def replayed(self):
        return REPLAYED in self.non_field_errors()

    def refuse_replay(self):
        """The post's token was used by a stored lead already (the view found out)."""
        self.add_error(None, REPLAYED)

    def clean_name(self):
        # One line: the name goes into the notification email's subject.
        return " ".join(self.cleaned_data["name"].split())

    def clean_origin(self):
        # A bad ?from= value is recorded as unknown rather than shown as an error: it is
        # no reason to turn a lead away.
        return lead_origin(self.cleaned_data["origin"])

    def clean(self):
        cleaned = super().clean()
        token = self.data.get("started")
        reading = form_token.read(token, self.network)
        if reading is not None and not reading.current:
            self.add_error(None, EXPIRED)
        elif reading is None or reading.seconds < settings.CONTACT_MIN_FILL_SECONDS:
            self.add_error(
                None,
                "That was quicker than we expect from a person. "
                "Please check your message and send it again.",
            )
        else:
            # Unique: a second lead with the same token is refused when it is saved.
            self.instance.start_token = form_token.fingerprint(token)
        return cleaned
