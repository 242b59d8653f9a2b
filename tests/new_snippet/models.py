from django.db import models


class Announcement(models.Model):
    """A short notice an editor could show on pages: a snippet model no other code names."""

    text = models.CharField(max_length=200)

    def __str__(self):
        return self.text
