"""The Celery sweep task sends in leased batches (notifications.deliver_leased): one lease
statement, then one statement per message (claim it, mark the previous one sent), over one SMTP
connection; a row someone else took meanwhile is not sent twice; a refused one is retried by
the per-row send task. (Killed mid-batch: tests/test_notifications_faults.py.)"""

import datetime as dt
from collections import Counter
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from notifications import deliver_leased
from notifications.models import Notification
from notifications.sweep import plan, sweep

from .notify_helpers import Inbox, SMTPServer
from .test_notifications_faults import _due_reminders
from .test_reminders_batch_delivery import NOW

pytestmark = pytest.mark.django_db

# The Celery sweep of a day's first reminders, n messages:
#  1-7 planning as in the inline sweep (tests/test_reminders_batch_delivery.py: policies, parts,
#      enlaces with languages, keys planned, actividades, INSERT, convocatorias)
#  8   UPDATE rows left "sending" by a dead worker (recovery)
#  9   UPDATE … RETURNING: lease the due rows and read what the messages need
#  then one UPDATE per message (claim it; mark the previous one sent) and one for the last "sent"
BEFORE_SENDING = 9


@pytest.mark.parametrize("messages", [3, 40])
def test_it_costs_one_statement_per_message_over_one_connection(
        messages, postgres, django_assert_num_queries):
    _due_reminders(messages)
    with time_machine.travel(NOW, tick=False), \
            django_assert_num_queries(BEFORE_SENDING + messages + 1):
        result = sweep(inline=False)
    assert result.sent == messages == len(mail.outbox)
    assert Counter(m.to[0] for m in mail.outbox) == Counter(
        Notification.objects.values_list("recipient_email", flat=True))
    rows = Notification.objects.all()
    assert {(n.status, n.attempts) for n in rows} == {("sent", 1)}
    assert all(n.sent_at and n.claimed_at for n in rows)


def test_a_row_another_sender_claimed_after_the_lease_is_not_sent_twice():
    _due_reminders(3)
    with time_machine.travel(NOW, tick=False):
        plan(now=NOW)
        taken = Notification.objects.order_by("pk")[1]
        real_advance = deliver_leased._advance

        def advance(*, claim, **kwargs):
            if claim is not None and claim.id == taken.pk:  # a per-row send task won it
                Notification.objects.filter(pk=taken.pk).update(status="sending",
                                                                claimed_at=NOW, attempts=1)
            return real_advance(claim=claim, **kwargs)

        with mock.patch.object(deliver_leased, "_advance", advance):
            outcomes, retries = deliver_leased.notifications_deliver_leased(due_at=NOW)
    assert (outcomes["sent"], outcomes["skipped"], retries) == (2, 1, [])
    assert taken.recipient_email not in [m.to[0] for m in mail.outbox] and len(mail.outbox) == 2
    assert Notification.objects.get(pk=taken.pk).status == "sending"  # still the other's


@override_settings(NOTIFICATIONS_SENDING_LEASE_SECONDS=60)
def test_a_leased_row_is_left_to_its_batch_until_the_lease_is_over():
    _due_reminders(2)
    with time_machine.travel(NOW, tick=False):
        plan(now=NOW)
        leased = deliver_leased._lease(due_at=NOW, leased_at=NOW, limit=10)
        assert len(leased) == 2
        assert deliver_leased._lease(due_at=NOW, leased_at=NOW + dt.timedelta(seconds=59),
                                     limit=10) == []
        again = deliver_leased._lease(due_at=NOW, leased_at=NOW + dt.timedelta(seconds=61),
                                      limit=10)
    assert sorted(r.id for r in again) == sorted(r.id for r in leased)
    assert set(Notification.objects.values_list("status", flat=True)) == {"pending"}


def test_a_refused_message_costs_one_statement_and_goes_to_the_send_task_with_its_backoff(
        postgres, django_assert_num_queries):
    _due_reminders(5)
    inbox = Inbox(refuse=lambda n: n == 3)
    with SMTPServer(inbox) as smtp, override_settings(**smtp.settings()), \
            time_machine.travel(NOW, tick=False), \
            mock.patch("notifications.sweep.send_notification.apply_async") as queued:
        with django_assert_num_queries(BEFORE_SENDING + 5 + 1 + 1):  # + the refusal's UPDATE
            result = sweep(inline=False)
    assert (result.sent, result.outcomes["retry"], result.queued) == (4, 1, 1)
    retried = Notification.objects.get(status="pending")
    assert "554" in retried.last_error and retried.attempts == 1 and retried.queued_at is None
    assert retried.next_attempt_at == NOW + dt.timedelta(seconds=60)
    (args,), kwargs = queued.call_args
    assert args == (retried.pk,) and kwargs["countdown"] == pytest.approx(60.05)
    assert len(inbox.messages) == 4
