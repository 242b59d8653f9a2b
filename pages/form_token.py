"""The contact form's start token: proof that a post answers a form this site showed, to this
visitor's network, a little while ago (docs/architecture.md, "The contact form")."""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

SALT = "pages.contact.started"


def network_tag(network):
    return salted_hmac(SALT, network, algorithm="sha256").hexdigest()[:32]


def make(network, started=None):
    """A token for a form shown to `network` now, or at `started` (a time.time())."""
    started = time.time() if started is None else started
    return signing.dumps([started, network_tag(network)], salt=SALT)


@dataclass(frozen=True)
class Reading:
    seconds: float  # since the form was shown
    current: bool  # for this network, and not yet expired


def read(token, network):
    """What a posted token says, or None when it is missing or not one of ours."""
    try:
        started, tag = signing.loads(token, salt=SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    seconds = time.time() - started
    current = tag == network_tag(network) and seconds <= settings.CONTACT_FORM_MAX_AGE
    return Reading(seconds, current)


def fingerprint(token):
    """What a stored lead keeps of its token: enough to know it again, nothing more."""
    return hashlib.sha256(token.encode()).hexdigest()
