from .base import BasePage, RoutableBasePage
from .contact import ContactPage
from .home import HomePage
from .site_settings import SiteSettings
from .standard import StandardPage
from .submissions import ContactSubmission, Prompt

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
