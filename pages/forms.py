"""The contact form: its spam defences (a honeypot, a signed start token), the triggers a
link from the self-assessment fills in, and where the visit came from (hidden fields)."""

import time

from django import forms
from django.conf import settings
from django.utils.functional import cached_property
from django.utils.html import format_html

from pages import form_token, lead_source, ratelimit
from pages.models.site_settings import SiteSettings
from pages.models.submissions import ContactSubmission, Trigger, labels, prompt_choices
from pages.notifications import encodable

REPLAYED = (
    "This form was sent before, and that message reached us; it is not stored twice. "
    "To send another message, send the form again."
)


def known_triggers(values):
    """The trigger values among `values`, once each, in the triggers' order."""
    return [value for value in labels() if value in values]


def initial_values(query):
    """The triggers of the self-assessment's `?triggers=`, which also start the message."""
    triggers = known_triggers(query.getlist("triggers"))
    if not triggers:
        return {}
    ticked = "".join(f"- {labels()[value]}\n" for value in triggers)
    called_out = Trigger.objects.filter(called_out=True, value__in=triggers)
    return {
        "triggers": triggers,
        # The one the guide calls out (its recurring trigger), when it is among them.
        "prompted_by": called_out.values_list("value", flat=True).first() or triggers[0],
        "message": f"In the self-assessment, I ticked:\n{ticked}\n",
    }


class UntypedField(forms.Field):
    """A field the visitor never types (hidden, or the honeypot): whatever arrives, as `bound`
    keeps it (pages/lead_source.py). It never fails validation: it must never stop a lead."""

    widget = forms.HiddenInput

    def __init__(self, bound=str, **kwargs):
        super().__init__(required=False, **kwargs)
        self.bound = bound

    def to_python(self, value):
        return self.bound(value or "")  # text, or a multiple hidden input's list


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
    cta_page = UntypedField(lead_source.page_path)
    landing_page = UntypedField(lead_source.page_path)
    referrer = UntypedField(lead_source.referrer_host)
    utm_source = UntypedField(lead_source.campaign_value)
    utm_medium = UntypedField(lead_source.campaign_value)
    utm_campaign = UntypedField(lead_source.campaign_value)
    guides_read = UntypedField(lead_source.guides_read)
    # The triggers ticked in the self-assessment (`?triggers=` on the link to the form): only
    # known ones are kept.
    triggers = UntypedField(known_triggers, widget=forms.MultipleHiddenInput)
    # The editors' triggers and "Something else", remembered per content version.
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
            # What the browser's hidden fields fill in, as it is stored.
            "cta_page",
            "landing_page",
            "utm_source",
            "utm_medium",
            "utm_campaign",
            "guides_read",
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
            "consent": {"required": "Tick the box so that we may keep your details and reply."},
        }

    def __init__(self, *args, request, **kwargs):
        """The consent box names the site's organisation and links its live privacy page."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.network = ratelimit.client_network(request)
        site_settings = SiteSettings.for_request(request)
        privacy = site_settings.live_privacy_page()
        consent = self.fields["consent"]
        organisation = site_settings.organisation_name
        consent.label = f"I agree that {organisation} may keep these details to reply to me."
        consent.required = True
        if privacy:
            # As help text, Django ties it to the box with aria-describedby: a screen
            # reader hears it with the question it explains.
            consent.help_text = format_html(
                '<a href="{}">How long we keep them, who can read them, and how to have them '
                "deleted</a>",
                privacy.get_url(request),
            )

    @cached_property
    def reading(self):
        """What the posted start token says (pages/form_token.py), or None."""
        return form_token.read(self.data.get("started"), self.network)

    @property
    def started_value(self):
        """The start token for the template: the posted one while it holds, else a new one (at
        once sendable for an expired form, which was filled in already)."""
        reading = self.reading
        if reading and reading.current and not self.replayed:
            return self.data["started"]
        expired = reading is not None and not reading.current
        started = time.time() - settings.CONTACT_MIN_FILL_SECONDS if expired else None
        return form_token.make(self.network, started)

    @property
    def replayed(self):
        return REPLAYED in self.non_field_errors()

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

    def clean(self):
        cleaned = super().clean()
        lead = self.instance
        lead.referrer_host = cleaned["referrer"]
        reading = self.reading
        if reading is not None and not reading.current:
            self.add_error(None, "This form has expired; please send it again.")
        elif reading is None or reading.seconds < settings.CONTACT_MIN_FILL_SECONDS:
            self.add_error(
                None,
                "That was quicker than we expect from a person. "
                "Please check your message and send it again.",
            )
        else:
            # Unique: a second lead with the same token is refused when it is saved.
            lead.start_token = form_token.fingerprint(self.data["started"])
        return cleaned
