"""The page cache's background tasks after a change, which read every live page: the CDN
purge and the IndexNow posts."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from . import cdn, indexnow


@task()
def purge_cdn(urls_taken_away):
    """Purge every URL of the site from the CDN, and the URLs a change took away."""
    cdn.purge_urls(sorted(cdn.changed_urls(urls_taken_away)))


@task()
def submit_to_indexnow(urls_taken_away):
    """Tell IndexNow of the URLs purge_cdn purges, but a private page's."""
    for body in indexnow.posts(cdn.changed_urls(urls_taken_away, public_only=True)):
        post_to_indexnow.call(body, attempt=1)


@task()
def post_to_indexnow(body, attempt):
    """One IndexNow post (again, after its back-off), unless IndexNow was turned off meanwhile."""
    if indexnow.configured():
        can_wait = post_to_indexnow.get_backend().supports_defer
        delay = indexnow.send(body, attempt, can_wait=can_wait)
        if delay is not None:
            later = timezone.now() + timedelta(seconds=delay)
            post_to_indexnow.using(run_after=later).enqueue(body, attempt + 1)
