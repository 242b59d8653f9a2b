"""The truvisory app's models: the page cache's own (truvisory/page_cache/models.py)."""

from truvisory.page_cache.models import ContentVersion, PageCacheFailures

__all__ = ["ContentVersion", "PageCacheFailures"]
