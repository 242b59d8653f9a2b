"""The task worker's heartbeat (worker/worker.py): one row a worker process."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """A `db_worker` process and when it last said it was alive (dashboard, /readyz, lease)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    last_beat = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(
        null=True, blank=True, help_text="When the worker stopped of its own accord."
    )

    class Meta:
        db_table = "truvisory_workerheartbeat"  # made when it was the truvisory app's
        ordering = ["-last_beat"]

    def __str__(self):
        return f"{self.host} (pid {self.pid})"
