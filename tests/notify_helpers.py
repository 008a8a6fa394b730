"""Shared helpers for the notification tests: a real SMTP server (aiosmtpd) and a small world."""

import datetime as dt
import email
import socket
import threading
import zoneinfo
from email import policy

import pytest
from aiosmtpd.controller import Controller

from directory.models import Person

from .factories import GroupFactory, InstitutionFactory, make_acuerdo, make_session

MX = zoneinfo.ZoneInfo("America/Mexico_City")


def at(y, m, d, hour=9, minute=0) -> dt.datetime:
    return dt.datetime(y, m, d, hour, minute, tzinfo=MX)


class Inbox:
    """aiosmtpd handler that keeps every accepted message; `refuse(n)` says whether the n-th
    DATA command (1-based) is refused with a 554."""

    def __init__(self, refuse=None, on_data=None):
        self.messages = []
        self.refused = 0
        self.count = 0
        self.refuse = refuse
        self.on_data = on_data
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        if self.on_data is not None:
            await self.on_data(n)
        if self.refuse and self.refuse(n):
            self.refused += 1
            return "554 5.7.1 Refused by the test server"
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((envelope.rcpt_tos, msg))
        return "250 OK"

    def keys(self) -> list[str]:
        return [m["X-Acuerdos-Notification"] + "→" + ",".join(r) for r, m in self.messages]


def _free_port() -> int:
    """A random free port (aiosmtpd's Controller checks it can connect, so not port 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SMTPServer:
    def __init__(self, handler: Inbox):
        self.handler = handler
        self.controller = Controller(handler, hostname="127.0.0.1", port=_free_port())

    def __enter__(self):
        self.controller.start()
        return self

    @property
    def port(self) -> int:
        return self.controller.port

    def settings(self) -> dict:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }

    def __exit__(self, *exc):
        self.controller.stop()


def world(*, due=dt.date(2026, 3, 31), session_date=dt.date(2026, 3, 1), members=2):
    """A group with `members` institutions, one enlace each, one acuerdo for the first one."""
    institutions = [InstitutionFactory() for _ in range(members)]
    group = GroupFactory(members=institutions)
    enlaces = [
        Person.objects.create(name=f"Enlace {i.acronym}", institution=i, is_enlace=True,
                              email=f"enlace.{i.acronym.lower()}@example.org")
        for i in institutions
    ]
    session = make_session(group=group, date=session_date)
    acuerdo = make_acuerdo(session, due_date=due, responsables=[institutions[0]])
    return group, institutions, enlaces, session, acuerdo


@pytest.fixture
def eager():
    """Run send tasks in-process (with REDIS_URL set, settings queue them to the broker)."""
    from tracker.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = saved
    reset_backend(app)


def reset_backend(app):
    """Celery caches the result backend and the broker connection pool of the first task
    sent; a test that switches to Redis afterwards (a real worker) must not get the cached ones."""
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    app._pool = None
    app.amqp._producer_pool = None
