"""The task worker against real faults: gunicorn with production settings, our `db_worker` as
a process of its own, a throwaway PostgreSQL (tests/services.py) and a real SMTP server on
loopback (tests/mail.py), as tests/test_production_faults.py runs them.

- PostgreSQL restarts while leads come in and notifications go out: the worker keeps
  running, every task ends, none stays RUNNING, and each stored lead reaches the SMTP
  server exactly once.
- The worker is killed (SIGKILL) at each step of a send: waiting on the mail server before
  it took the message; after it accepted the message, before "sent" was committed; after
  "sent" was committed, before the task was marked done. A new worker then ends with the
  lead notified exactly once, or shown as possibly sent and not sent again.
"""

import os
import re
import signal
import subprocess
import time
from contextlib import contextmanager

import psycopg
import pytest

from scripts.prodserver import BIN, ROOT, production_server, stop
from tests import test_production_faults as faults
from tests.live_server import Browser, wait_until
from tests.mail import GatedInbox, SmtpServer
from tests.test_production_faults import contact_form

pytestmark = pytest.mark.slow

# That module's throwaway servers, as fixtures of this one.
throwaway_servers, postgres, database, redis = (
    faults.throwaway_servers,
    faults.postgres,
    faults.database,
    faults.redis,
)

TEAM = "team@truvisory.test"
LEASE = 3  # seconds: short, so that a new worker takes over a dead one's task soon
FILL_SECONDS = 3.2  # production's minimum time to fill the form in, and a little


def db_name(database):
    return database.rsplit("/", 1)[1]


@contextmanager
def site(database, redis, static_root, tmp_path, smtp):
    env = {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "CONTACT_NOTIFY_EMAIL": TEAM,
        "TASK_LEASE_SECONDS": str(LEASE),
    }
    with production_server(
        database_url=database,
        redis_url=redis.url(),
        seed=False,
        static_root=static_root,
        log_path=tmp_path / "gunicorn.log",
        extra_env=env,
    ) as (base, server_env):
        yield base, server_env


