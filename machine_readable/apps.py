from django.apps import AppConfig


class MachineReadableConfig(AppConfig):
    """robots.txt, security.txt, llms.txt, markdown copies, the feed and evidence downloads."""

    name = "machine_readable"
    verbose_name = "Machine-readable files"
