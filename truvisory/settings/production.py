"""Production: everything deployment-specific comes from the environment.

Start-up stops with a one-line message when a required variable is missing,
rather than running with an unsafe default.
"""

import os
import sys

from .base import *  # noqa: F403
from .base import env_bool

_missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not os.environ.get(name)]
if _missing:
    sys.stderr.write(
        "truvisory: refusing to start with production settings: "
        f"set the environment variable(s) {', '.join(_missing)}.\n"
    )
    raise SystemExit(78)  # EX_CONFIG

# The proxy or load balancer in front terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# On by default so that `check --deploy` is clean; set it to false to leave the header
# without `preload` (for a domain that is not ready for the browsers' preload list).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
