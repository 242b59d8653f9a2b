"""Under `make run`, a page scheduled to go live does so by itself: the development server
publishes what is due every minute (worker/scheduler.py). The server itself is tested in
tests/test_first_run.py."""

from datetime import timedelta

from django.utils import timezone

from guides.models import GuidePage
from worker import scheduler

PLANNED_URL = "/guides/another-planned-guide/"


def test_what_the_dev_server_runs_each_minute_publishes_a_page_whose_time_came(client, db):
    page = GuidePage.objects.get(url_path__endswith=PLANNED_URL)
    page.save_revision(approved_go_live_at=timezone.now() - timedelta(seconds=1))
    assert client.get(PLANNED_URL).status_code == 404

    scheduler.publish_due()

    page.refresh_from_db()
    assert page.live
    assert client.get(PLANNED_URL).status_code == 200


def test_a_page_scheduled_later_waits(client, db):
    page = GuidePage.objects.get(url_path__endswith=PLANNED_URL)
    page.save_revision(approved_go_live_at=timezone.now() + timedelta(minutes=5))
    scheduler.publish_due()
    page.refresh_from_db()
    assert not page.live
    assert client.get(PLANNED_URL).status_code == 404


def test_a_failure_is_logged_and_the_next_minute_tries_again(db, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(scheduler, "call_command", broken)
    scheduler.publish_due()  # does not raise: the thread keeps running
    assert "Scheduled publishing failed" in caplog.text
