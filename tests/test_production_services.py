"""Production's optional services: the Cloudflare purge, S3 media and Sentry, from the environment.

Outbound calls go to a local endpoint that records them (tests/recorder.py). Wagtail's
Cloudflare backend has its API address written into it, so the purge test sends the
backend's real request (method, path, headers, JSON body) to the recorder by rewriting
only the scheme and host of the URL it posts to.
"""

import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image as PillowImage
from wagtail.contrib.frontend_cache.backends import cloudflare
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction

from guides.models import Statistic
from tests.content import site as content
from tests.fixtures import GUIDE_URL
from tests.new_snippet.models import Announcement
from tests.recorder import Recorder
from tests.tasks import run_worker

ROOT = Path(__file__).resolve().parent.parent
# A draft under the topic guide: it was never served, so never cached.
PLANNED_URL = content.TOPIC_URL + "planned-guide/"
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "truvisory.settings.production",
    "SECRET_KEY": "x" * 64 + "production-test-key-with-enough-entropy-1234567890",
    "ALLOWED_HOSTS": "truvisory.example",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "db-check.sqlite3"),
}
OPTIONAL = [
    "REDIS_URL",
    "SENTRY_DSN",
    "CLOUDFLARE_ZONEID",
    "CLOUDFLARE_BEARER_TOKEN",
    "CLOUDFLARE_EMAIL",
    "CLOUDFLARE_API_KEY",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_CUSTOM_DOMAIN",
]
CLOUDFLARE_API = "https://api.cloudflare.com"

SETTINGS_SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
import sentry_sdk
print(json.dumps({
    "frontend_cache": getattr(settings, "WAGTAILFRONTENDCACHE", None),
    "storage": settings.STORAGES["default"]["BACKEND"].rsplit(".", 1)[1],
    "storage_options": settings.STORAGES["default"].get("OPTIONS", {}),
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "sentry": sentry_sdk.get_client().is_active(),
}))
"""


def run_python(script, **env_overrides):
    env = {key: value for key, value in os.environ.items() if key not in OPTIONAL}
    env.update(PRODUCTION_ENV, **env_overrides)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def production_settings(**env):
    return json.loads(run_python(SETTINGS_SCRIPT, **env).strip().splitlines()[-1])


@pytest.mark.slow  # starts Django in a process of its own
def test_without_the_variables_nothing_optional_is_switched_on():
    found = production_settings()
    assert found["frontend_cache"] is None
    assert found["storage"] == "FileSystemStorage"
    assert found["sentry"] is False


@pytest.mark.slow  # starts Django in a process of its own
def test_the_variables_switch_on_cloudflare_s3_and_sentry():
    found = production_settings(
        CLOUDFLARE_ZONEID="zone123",
        CLOUDFLARE_BEARER_TOKEN="cf-token",
        AWS_STORAGE_BUCKET_NAME="truvisory-media",
        AWS_S3_ENDPOINT_URL="https://account.r2.cloudflarestorage.com",
        AWS_S3_CUSTOM_DOMAIN="media.truvisory.example",
        SENTRY_DSN="http://public@127.0.0.1:9/1",
    )
    assert found["frontend_cache"] == {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": "zone123",
            "BEARER_TOKEN": "cf-token",
        }
    }
    assert found["storage"] == "S3Storage"
    options = found["storage_options"]
    assert options["bucket_name"] == "truvisory-media"
    assert options["endpoint_url"] == "https://account.r2.cloudflarestorage.com"
    assert options["custom_domain"] == "media.truvisory.example"
    assert "https://media.truvisory.example" in found["img_src"]
    assert found["sentry"] is True


SENTRY_SCRIPT = """
import sys, types, django
django.setup()
import sentry_sdk
from django.test import Client, override_settings
from django.urls import path

def broken(request):
    raise RuntimeError("sentry-check: the view fell over")

urls = types.ModuleType("broken_urls")
# The site's own addresses stay: its middleware names some of them (two-factor sign-in).
from truvisory.urls import urlpatterns as site_urls
urls.urlpatterns = [path("broken/", broken), *site_urls]
sys.modules["broken_urls"] = urls
with override_settings(ROOT_URLCONF="broken_urls"):
    response = Client(raise_request_exception=False).get(
        "/broken/", HTTP_HOST="truvisory.example", secure=True
    )
    # A form post that fails, as a contact message would, from a visitor with a cookie.
    visitor = Client(raise_request_exception=False, enforce_csrf_checks=False)
    visitor.cookies["csrftoken"] = "cookie-value-of-the-visitor"
    visitor.post(
        "/broken/",
        {"name": "Ada Visitor", "email": "ada@visitor.example", "message": "private words"},
        HTTP_HOST="truvisory.example",
        REMOTE_ADDR="198.51.100.23",
        secure=True,
    )
