"""Background tasks of the guides app (see pages/tasks.py for the pattern)."""

from django_tasks import task

from guides.link_checker import check_url
from guides.models import Source, SourceLinkCheck

LINK_TIMEOUT = 10.0


@task()
def check_source_link(source_id):
    """Check one source's link, as `manage.py check_links` does for all of them."""
    source = Source.objects.exclude(url="").filter(pk=source_id).first()
    return source and SourceLinkCheck.record(source, check_url(source.url, LINK_TIMEOUT)).result


@task()
def check_all_links():
    """Check every source's link: "Check links now" in the links report queues it."""
    checks = SourceLinkCheck.check_all(LINK_TIMEOUT)
    return {"checked": len(checks), "broken": sum(not check.is_ok for check in checks)}
