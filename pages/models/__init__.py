from .base import BasePage, RoutableBasePage
from .contact import ContactPage, ContactSubmission, Prompt
from .home import HomePage
from .site_settings import SiteSettings
from .standard import StandardPage

__all__ = [
    "BasePage",
    "ContactPage",
    "ContactSubmission",
    "HomePage",
    "Prompt",
    "RoutableBasePage",
    "SiteSettings",
    "StandardPage",
]