sentry_sdk.flush(timeout=10)
print(response.status_code, response["X-Request-ID"])
"""


@pytest.mark.slow  # starts Django in a process of its own
def test_an_error_reaches_sentry_with_its_request_id():
    with Recorder() as sentry:
        dsn = sentry.url.replace("http://", "http://publickey@") + "/42"
        status, request_id = run_python(SENTRY_SCRIPT, SENTRY_DSN=dsn).split()[-2:]
    assert status == "500"
    envelopes = [body for _method, path, _headers, body in sentry.requests if "/42/" in path]
    assert envelopes, sentry.requests
    sent = b"\n".join(envelopes).decode()
    assert "sentry-check: the view fell over" in sent
    assert request_id in sent
    # What the privacy page says: no IP address, cookie or form that was sent.
    assert sent.count("sentry-check: the view fell over") >= 2  # the post was reported too
    for personal in ["198.51.100.23", "cookie-value-of-the-visitor", "ada@visitor.example"]:
        assert personal not in sent
    assert "private words" not in sent and "Ada Visitor" not in sent


@pytest.fixture
def cloudflare_api(settings, monkeypatch):
    """WAGTAILFRONTENDCACHE as production builds it, with the API calls sent to a recorder."""
    settings.WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": "zone123",
            "BEARER_TOKEN": "cf-token",
        }
    }
    real_post = requests.post
    with Recorder() as api:

        def post_to_recorder(url, *args, **kwargs):
            assert url.startswith(CLOUDFLARE_API + "/")
            return real_post(api.url + url.removeprefix(CLOUDFLARE_API), *args, **kwargs)

        monkeypatch.setattr(cloudflare.requests, "post", post_to_recorder)
        yield api


def jpeg(colour="#336699"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (800, 450), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def assert_one_purge(api):
    """The CDN heard one purge: every URL once, in as few calls as Cloudflare's limit of
    30 URLs a call allows (the site's URLs outgrow one call as it gains pages)."""
    batches = [json.loads(body)["files"] for *_, body in api.requests]
    sent = [url for batch in batches for url in batch]
    assert batches
    assert all(len(batch) <= 30 for batch in batches)
    assert len(sent) == len(set(sent))
    assert len(batches) == math.ceil(len(sent) / 30)


def purged_urls(api):
    urls = set()
    for method, path, headers, body in api.requests:
        assert method == "POST"
        assert path == "/client/v4/zones/zone123/purge_cache"
        assert headers["Authorization"] == "Bearer cf-token"
        urls.update(json.loads(body)["files"])
    return urls


def test_publishing_purges_the_page_and_every_page_that_lists_it(
    cloudflare_api, guide, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guide.title = "A republished title"
        guide.save_revision().publish()
    urls = purged_urls(cloudflare_api)
    base = "http://localhost"
    for path in [
        GUIDE_URL,
        GUIDE_URL + "index.html.md",
        content.TOPIC_URL,  # the guide's parent, which lists it
        "/guides/",
        "/faq/",
        "/",
        "/sitemap.xml",
        "/feeds/guides/",
        "/llms.txt",
        "/evidence/",  # which lists the guide's figures, as its CSV and JSON do
        "/evidence.csv",
        "/evidence.json",
    ]:
        assert base + path in urls
    # Drafts were never in a cache.
    assert base + PLANNED_URL not in urls
    assert_one_purge(cloudflare_api)


def test_many_changes_in_one_transaction_purge_once(
    cloudflare_api, guide, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for statistic in Statistic.objects.all()[:3]:
            statistic.save()
        guide.save_revision().publish()
    assert len(callbacks) == 1
    assert_one_purge(cloudflare_api)
    assert "http://localhost" + GUIDE_URL in purged_urls(cloudflare_api)


def test_a_changed_statistic_purges_the_pages(
    cloudflare_api, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Statistic.objects.first().save()
    assert "http://localhost" + GUIDE_URL in purged_urls(cloudflare_api)


def test_deleting_a_statistic_purges_the_pages(
    cloudflare_api, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Statistic.objects.filter(pk=Statistic.objects.first().pk).delete()
    assert "http://localhost" + GUIDE_URL in purged_urls(cloudflare_api)


def test_deleting_a_page_purges_it_and_the_pages_that_listed_it(
    cloudflare_api, guide, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guide.delete()
    urls = purged_urls(cloudflare_api)
    assert "http://localhost" + content.TOPIC_URL in urls
    # The CDN must stop answering with the page that is gone, and its markdown copy.
    assert "http://localhost" + GUIDE_URL in urls
    assert "http://localhost" + GUIDE_URL + "index.html.md" in urls


def test_unpublishing_purges_the_page_and_its_children(
    cloudflare_api, guide, django_capture_on_commit_callbacks
):
    pillar = guide.get_parent().specific
    with django_capture_on_commit_callbacks(execute=True):
        pillar.unpublish()
    urls = purged_urls(cloudflare_api)
    assert "http://localhost" + content.TOPIC_URL in urls
    assert "http://localhost" + content.TOPIC_URL + "index.html.md" in urls
    assert "http://localhost" + GUIDE_URL in urls


def test_moving_a_page_purges_its_old_address(
    cloudflare_api, guide, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guide.move(Page.objects.get(slug="guides"), pos="last-child")
    urls = purged_urls(cloudflare_api)
    assert "http://localhost" + GUIDE_URL in urls
    assert "http://localhost/guides/" + guide.slug + "/" in urls


def test_making_a_page_private_purges_it_its_copies_and_its_share_card(
    cloudflare_api, client, guide, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    card = BeautifulSoup(client.get(GUIDE_URL).content, "html.parser").find(
        "meta", property="og:image"
    )["content"]
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=guide, restriction_type="login")
    urls = purged_urls(cloudflare_api)
    for path in [GUIDE_URL, GUIDE_URL + "index.html.md", "/llms-full.txt", "/sitemap.xml"]:
        assert "http://localhost" + path in urls
    assert "http://localhost/" + card.split("/", 3)[3] in urls  # the share card

    for change in (restriction.save, restriction.delete):
        cloudflare_api.requests.clear()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert "http://localhost" + GUIDE_URL in purged_urls(cloudflare_api)


def test_an_image_edit_and_a_new_snippet_model_purge_the_pages(
    cloudflare_api, db, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        image = Image.objects.create(
            title="A diagram", file=ImageFile(io.BytesIO(jpeg()), name="diagram.jpg")
        )
    cloudflare_api.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        image.description = "The gap between demo and production"
        image.save()
    assert "http://localhost" + GUIDE_URL in purged_urls(cloudflare_api)

    # tests/new_snippet registers this model; nothing in page_cache/ names it.
    cloudflare_api.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Announcement.objects.create(text="New guide out")
    assert "http://localhost" + GUIDE_URL in purged_urls(cloudflare_api)


def test_replacing_an_images_file_purges_the_pages(
    cloudflare_api, admin_client, db, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        image = Image.objects.create(
            title="A diagram", file=ImageFile(io.BytesIO(jpeg()), name="diagram.jpg")
        )
        image.get_rendition("fill-1200x630|format-png")
    cloudflare_api.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/images/{image.pk}/",
            {
                "title": image.title,
                "collection": image.collection_id,
                "file": SimpleUploadedFile("new.jpg", jpeg("#993366"), content_type="image/jpeg"),
                "tags": "",
            },
        )
    assert response.status_code == 302
    assert not image.renditions.exists()
    assert "http://localhost" + GUIDE_URL in purged_urls(cloudflare_api)


def test_a_cdn_outage_never_fails_a_publish(
    settings, guide, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": "zone123",
            "BEARER_TOKEN": "cf-token",
        }
    }

    def unreachable(*args, **kwargs):
        raise requests.ConnectionError("Cloudflare is unreachable")

    monkeypatch.setattr(cloudflare.requests, "post", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        revision = guide.save_revision()
        revision.publish()
    guide.refresh_from_db()
    assert guide.live_revision_id == revision.pk


@pytest.mark.parametrize("cdn", [True, False], ids=["with a CDN", "without one"])
def test_a_publish_queues_the_purge_and_the_worker_sends_it(
    cloudflare_api, guide, task_queue, django_capture_on_commit_callbacks, settings, cdn
):
    """With a CDN, the publish queues one purge and the worker sends it. Without one
    (production without the CLOUDFLARE_* variables), the same publish queues no task and
    the same local API, which would receive the purge, hears nothing."""
    if not cdn:
        settings.WAGTAILFRONTENDCACHE = None
    with django_capture_on_commit_callbacks(execute=True):
        guide.save_revision().publish()
    # The publish itself sends nothing to the CDN: one purge task waits in the queue.
    assert cloudflare_api.requests == []
    assert task_queue.filter(task_path="page_cache.tasks.purge_cdn").count() == int(cdn)
    run_worker()
    assert bool(cloudflare_api.requests) == cdn
    if cdn:
        assert_one_purge(cloudflare_api)
        assert "http://localhost" + GUIDE_URL in purged_urls(cloudflare_api)
    else:
        assert cloudflare_api.requests == []
