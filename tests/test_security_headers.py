"""Security headers on every response: CSP, framing, HSTS and friends, and security.txt."""

import base64
import hashlib
import re
from datetime import timedelta

import pytest
from django.template import engines
from django.test import Client, RequestFactory
from django.utils import timezone
from sectxt import Parser as SecurityTxtParser

from pages.models import ContactPage, SiteSettings
from tests.fixtures import GUIDE_URL
from tests.html import soup, text_of
from truvisory.csp import ContentSecurityPolicyMiddleware


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


PUBLIC_URLS = ["/", "/guides/", GUIDE_URL, "/faq/", "/contact/", "/search/?q=example", "/llms.txt"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_send_the_strict_policy_and_the_other_headers(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "browsing-topics=()"):
        assert feature in permissions


def test_a_cached_page_replays_the_same_headers_without_a_nonce(client, db):
    first = client.get(GUIDE_URL)
    second = client.get(GUIDE_URL)
    assert second["X-Page-Cache"] == "hit"
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert "nonce-" not in second["Content-Security-Policy"]
    assert second["Permissions-Policy"] == first["Permissions-Policy"]


def test_json_ld_is_a_data_block_that_needs_no_nonce(client, db):
    """CSP governs scripts that run; a JSON-LD block never runs, so it carries no nonce. The
    scripts that run are files of the site's own (the analytics' and the visit's note)."""
    html = client.get(GUIDE_URL).content.decode()
    blocks = re.findall(r"<script([^>]*)>", html)
    inline = [attributes for attributes in blocks if " src=" not in attributes]
    assert inline, "the guide has its JSON-LD"
    assert all('type="application/ld+json"' in attributes for attributes in inline)
    assert [a for a in blocks if " src=" in a] == [
        ' src="/static/js/analytics.js" defer data-collect="/_a/" data-endpoint=""',
        ' src="/static/js/visit.js" data-contact="/contact/" defer',
    ]
    assert "nonce" not in html


def test_a_response_that_uses_a_nonce_gets_it_in_the_header_and_is_never_shared(db):
    template = engines["django"].from_string(
        '<script nonce="{{ request.csp_nonce }}">document.title = "x"</script>'
    )

    def view(request):
        from django.http import HttpResponse

        return HttpResponse(template.render({}, request))

    request = RequestFactory().get("/some-page/")
    middleware = ContentSecurityPolicyMiddleware(view)
    response = middleware(request)
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in policy(response)["script-src"]
    assert "private" in response["Cache-Control"]


def test_the_admin_gets_its_own_policy(admin_client, db):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    csp = policy(response)
    assert "'unsafe-inline'" in csp["script-src"]
    assert "'unsafe-inline'" in csp["style-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_admin_login_page_keeps_the_admin_policy(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in policy(response)["script-src"]


def test_the_preview_may_be_framed_by_the_admin_only(admin_client, guide):
    response = admin_client.get(f"/admin/pages/{guide.pk}/edit/preview/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(response)["frame-ancestors"] == ["'self'"]


def test_a_page_rendered_inside_the_admin_gets_the_admin_policy(admin_client, guide):
    """Wagtail renders a draft or preview by passing a made-up request for the page's public
    URL through the middleware; that inner pass must not leave the public policy behind."""
    guide.title = "A draft title"
    guide.save_revision()
    response = admin_client.get(f"/admin/pages/{guide.pk}/view_draft/")
    assert response.status_code == 200
    assert text_of(soup(response).find("h1")) == "A draft title"
    assert "'unsafe-inline'" in policy(response)["script-src"]


def test_the_plain_error_pages_keep_their_inline_style_without_unsafe_inline(db):
    client = Client(raise_request_exception=False)
    response = client.get("/", HTTP_HOST="bad host name")  # a 400, rendered from plain.html
    assert response.status_code == 400
    style = re.search(r"<style>(.*?)</style>", response.content.decode(), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    csp = policy(response)
    assert f"'sha256-{digest}'" in csp["style-src"]
    assert "'unsafe-inline'" not in csp["style-src"]


def security_txt(client):
    """The fields of /.well-known/security.txt, once RFC 9116's validator (sectxt, the
    parser behind internet.nl) finds no error in it."""
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    fields = dict(line.split(": ", 1) for line in response.content.decode().strip().splitlines())
    checked = SecurityTxtParser(response.content, urls=fields["Canonical"])
    assert checked.errors == []
    return fields


def test_security_txt_is_built_from_the_site_settings(client, db):
    settings_row = SiteSettings.objects.first()
    settings_row.contact_email = "security@example.test"
    settings_row.save()
    fields = security_txt(client)
    assert fields["Contact"] == "mailto:security@example.test"
    assert fields["Canonical"].endswith("/.well-known/security.txt")
    assert fields["Canonical"].startswith("https://")
    expires = timezone.datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    assert timedelta(days=360) < expires - timezone.now() <= timedelta(days=366)


def test_without_a_contact_email_security_txt_gives_the_contact_page(client, db):
    """A fresh install has no contact email: the contact form is the way to reach us."""
    SiteSettings.objects.update(contact_email="")
    fields = security_txt(client)
    site_url = fields["Canonical"].removesuffix("/.well-known/security.txt")
    assert fields["Contact"] == site_url + ContactPage.objects.get().url
    assert fields["Contact"].startswith("https://")
    expires = timezone.datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    assert timedelta(days=360) < expires - timezone.now() <= timedelta(days=366)


def test_security_txt_is_absent_without_a_contact_email_or_a_live_contact_page(client, db):
    SiteSettings.objects.update(contact_email="")
    ContactPage.objects.get().unpublish()
    assert client.get("/.well-known/security.txt").status_code == 404
