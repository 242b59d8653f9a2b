"""The last result of `manage.py check_links` for each source's link."""

from django.db import models
from django.utils import timezone

from guides.link_checker import check_url


class SourceLinkCheck(models.Model):
    """What the outbound link of a source answered when it was last checked.

    Kept apart from `Source`, so that a check never counts as an editor's change to the
    source: it neither empties the page cache nor shows in the source's history.
    """

    source = models.OneToOneField(
        "guides.Source", on_delete=models.CASCADE, related_name="link_check"
    )
    url = models.URLField("Link checked", max_length=500)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=255, blank=True)
    checked_at = models.DateTimeField()

    class Meta:
        verbose_name = "source link check"

    def __str__(self):
        return f"{self.url}: {self.result}"

    @classmethod
    def record(cls, source, timeout):
        """Check the source's link now, and keep what it answered."""
        result = check_url(source.url, timeout)
        check, _ = cls.objects.update_or_create(
            source=source,
            defaults={
                "url": source.url,
                "status_code": result.status_code,
                "error": result.error,
                "checked_at": timezone.now(),
            },
        )
        return check

    @property
    def is_ok(self):
        return self.status_code is not None and 200 <= self.status_code < 400

    @property
    def result(self):
        """How the report reads the check: “200”, “404” or the error."""
        if self.status_code is not None:
            return f"HTTP {self.status_code}"
        return self.error or "No answer"

    def is_outdated(self):
        """The source's link changed since this check, so the result says nothing about it."""
        return self.url != self.source.url
