"""X-Forwarded-For and X-Forwarded-Proto count only from TRUSTED_PROXIES (truvisory/proxies.py).

One setting decides the address that the contact form's rate limit, the sign-in lockout and
the request log see, and the scheme. Each test sets it as a deployment behind a load balancer
would, and also sets TRUSTED_PROXY_COUNT=1, the README's earlier advice, which the site no
longer reads: with it, the old code believed the headers from any client.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from accounts.tests.test_admin_protection import PASSWORD, sign_in
from tests.fixtures import GUIDE_URL
from tests.test_contact import CONTACT_URL, VISITOR, started_token
from tests.test_request_log import json_log
from truvisory.proxies import TrustedProxyMiddleware, trusted_networks, visitor_address

PROXY = "10.0.0.2"  # the load balancer
DIRECT = "203.0.113.50"  # a client that reaches the app without it


@pytest.fixture
def behind_a_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600


@pytest.fixture
def editor_account(db, settings):
    """An editor, with django-axes on as in production (5 failures pause the pair)."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    return get_user_model().objects.create_user(
        "editor", "editor@example.test", PASSWORD, is_staff=True, is_superuser=True
    )


def contact_post(address, forwarded_for):
    # The form was shown to the visitor: through the proxy, its last forwarded address.
    visitor = forwarded_for.split(",")[-1].strip() if address == PROXY else address
    data = {**VISITOR, "started": started_token(visitor)}
    return Client().post(CONTACT_URL, data, REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_a_direct_client_cannot_escape_the_contact_limit_with_forged_addresses(db, behind_a_proxy):
    statuses = [contact_post(DIRECT, f"198.51.100.{n}").status_code for n in range(12)]
    assert statuses == [302] * 5 + [429] * 7


def test_behind_the_proxy_each_visitor_has_their_own_contact_limit(db, behind_a_proxy):
    assert [contact_post(PROXY, "198.51.100.7").status_code for _ in range(6)] == [302] * 5 + [429]
    # Another visitor through the same proxy is still heard.
    assert contact_post(PROXY, "198.51.100.8").status_code == 302


def test_a_direct_client_cannot_escape_the_sign_in_pause_with_forged_addresses(
    editor_account, behind_a_proxy
):
    for n in range(15):
        client = Client(REMOTE_ADDR=DIRECT, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        sign_in(client, "wrong")
    client = Client(REMOTE_ADDR=DIRECT, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert sign_in(client, PASSWORD).status_code == 429


def test_behind_the_proxy_the_pause_is_the_visitors_own(editor_account, behind_a_proxy):
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    for _ in range(5):
        sign_in(attacker, "wrong")
    assert sign_in(attacker, PASSWORD).status_code == 429
    # The editor, through the same load balancer from their own address, signs in.
    editor_client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert sign_in(editor_client, PASSWORD).status_code == 302


def test_the_request_log_shows_the_visitors_address_only_through_the_proxy(db, behind_a_proxy):
    with json_log("truvisory.request") as lines:
        Client(REMOTE_ADDR=DIRECT).get(GUIDE_URL, secure=True, HTTP_X_FORWARDED_FOR="1.2.3.4")
        Client(REMOTE_ADDR=PROXY).get(
            GUIDE_URL, HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9"
        )
    assert [line["client"] for line in lines] == [DIRECT, "198.51.100.9"]


def test_a_direct_client_cannot_claim_https(db, behind_a_proxy, settings):
    settings.SECURE_SSL_REDIRECT = True
    forged = Client(REMOTE_ADDR=DIRECT).get(GUIDE_URL, HTTP_X_FORWARDED_PROTO="https")
    # Plain http, so the https redirect, and no page.
    assert forged.status_code == 301
    assert forged["Location"] == "https://testserver" + GUIDE_URL


def test_through_the_proxy_https_is_believed(db, behind_a_proxy, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = Client(REMOTE_ADDR=PROXY).get(GUIDE_URL, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=3600"


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "visitor"),
    [
        # Each trusted hop is skipped from the right; what is further left is not believed.
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.1.2.3", "198.51.100.1"),
        # Nothing usable to the left of the proxy: the proxy is all that is known.
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", "198.51.100.1, 10.0.0.5:8080", "10.0.0.2"),
        # An IPv4 proxy seen through a dual-stack socket.
        ("::ffff:10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_visitor_is_the_right_most_address_that_is_not_a_trusted_proxy(
    peer, forwarded_for, visitor
):
    assert visitor_address(peer, forwarded_for, trusted_networks(("10.0.0.0/8",))) == visitor


def test_a_wrong_entry_stops_start_up_with_a_clear_message(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "the load balancer"]
    with pytest.raises(ImproperlyConfigured, match="'the load balancer' is neither"):
        TrustedProxyMiddleware(lambda request: None)


def test_ignored_forwarded_headers_are_logged_once_with_their_address(db, caplog, settings):
    settings.TRUSTED_PROXIES = []
    client = Client(REMOTE_ADDR=PROXY)
    for _ in range(3):
        client.get("/healthz", HTTP_X_FORWARDED_FOR="198.51.100.9", HTTP_X_FORWARDED_PROTO="https")
    warnings = [r.getMessage() for r in caplog.records if r.name == "truvisory.proxies"]
    assert warnings == [
        f"Forwarded headers from {PROXY} ignored (X-FORWARDED-FOR, X-FORWARDED-PROTO): "
        "it is not in TRUSTED_PROXIES"
    ]
