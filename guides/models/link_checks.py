"""The last result of a check of each source's link."""

from concurrent.futures import ThreadPoolExecutor, as_completed

from django.db import models
from django.utils import timezone

from guides.link_checker import check_url, in_plain_words

# Links are asked in parallel, so that checking them all takes about as long as the slowest.
PARALLEL_CHECKS = 8


class SourceLinkCheck(models.Model):
    """What a source's outbound link answered when last checked. Kept apart from `Source`, so
    a check is no editor's change: it neither empties the page cache nor shows in history."""

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
    def check_all(cls, timeout, progress=None):
        """Check and keep every source's link, several at once, calling `progress` with each."""
        sources = list(cls._meta.get_field("source").related_model.objects.exclude(url=""))
        checks = []
        with ThreadPoolExecutor(max_workers=PARALLEL_CHECKS) as pool:
            asked = {pool.submit(check_url, source.url, timeout): source for source in sources}
            for answered in as_completed(asked):
                checks.append(cls.record(asked[answered], answered.result()))
                if progress:
                    progress(checks[-1], len(checks), len(sources))
        return checks

    @classmethod
    def record(cls, source, result):
        """Keep what the source's link answered: a LinkResult of guides/link_checker.py."""
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
        """What the link answered, in plain words: “Works (200)”, “The page is gone (404)”."""
        return in_plain_words(self.status_code, self.error)

    @property
    def detail(self):
        """The same, as the checker met it: “HTTP 404”, or the error's own text."""
        if self.status_code is not None:
            return f"HTTP {self.status_code}"
        return self.error or "No answer"

    def is_outdated(self):
        """The source's link changed since this check, so the result says nothing about it."""
        return self.url != self.source.url
