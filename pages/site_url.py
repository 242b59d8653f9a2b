"""The canonical host: absolute URLs start with their Site's base URL, never the request's
Host (docs/architecture.md, "The canonical host"). Port 80 or 443 is https."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, transaction
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.models import Site

PUBLIC_PORTS = (80, 443)
LOCAL_HOSTNAMES = {"localhost", "127.0.0.1", "::1"}


def base_url(hostname, port):
    if ":" in hostname:  # an IPv6 address
        hostname = f"[{hostname}]"
    if port in PUBLIC_PORTS:
        return f"https://{hostname}"
    return f"http://{hostname}:{port}"


def site_base(site):
    return base_url(site.hostname, site.port)


def base_from_root_url(root_url):
    """The base for one of Wagtail's Site root URLs (``http://host`` is port 80)."""
    parts = urlsplit(root_url)
    return base_url(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))


def default_base():
    """The default Site's base, for URLs that belong to no page (the sitemap, the feed)."""
    site = Site.objects.filter(is_default_site=True).first()
    return site_base(site) if site else base_url("localhost", 443)


def parse_site_url(value):
    """(hostname, port) from a SITE_URL, or ImproperlyConfigured saying what is wrong."""
    parts = urlsplit(value.strip())
    example = "for example https://truvisory.com, or http://127.0.0.1:8000 for a local server"
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = None
    if parts.scheme not in ("http", "https") or not parts.hostname or port is None:
        raise ImproperlyConfigured(f"SITE_URL {value!r} is not a URL: {example}.")
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
        raise ImproperlyConfigured(f"SITE_URL {value!r} must be a scheme and host only: {example}.")
    if (parts.scheme == "https") != (port in PUBLIC_PORTS):
        raise ImproperlyConfigured(
            f"SITE_URL {value!r} cannot be served as given: the site is https on port 443 and "
            f"plain http only on another port ({example})."
        )
    return parts.hostname, 443 if parts.scheme == "https" else port


def apply_site_url():
    """Make the default Site match SITE_URL; a line saying what changed, or None."""
    if not settings.SITE_URL:
        return None
    hostname, port = parse_site_url(settings.SITE_URL)
    with transaction.atomic():
        site = Site.objects.select_for_update().filter(is_default_site=True).first()
        if site is None or (site.hostname, site.port) == (hostname, port):
            return None
        clash = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).first()
        if clash is not None:
            return (
                f"SITE_URL: left the default Site as {site_base(site)}, because the site "
                f"“{clash}” already uses {base_url(hostname, port)}."
            )
        before = site_base(site)
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    return f"SITE_URL: the default Site is now {site_base(site)} (was {before})."


def update_default_site(verbosity=1, stdout=None, **kwargs):
    try:
        message = apply_site_url()
    except DatabaseError:
        return  # Wagtail's tables are not there yet (migrating a subset of apps)
    if message and verbosity and stdout is not None:
        stdout.write(message + "\n")


def safe_next(request, default):
    """Where to go after a form: its `next`, if that stays on this host, else `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
