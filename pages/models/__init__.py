from .base import BasePage
from .contact import ContactPage
from .home import HomePage
from .site_settings import SiteSettings
from .standard import StandardPage

__all__ = ["BasePage", "ContactPage", "HomePage", "SiteSettings", "StandardPage"]
