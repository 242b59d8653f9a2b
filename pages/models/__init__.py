from .base import BasePage, RoutableBasePage
from .contact import ContactPage
from .home import HomePage
from .site_settings import SiteSettings
from .standard import StandardPage
from .submissions import ContactSubmission, NotificationDigest, SourceKind, Trigger

__all__ = [
    "BasePage",
    "ContactPage",
    "ContactSubmission",
    "HomePage",
    "NotificationDigest",
    "RoutableBasePage",
    "SiteSettings",
    "SourceKind",
    "StandardPage",
    "Trigger",
]
