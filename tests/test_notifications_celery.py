"""Against the real parts: a Celery worker on the local Redis and an SMTP server (aiosmtpd) in
the test. Assertions are on the messages the SMTP server received."""

import datetime as dt
import time

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.test import override_settings

from notifications import tasks
from notifications.models import Notification

from .notify_helpers import Inbox, SMTPServer, at, world

pytestmark = pytest.mark.django_db(transaction=True)


def _wait(predicate, timeout=40):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _due_today(members):
    """`members` institutions, each with an enlace, each answering for an acuerdo due today."""
    from .factories import make_acuerdo

    group, institutions, enlaces, session, first = world(due=dt.date(2026, 3, 31), members=members)
    for inst in institutions[1:]:
        make_acuerdo(session, due_date=dt.date(2026, 3, 31), responsables=[inst])
    return enlaces


def test_it_sends_reminders_through_a_real_worker_to_a_real_smtp_server(redis_app):
    with time_machine.travel(at(2026, 3, 31, 10), tick=True):
        enlaces = _due_today(3)
        with SMTPServer(Inbox()) as smtp, override_settings(**smtp.settings()), \
                start_worker(redis_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            tasks.sweep.delay()
            assert _wait(lambda: len(smtp.handler.messages) >= 3)
            tasks.sweep.delay()  # a second beat tick changes nothing
            time.sleep(1.5)
    received = smtp.handler.messages
    assert sorted(r[0] for r, _m in received) == sorted(e.email for e in enlaces)
    assert all(m["Subject"].startswith("Acuerdo ") and "due today" in m["Subject"]
               or "vence hoy" in m["Subject"] for _r, m in received)
    html = received[0][1].get_body(("html",)).get_content()
    assert "http://127.0.0.1:8000/" in html
    assert Notification.objects.filter(status="sent").count() == 3


def test_an_smtp_server_refusing_one_in_five_ends_with_each_message_delivered_once(
        redis_app, postgres):
    # PostgreSQL only: on SQLite the worker thread and this test share Django's in-memory test
    # database in shared-cache mode, where a write meeting this loop's read fails at once with
    # "database table is locked" (SQLITE_LOCKED ignores the busy timeout). The send task retries
    # that with a backoff, and the dozen retries of this test then outlast its wait (seen failing
    # 2 runs in 4 on a loaded machine). A file database, as a first run's, waits instead.
    with time_machine.travel(at(2026, 3, 31, 10), tick=True):
        enlaces = _due_today(12)
        inbox = Inbox(refuse=lambda n: n % 5 == 0)
        with SMTPServer(inbox) as smtp, \
                override_settings(**smtp.settings(), NOTIFICATIONS_RETRY_BACKOFF_SECONDS=0.2,
                                  NOTIFICATIONS_RETRY_BACKOFF_MAX=1), \
                start_worker(redis_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            tasks.sweep.delay()
            assert _wait(lambda: Notification.objects.filter(status="sent").count() == 12)
            time.sleep(1)
    assert inbox.refused >= 2
    recipients = [r[0] for r, _m in inbox.messages]
    assert sorted(recipients) == sorted(e.email for e in enlaces)  # each exactly once
    retried = Notification.objects.filter(attempts__gt=1)
    assert retried.count() == inbox.refused and all("554" in n.last_error or n.last_error == ""
                                                    for n in retried)
