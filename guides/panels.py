"""Read-only editor panels: usage, verification, a guide's checks and its link suggestions."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.panels import Panel

from guides.content_checks import guide_notes, guide_warnings
from guides.link_suggestions import Suggester
from guides.usage import pages_referencing

# The name of the submit button that saves a statistic as verified today. Wagtail's create
# and edit views read `action-<name>` from the posted form (guides/verification.py).
MARK_VERIFIED = "mark-verified"


class ReadOnlyPanel(Panel):
    """A panel that renders `template_name` with what `context(instance)` returns."""

    shown_on_new_objects = True

    class BoundPanel(Panel.BoundPanel):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.template_name = self.panel.template_name

        def is_shown(self):
            return self.panel.shown_on_new_objects or self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            return {**context, **self.panel.context(self.instance)}


class UsagePanel(ReadOnlyPanel):
    """The pages that show this snippet, with a link to Wagtail's full usage screen."""

    template_name = "guides/admin/usage_panel.html"

    def context(self, instance):
        pages = pages_referencing([instance])[instance.pk] if instance.pk is not None else []
        return {"pages": pages, "usage_url": snippet_url(instance, "usage")}


class VerificationPanel(ReadOnlyPanel):
    """Who last verified the figure, and a button that saves the form as verified today."""

    template_name = "guides/admin/verification_panel.html"

    def context(self, instance):
        return {"statistic": instance, "action_name": f"action-{MARK_VERIFIED}"}


def snippet_url(instance, view):
    """The address of a snippet's `view` (“edit”, “usage”), or None for an unsaved one."""
    viewset = getattr(type(instance), "snippet_viewset", None)
    if instance.pk is None or viewset is None:
        return None
    return reverse(viewset.get_url_name(view), args=[quote(instance.pk)])


class ContentChecksPanel(ReadOnlyPanel):
    """Warnings about the page's SEO and content. They never stop a save or a publish."""

    template_name = "guides/admin/content_checks_panel.html"
    shown_on_new_objects = False  # nothing to check yet; the checks run on every save

    def context(self, instance):
        return {"warnings": guide_warnings(instance), "notes": guide_notes(instance)}


class LinkSuggestionsPanel(ReadOnlyPanel):
    """Other live pages that this guide names without a link, each with its sentence."""

    template_name = "guides/admin/link_suggestions_panel.html"
    shown_on_new_objects = False  # a new page has no text to read yet

    def context(self, instance):
        return {"suggestions": Suggester.for_live_pages().suggestions_for(instance)}
