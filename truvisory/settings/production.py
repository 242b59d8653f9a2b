"""Production: everything deployment-specific comes from the environment, and start-up stops
with a one-line message when a required variable is missing."""

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

# The proxy or load balancer in front terminates TLS and says so in this header. It is
# believed only from TRUSTED_PROXIES: truvisory/proxies.py removes it from anyone else's.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# On by default so that `check --deploy` is clean; set it to false to leave the header
# without `preload` (for a domain that is not ready for the browsers' preload list).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Errors to Sentry, only when SENTRY_DSN is set. No personal data is sent (sentry_sdk's
# default). It reads SENTRY_DSN and SENTRY_ENVIRONMENT (default "production") itself.
if os.environ.get("SENTRY_DSN"):
    import sentry_sdk

    sentry_sdk.init(
        release=os.environ.get("SENTRY_RELEASE") or None,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        # Without this, Sentry still attaches a failed post's form to its report (pii or
        # not): a contact message would reach it. The privacy page says none does.
        max_request_body_size="never",
    )

# The CDN: Cloudflare's cache is purged on publish when its zone and credentials are set
# (page_cache/cdn.py, through wagtail.contrib.frontend_cache's Cloudflare backend).
# An API token with the Zone.Cache Purge permission is enough; the global key works too.
if os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
            **(
                {"BEARER_TOKEN": os.environ["CLOUDFLARE_BEARER_TOKEN"]}
                if os.environ.get("CLOUDFLARE_BEARER_TOKEN")
                else {
                    "EMAIL": os.environ.get("CLOUDFLARE_EMAIL", ""),
                    "API_KEY": os.environ.get("CLOUDFLARE_API_KEY", ""),
                }
            ),
        }
    }

# Media on S3-compatible storage (AWS S3, Cloudflare R2, MinIO) through django-storages,
# so that no upload lives on one web node's disk. The AWS_* variables are read by
# django-storages itself: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_S3_ENDPOINT_URL
# (for R2 or MinIO), AWS_S3_REGION_NAME and AWS_S3_CUSTOM_DOMAIN (a public domain for media).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES = {
        **STORAGES,  # noqa: F405
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
                # Uploads are public images and documents; signed URLs would defeat caching.
                "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
                "file_overwrite": False,
                "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
                "object_parameters": {"CacheControl": "public, max-age=86400"},
            },
        },
    }
    # Images now come from the bucket's host: let the pages show them (the admin allows https:).
    _media_host = (
        os.environ.get("AWS_S3_CUSTOM_DOMAIN")
        or os.environ.get("AWS_S3_ENDPOINT_URL")
        or f"{os.environ['AWS_STORAGE_BUCKET_NAME']}.s3.amazonaws.com"
    )
    _img_src = CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]  # noqa: F405
    _img_src.append("https://" + _media_host.removeprefix("https://").split("/")[0])
    if os.environ.get("AWS_S3_REGION_NAME") and not os.environ.get("AWS_S3_ENDPOINT_URL"):
        # Outside us-east-1, AWS S3 answers from the bucket's regional host.
        _img_src.append(
            f"https://{os.environ['AWS_STORAGE_BUCKET_NAME']}.s3."
            f"{os.environ['AWS_S3_REGION_NAME']}.amazonaws.com"
        )