class Worker:
    """`manage.py db_worker` in a process of its own, logging to a file."""

    def __init__(self, env, log_path):
        self.log_path = log_path
        self.log = open(log_path, "a")  # noqa: SIM115 (closed in stop)
        command = [BIN / "python", "manage.py", "db_worker", "--queue-name", "*"]
        self.process = subprocess.Popen(
            [*command, "--no-startup-delay", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def alive(self):
        return self.process.poll() is None

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def stop(self):
        stop(self.process)
        self.log.close()


def open_forms(base, count):
    """`count` visitors with the contact form open, each from an address of their own."""
    forms = []
    for n in range(count):
        visitor, address = Browser(base), f"198.51.100.{n + 1}"
        # Opened from the address it is sent from: the form's token is bound to its network.
        fields, radio_name, radio_value = contact_form(
            visitor, headers={"X-Forwarded-For": address}
        )
        fields.update(
            {
                "name": f"Visitor {n}",
                "email": f"visitor{n}@example.com",
                "message": f"Lead number {n}.",
                "consent": "on",
                radio_name: radio_value,
            }
        )
        forms.append((visitor, fields, address))
    time.sleep(FILL_SECONDS)
    return forms


def post(form):
    visitor, fields, address = form
    try:
        return visitor.post("/contact/", fields, headers={"X-Forwarded-For": address}).status
    except OSError:
        return None


def rows(postgres, database, sql, *params):
    return postgres.query(db_name(database), sql, *params)


def leads(postgres, database):
    """(id, sent, sending since) of every stored lead, oldest first."""
    return rows(
        postgres,
        database,
        "SELECT id, notification_sent, sending_since FROM pages_contactsubmission ORDER BY id",
    )


def task_statuses(postgres, database):
    return dict(
        rows(
            postgres,
            database,
            "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status",
        )
    )


def test_a_postgres_restart_under_load_leaves_the_worker_running_and_every_lead_sent_once(
    postgres, database, redis, collected_static, tmp_path
):
    smtp = SmtpServer(GatedInbox())
    smtp.inbox.delay = 0.2  # sends take a moment, so some are under way at the restart
    try:
        with site(database, redis, collected_static, tmp_path, smtp) as (base, env):
            worker = Worker(env, tmp_path / "worker.log")
            forms = open_forms(base, 18)
            answers = [post(form) for form in forms[:4]]
            wait_until(lambda: len(smtp.inbox.messages) == 4, 20, "the first four emails")

            # A restart while sends are under way, and leads keep coming.
            answers += [post(form) for form in forms[4:10]]  # a backlog for the worker
            postgres.stop(mode="fast")
            answers += [post(form) for form in forms[10:12]]  # refused while it is down
            time.sleep(3)
            assert worker.alive()
            postgres.start()
            time.sleep(2)  # gunicorn's and the worker's connections find it back
            answers += [post(form) for form in forms[12:16]]

            def settled():
                statuses = task_statuses(postgres, database)
                stored = leads(postgres, database)
                return (
                    set(statuses) <= {"SUCCESSFUL", "FAILED"}
                    and all(sent for _, sent, _ in stored)
                    and len(smtp.inbox.messages) >= len(stored)
                )

            wait_until(settled, 90, "every task done and every lead emailed", interval=0.5)

            # A restart while the worker waits for work: it claims nothing, and waits.
            postgres.stop(mode="fast")
            time.sleep(3)
            assert worker.alive()
            postgres.start()
            time.sleep(2)
            answers += [post(form) for form in forms[16:]]
            wait_until(settled, 90, "the last leads emailed", interval=0.5)
            time.sleep(1)  # a second copy would have arrived by now
            assert worker.alive()
            worker.stop()
    finally:
        smtp.stop()

    stored = leads(postgres, database)
    thanked = answers.count(302)
    # Every lead the site thanked for is stored; the rest got an error, not a thank-you.
    assert len(stored) == thanked >= 14, answers
    # No task stuck RUNNING, none failed, none left waiting.
    assert set(task_statuses(postgres, database)) == {"SUCCESSFUL"}
    # Each lead exactly once at the SMTP server.
    ids = [m["Message-ID"] for m in smtp.inbox.messages]
    assert len(ids) == len(set(ids)) == len(stored)
    subjects = sorted(m["Subject"] for m in smtp.inbox.messages)
    names = sorted(
        f"Website enquiry from {name}"
        for (name,) in rows(postgres, database, "SELECT name FROM pages_contactsubmission")
    )
    assert subjects == names
    log = (tmp_path / "worker.log").read_text()
    # It waited for the database while waiting for work (and, most runs, mid-send too).
    waits = re.findall(r"Worker \w+: the database is unreachable \(.*?\); trying again", log)
    assert waits, log[-3000:]
    print(
        f"\nPostgreSQL restart: {len(answers)} posts, {thanked} stored, {len(ids)} emails, "
        f"{len(waits)} waits for the database between tasks and "
        f"{log.count('recording the send again')} mid-send logged; "
        "the worker never exited"
    )


@contextmanager
def locked(postgres, database, table, row_id):
    """Hold a row lock, so the worker's write to that row waits until the block ends."""
    with psycopg.connect(postgres.url(db_name(database))) as connection:
        connection.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE", (row_id,))  # noqa: S608
        yield
        connection.rollback()


WAITING = "FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'"


def waiting_on_a_lock(postgres, database):
    return postgres.query("postgres", f"SELECT count(*) {WAITING}", db_name(database))[0][0] > 0


def end_waiting_sessions(postgres, database):
    """End the killed worker's session too, as a machine that died would: else PostgreSQL
    would still run its last statement, and commit it, once the lock is free."""
    postgres.query("postgres", f"SELECT pg_terminate_backend(pid) {WAITING}", db_name(database))


def test_a_worker_killed_at_each_step_of_a_send_never_leads_to_a_second_copy(
    postgres, database, redis, collected_static, tmp_path
):
    smtp = SmtpServer(GatedInbox())
    inbox = smtp.inbox
    outcomes = {}
    try:
        with site(database, redis, collected_static, tmp_path, smtp) as (base, env):
            forms = iter(open_forms(base, 3))
            log = tmp_path / "worker.log"
            worker = Worker(env, log)

            def next_lead(gate):
                """Post a lead and let the worker run to the gate; the lead's id."""
                inbox.close_gate(gate)
                assert post(next(forms)) == 302
                assert inbox.arrived.wait(20), log.read_text()[-3000:]
                return leads(postgres, database)[-1][0]

            def take_over():
                """Start a new worker, and wait until it has put the dead one's task back
                and run it again (the lease, LEASE seconds, is over)."""
                new = Worker(env, log)
                wait_until(
                    lambda: (
                        "RUNNING" not in task_statuses(postgres, database)
                        and "READY" not in task_statuses(postgres, database)
                    ),
                    LEASE + 30,
                    "the dead worker's task run again",
                    interval=0.25,
                )
                return new

            # 1. Killed while the mail server has not taken the message.
            lead = next_lead("RCPT")
            worker.kill()
            inbox.open_gate()
            worker = take_over()
            outcomes["before the server took it"] = (lead, len(inbox.messages))

            # 2. Killed after the server accepted it, before "sent" was committed.
            lead = next_lead("DATA")
            before = len(inbox.messages)
            with locked(postgres, database, "pages_contactsubmission", lead):
                inbox.open_gate()
                wait_until(lambda: len(inbox.messages) == before + 1, 10, "the server accepting")
                wait_until(lambda: waiting_on_a_lock(postgres, database), 10, "the commit waiting")
                worker.kill()
                end_waiting_sessions(postgres, database)
            worker = take_over()
            outcomes["accepted, not recorded"] = (lead, len(inbox.messages) - before)

            # 3. Killed after "sent" was committed, before the task was marked done.
            lead = next_lead("DATA")
            before = len(inbox.messages)
            [(task_id,)] = rows(
                postgres,
                database,
                "SELECT id FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'",
            )
            with locked(postgres, database, "django_tasks_database_dbtaskresult", task_id):
                inbox.open_gate()
                wait_until(lambda: leads(postgres, database)[-1][1], 10, "sent committed")
                wait_until(lambda: waiting_on_a_lock(postgres, database), 10, "the task waiting")
                worker.kill()
                end_waiting_sessions(postgres, database)
            worker = take_over()
            outcomes["recorded, task not done"] = (lead, len(inbox.messages) - before)

            # The cron retry sends none of them again either.
            subprocess.run(
                [BIN / "python", "manage.py", "resend_notifications"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
            time.sleep(1)
            worker.stop()
            stored = {lead_id: (sent, since) for lead_id, sent, since in leads(postgres, database)}
    finally:
        smtp.stop()

    first, copies = outcomes["before the server took it"]
    assert copies == 0
    assert stored[first][0] is False and stored[first][1] is not None  # possibly sent: held back
    second, copies = outcomes["accepted, not recorded"]
    assert copies == 1
    assert stored[second][0] is False and stored[second][1] is not None  # possibly sent
    third, copies = outcomes["recorded, task not done"]
    assert copies == 1
    assert stored[third] == (True, None)
    # Exactly one message each for the leads that reached the server, never a second.
    assert len(inbox.messages) == 2
    assert len({m["Message-ID"] for m in inbox.messages}) == 2
    assert set(task_statuses(postgres, database)) == {"SUCCESSFUL"}
    print(
        "\nWorker killed at each step of a send: 0, 1 and 1 messages; the first two shown as "
        "possibly sent and not sent again, the third recorded as sent"
    )
