"""Read-only panels in the editor: where a snippet is used, who verified a statistic, checks
on a guide, and the links a guide could add.

None has a form field; each renders what it computes from the object being edited.
"""

from django.contrib.admin.utils import quote
from django.urls import NoReverseMatch, reverse
from wagtail.admin.panels import Panel

from guides.content_checks import guide_notes, guide_warnings
from guides.link_suggestions import Suggester
from guides.usage import pages_referencing


class UsagePanel(Panel):
    """The pages that show this snippet, with a link to Wagtail's full usage screen."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "guides/admin/usage_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["pages"] = (
                pages_referencing([instance])[instance.pk] if instance.pk is not None else []
            )
            context["usage_url"] = usage_url(instance)
            return context


# The name of the submit button that saves a statistic as verified today. Wagtail's create
# and edit views read `action-<name>` from the posted form (guides/verification.py).
MARK_VERIFIED = "mark-verified"


class VerificationPanel(Panel):
    """Who last verified the figure, and a button that saves it as verified today by the
    editor. The button submits the whole form, so other changes are saved with it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "guides/admin/verification_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["statistic"] = self.instance
            context["action_name"] = f"action-{MARK_VERIFIED}"
            return context


def usage_url(instance):
    viewset = getattr(type(instance), "snippet_viewset", None)
    if instance.pk is None or viewset is None:
        return None
    try:
        return reverse(viewset.get_url_name("usage"), args=[quote(instance.pk)])
    except NoReverseMatch:
        return None


class ContentChecksPanel(Panel):
    """Warnings about the page's SEO and content. They never stop a save or a publish."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "guides/admin/content_checks_panel.html"

        def is_shown(self):
            # A page being created has nothing to check yet; the checks run on every save.
            return self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["warnings"] = guide_warnings(self.instance)
            context["notes"] = guide_notes(self.instance)
            return context


class LinkSuggestionsPanel(Panel):
    """Other live pages that this guide names without a link to them, each with its sentence:
    the internal links report's suggestions for this guide, from the version being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "guides/admin/link_suggestions_panel.html"

        def is_shown(self):
            return self.instance.pk is not None  # a new page has no text to read yet

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["suggestions"] = Suggester.for_live_pages().suggestions_for(self.instance)
            return context
