"""Log lines for a developer's terminal (settings/dev.py): short and readable, where
production writes JSON for a log collector."""

import logging


class ReadableFormatter(logging.Formatter):
    """One line a record: `10:11:10  GET /guides/ 200  28.9 ms`, or level, logger and message."""

    def __init__(self, *args, **kwargs):
        super().__init__(datefmt="%H:%M:%S")

    def format(self, record):
        time = self.formatTime(record, self.datefmt)
        if hasattr(record, "duration_ms"):  # truvisory.request's line
            cached = "  (page cache)" if getattr(record, "page_cache", None) == "hit" else ""
            line = f"{time}  {record.getMessage()}  {record.duration_ms} ms{cached}"
        else:
            line = f"{time}  {record.levelname} {record.name}: {record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line
