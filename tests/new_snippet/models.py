from django.db import models
from wagtail.fields import RichTextField

from pages.models import BasePage


class Announcement(models.Model):
    """A short notice an editor could show on pages: a snippet model no other code names."""

    text = models.CharField(max_length=200)

    def __str__(self):
        return self.text


class NoticePage(BasePage):
    """A page of rich text with an announcement chosen from the snippets: a page type that
    no other code names, declared as CONTRIBUTING.md says and nothing more."""

    text = RichTextField(blank=True)
    announcement = models.ForeignKey(
        Announcement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = [*BasePage.content_panels, "text", "announcement"]
