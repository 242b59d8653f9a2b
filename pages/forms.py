"""The contact form, with its spam defences: a honeypot and a minimum time to fill it in,
what a link to it may fill in: the triggers ticked in the self-assessment, and what the
visitor's browser carries in hidden fields: where the visit came from (pages/lead_source.py)."""

import time

from django import forms
from django.conf import settings
from django.core.validators import slug_re
from django.utils.html import format_html

from pages import form_token, lead_source
from pages.models.submissions import ContactSubmission, Trigger, prompt_choices, trigger_labels
from pages.notifications import encodable

EXPIRED = "This form has expired; please send it again."
REPLAYED = (
    "This form was sent before, and that message reached us; it is not stored twice. "
    "To send another message, send the form again."
)
# The start of the message when the self-assessment's triggers are carried over; the
# visitor edits it as they like.
TRIGGERS_MESSAGE = "In the self-assessment, I ticked:"


def known_triggers(values):
    """The trigger values among `values`, once each, in the triggers' order (Snippets ›
    Triggers). Anything else is dropped: a value the visitor did not type is no reason to
    turn a lead away. Only a slug can be one (Trigger.value is a SlugField), so nothing else
    reaches the query: PostgreSQL refuses a NUL byte in a parameter outright."""
    wanted = {value for value in values if isinstance(value, str) and slug_re.match(value)}
    return list(Trigger.objects.filter(value__in=wanted).values_list("value", flat=True))


def initial_values(query):
    """The form's starting values, from the self-assessment's link to it: `?triggers=` (one
    a ticked trigger), which also choose what prompted the visit and start the message, for
    the visitor to change."""
    initial = {}
    triggers = known_triggers(query.getlist("triggers"))
    if triggers:
        lines = [TRIGGERS_MESSAGE, *(f"- {label}" for label in trigger_labels(triggers))]
        called_out = Trigger.objects.filter(called_out=True, value__in=triggers)
        initial.update(
            triggers=triggers,
            # The one the guide calls out (its recurring trigger), when it is among them.
            prompted_by=called_out.values_list("value", flat=True).first() or triggers[0],
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


# The model's fields that the browser's hidden fields fill in, as they are stored.
VISIT_FIELDS = [
    "cta_page",
    "landing_page",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "guides_read",
]


class ContactForm(forms.ModelForm):
    # Hidden from people (the `hidden` attribute, so no stylesheet is needed) and
    # from autofill, but bots that fill in every field fill this one too.
    website = UntypedField(
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # What the visitor's browser kept of this visit (static/js/visit.js fills these in; they
    # stay empty without JavaScript): the page whose call to action led here, the visit's
    # first page, its referrer and campaign, and the guides read, space-separated.
    cta_page = UntypedField(widget=forms.HiddenInput)
    landing_page = UntypedField(widget=forms.HiddenInput)
    referrer = UntypedField(widget=forms.HiddenInput)
    utm_source = UntypedField(widget=forms.HiddenInput)
    utm_medium = UntypedField(widget=forms.HiddenInput)
    utm_campaign = UntypedField(widget=forms.HiddenInput)
    guides_read = UntypedField(widget=forms.HiddenInput)
    # The triggers ticked in the self-assessment (`?triggers=` on the link to the form).
    triggers = TriggersField()
    # The editors' triggers and "Something else", read afresh for each form.
    prompted_by = forms.ChoiceField(
        label="What prompted you to get in touch?",
        choices=prompt_choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what prompted you to get in touch."},
    )

    class Meta:
        model = ContactSubmission
        fields = [
            "name",
            "email",
            "company",
            "prompted_by",
            "message",
            "consent",
            "triggers",
            *VISIT_FIELDS,
        ]
        labels = {
            "name": "Your name",
            "email": "Email address",
            "company": "Company (optional)",
            "message": "Where do things stand?",
        }
        help_texts = {"email": "We reply to this address, and use it for nothing else."}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "message": forms.Textarea(attrs={"rows": 8, "cols": 30}),
        }
        error_messages = {
            "name": {"required": "Enter your name."},
            "email": {
                "required": "Enter your email address.",
                "invalid": "Enter an email address like name@example.com.",
            },
            "message": {"required": "Tell us a little about where things stand."},
        }

    def __init__(self, *args, organisation_name, privacy_url=None, network="", **kwargs):
        """`organisation_name`: who keeps the details, named by the consent box (Site
        settings). `privacy_url`: the live privacy page's address, which the consent box links.
        `network`: the visitor's network key (pages/ratelimit.py), which the form's start
        token is bound to (pages/form_token.py)."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields[
            "consent"
        ].label = f"I agree that {organisation_name} may keep these details to reply to me."
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

    def clean_email(self):
        # An address the mailer cannot encode could never be replied to from the
        # notification: say so now, while the visitor can correct it.
        email = self.cleaned_data["email"]
        if not encodable(email):
            raise forms.ValidationError(
                "We could not use this email address. Check it for unusual characters, "
                "or use another address."
            )
        return email

    # A bad value in a hidden field is stored as "unknown" (or left out) rather than shown
    # as an error: it is no reason to turn a lead away.
    def clean_cta_page(self):
        return lead_source.page_path(self.cleaned_data["cta_page"])

    def clean_landing_page(self):
        return lead_source.page_path(self.cleaned_data["landing_page"])

    def clean_referrer(self):
        return lead_source.referrer_host(self.cleaned_data["referrer"])

    def clean_utm_source(self):
        return lead_source.campaign_value(self.cleaned_data["utm_source"])

    def clean_utm_medium(self):
        return lead_source.campaign_value(self.cleaned_data["utm_medium"])

    def clean_utm_campaign(self):
        return lead_source.campaign_value(self.cleaned_data["utm_campaign"])

    def clean_guides_read(self):
        return lead_source.guides_read(self.cleaned_data["guides_read"].split())

    def save(self, commit=True):
        submission = super().save(commit=False)
        submission.referrer_host = self.cleaned_data["referrer"]
        submission.source, submission.source_kind = lead_source.first_touch(
            submission.referrer_host, visited=bool(submission.landing_page)
        )
        if commit:
            submission.save()
        return submission

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
