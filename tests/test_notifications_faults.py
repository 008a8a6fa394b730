"""Faults: concurrent sweeps, a worker killed with SIGKILL mid-sweep. Bounded in time."""

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from agreements.models import Acuerdo, Responsibility
from directory.models import Institution, Person
from meetings.models import Membership, Session
from notifications.models import Notification
from notifications.sweep import sweep
from tracker.celery import app

from .factories import GroupFactory, make_session
from .notify_helpers import Inbox, SMTPServer, at, reset_backend

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent


def _due_reminders(n: int, due=dt.date(2026, 3, 31), session_date=dt.date(2026, 3, 1)) -> None:
    """n responsible institutions, each with its enlace, all on one acuerdo due `due`."""
    institutions = Institution.objects.bulk_create(
        [Institution(acronym=f"F{i:04d}", name=f"Institución {i}") for i in range(n)]
    )
    Person.objects.bulk_create([
        Person(name=f"Enlace {i.acronym}", institution=i, is_enlace=True,
               email=f"enlace.{i.acronym.lower()}@example.org") for i in institutions
    ])
    group = GroupFactory()
    Membership.objects.bulk_create(
        [Membership(group=group, institution=i, joined_on=dt.date(2020, 1, 1)) for i in institutions]
    )
    # Held: a planned session's acuerdos remind nobody (agreements.models.adopted_q).
    session = make_session(group=group, date=session_date, status=Session.Status.HELD)
    acuerdo = Acuerdo.objects.create(group=group, session=session, sequence=1, number="1/SO-1",
                                     text="Todas las instituciones informarán.", due_date=due,
                                     all_institutions=True)
    Responsibility.objects.bulk_create(
        [Responsibility(acuerdo=acuerdo, institution=i, due_date=due,
                        acuerdo_group_id=acuerdo.group_id) for i in institutions]
    )


def test_two_concurrent_sweeps_send_each_of_500_reminders_exactly_once(postgres):
    _due_reminders(500)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(sweep(now=at(2026, 3, 31, 10), inline=True))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    with time_machine.travel(at(2026, 3, 31, 10), tick=True):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert errors == []
    assert sum(r.sent for r in results) == 500
    sent_to = Counter(m.to[0] for m in mail.outbox)
    assert len(sent_to) == 500 and set(sent_to.values()) == {1}
    assert Notification.objects.filter(status="sent").count() == 500


def _worker(env):
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "tracker", "worker", "--pool=solo",
         "--loglevel=WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def test_a_worker_killed_mid_sweep_then_restarted_sends_everything_once(postgres, redis_url):
    total = 30
    # The worker process runs on the real clock: the reminders are due today.
    today = timezone.localdate()
    _due_reminders(total, due=today, session_date=today - dt.timedelta(days=30))
    workers = []

    async def kill_at_tenth(n):
        if n == 10:  # the worker dies while the 10th message is being handed over
            os.killpg(workers[-1].pid, signal.SIGKILL)

    inbox = Inbox(refuse=lambda n: n == 10, on_data=kill_at_tenth)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
                        f"/{db['NAME']}",  # the TEST database
        "REDIS_URL": redis_url,
        "NOTIFICATIONS_SENDING_LEASE_SECONDS": "2",
        "NOTIFICATIONS_RETRY_BACKOFF_SECONDS": "0.2",
        "LOG_LEVEL": "WARNING",
    }
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    reset_backend(app)
    app.control.purge()
    try:
        with SMTPServer(inbox) as smtp:
            connections_opened = []
            original = smtp.controller.factory

            def counting_factory():
                connections_opened.append(1)
                return original()

            smtp.controller.factory = counting_factory  # called once per SMTP connection
            env["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp.port}"
            workers.append(_worker(env))
            app.send_task("notifications.sweep")
            deadline = time.monotonic() + 60
            while workers[-1].poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            assert workers[-1].poll() is not None, "the worker was not killed"
            sent_before = Notification.objects.filter(status="sent").count()
            assert 0 < sent_before < Notification.objects.count()
            assert Notification.objects.filter(status="sending").count() == 1
            # the sweep task sent its batch over one SMTP connection (not one per message)
            assert len(connections_opened) == 1

            workers.append(_worker(env))  # restarted; beat keeps ticking
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                if not Notification.objects.exclude(status="sent").exists():
                    break
                app.send_task("notifications.sweep")
                time.sleep(1)
            time.sleep(2)  # anything sent twice would arrive now
    finally:
        for w in workers:
            _stop(w)
        app.control.purge()
        app.conf.update(saved)
        reset_backend(app)
    assert Notification.objects.filter(kind="reminder", status="sent").count() == total
    assert not Notification.objects.exclude(status="sent").exists()
    received = Counter(r[0] for r, m in inbox.messages
                       if m["X-Acuerdos-Notification"].startswith("reminder/"))
    assert len(received) == total and set(received.values()) == {1}
