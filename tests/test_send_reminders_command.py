"""`manage.py send_reminders`: one sweep now; prints sent, skipped, failed."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from notifications.models import Notification

from .notify_helpers import at, world

pytestmark = pytest.mark.django_db


def _call():
    out = StringIO()
    with translation.override("en"):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_it_sends_then_skips_what_was_sent():
    world(due=dt.date(2026, 3, 31))
    with time_machine.travel(at(2026, 3, 31), tick=False):
        assert "1 sent, 0 skipped, 0 failed" in _call()
        assert "0 sent, 1 skipped, 0 failed" in _call()
    assert Notification.objects.get().status == "sent"


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                   EMAIL_HOST="127.0.0.1", EMAIL_PORT=9, NOTIFICATIONS_MAX_ATTEMPTS=1)
def test_it_reports_failures_and_the_row_says_why():
    world(due=dt.date(2026, 3, 31))
    with time_machine.travel(at(2026, 3, 31), tick=False):
        assert "0 sent, 0 skipped, 1 failed" in _call()
    row = Notification.objects.get()
    assert row.status == "failed" and row.attempts == 1 and "Error" in row.last_error
