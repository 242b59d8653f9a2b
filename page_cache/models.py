"""What the page cache keeps in the database, where a Redis outage cannot lose it: one row
(id 1) of each model."""

from django.db import models


class ContentVersion(models.Model):
    """The version of everything a visitor can see: a new token written with each change."""

    token = models.CharField(max_length=16)
    changed_at = models.DateTimeField()

    class Meta:
        db_table = "truvisory_contentversion"  # made when it was the truvisory app's
        verbose_name = "content version"

    def __str__(self):
        return f"Content version {self.token} of {self.changed_at:%Y-%m-%d %H:%M:%S}"


class PageCacheFailures(models.Model):
    """Writes to the page cache that failed (Redis down, paused or full), shown under Settings >
    Page cache; apart from ContentVersion, so counting never waits for an editor's transaction."""

    failed_writes = models.PositiveBigIntegerField(default=0)
    last_failed_at = models.DateTimeField(null=True)

    class Meta:
        db_table = "truvisory_pagecachefailures"  # made when it was the truvisory app's
        verbose_name = "page cache failures"
        verbose_name_plural = "page cache failures"

    def __str__(self):
        return f"{self.failed_writes} failed writes to the page cache"
