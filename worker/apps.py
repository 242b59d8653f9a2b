from django.apps import AppConfig


class WorkerConfig(AppConfig):
    """The background task worker and its heartbeat."""

    name = "worker"
    verbose_name = "Task worker"
