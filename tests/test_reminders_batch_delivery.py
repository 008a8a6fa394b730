"""The inline sweep (`send_reminders`, the no-Redis timer) sends in batches: its query count does
not grow with the number of messages, a refused message costs one statement of its own and is
retried alone, attachments go along, two sweeps never send a row twice."""

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings

from directory.models import Person
from meetings.services import session_plan
from notifications.models import Notification, NotificationPreference
from notifications.services import session_invitations_send
from notifications.sweep import sweep

from .notify_helpers import Inbox, SMTPServer, at, world
from .test_notifications_faults import _due_reminders

pytestmark = pytest.mark.django_db

NOW = at(2026, 3, 31, 10)  # a Tuesday: no digest
# The first sweep of a day that sends only reminders, whatever their number or languages:
#  1 SELECT the groups' reminder policies (due dates that can have a step, each part's steps)
#  2 SELECT the open parts due on those dates, with institution, acuerdo, group and session
#  3 SELECT the enlaces of their institutions, with their e-mails' language (preferences joined)
#  4 SELECT the keys already planned
#  5 SELECT the work plans' actividades ending soon with no progress (their reminders)
#  6 INSERT every kind's new rows (one statement, ON CONFLICT DO NOTHING)
#  7 SELECT the convocatorias of the next 30 days (their reminders)
#  8 UPDATE … RETURNING: claim the due rows (and those a dead process left "sending" past the
#    lease: no recovery statement of its own) and read what the messages need
#  9 UPDATE the batch to "sent"
FIRST_SWEEP = 9


def _with_accounts(n: int) -> None:
    """Give the first n enlaces an account, one of them writing in English."""
    User = get_user_model()
    for i, person in enumerate(Person.objects.filter(is_enlace=True).order_by("pk")[:n]):
        person.user = User.objects.create(username=f"enlace{i}", email=person.email)
        person.save(update_fields=["user"])
        if i == 0:
            NotificationPreference.objects.create(user=person.user, language="en")


@pytest.mark.parametrize("messages", [3, 60])
def test_it_sends_the_first_sweep_of_a_day_in_the_same_queries_for_3_or_60_messages(
        messages, postgres, django_assert_num_queries):
    # PostgreSQL: SQLite splits the INSERT by its 999-variable limit (one more per ~50 rows).
    _due_reminders(messages)
    _with_accounts(2)
    with time_machine.travel(NOW, tick=False), django_assert_num_queries(FIRST_SWEEP):
        result = sweep(inline=True)
    assert result.sent == messages == len(mail.outbox)
    assert Counter(m.to[0] for m in mail.outbox) == Counter(
        Person.objects.filter(is_enlace=True).values_list("email", flat=True))
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_a_second_sweep_claims_nothing_and_sends_nothing(django_assert_num_queries):
    _due_reminders(5)
    with time_machine.travel(NOW, tick=False):
        sweep(inline=True)
        # policies, parts, enlaces, keys planned, actividades, convocatorias, claim (nothing
        # new to insert, nothing claimed to mark sent)
        with django_assert_num_queries(7):
            again = sweep(inline=True)
    assert again.sent == 0 and again.skipped == 5 and len(mail.outbox) == 5


def test_refused_messages_cost_one_statement_each_and_are_retried_alone(
        postgres, django_assert_num_queries):
    _due_reminders(20)
    inbox = Inbox(refuse=lambda n: n % 5 == 0)  # the 5th, 10th, 15th and 20th DATA: 554
    with SMTPServer(inbox) as smtp, override_settings(**smtp.settings()):
        with time_machine.travel(NOW, tick=False):
            # the first sweep's queries plus one per refusal
            with django_assert_num_queries(FIRST_SWEEP + 4):
                first = sweep(inline=True)
        assert (first.sent, first.outcomes["retry"], inbox.refused) == (16, 4, 4)
        retried = Notification.objects.filter(status="pending")
        assert retried.count() == 4 and all("554" in n.last_error and n.attempts == 1
                                            for n in retried)
        with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
            second = sweep(inline=True)  # the backoff (60 s) has passed: only those 4
    assert second.sent == 4 and second.outcomes["retry"] == 0
    received = Counter(r[0] for r, _m in inbox.messages)
    assert len(received) == 20 and set(received.values()) == {1}
    assert Notification.objects.filter(status="sent", attempts=2).count() == 4


@override_settings(NOTIFICATIONS_MAX_ATTEMPTS=1)
def test_the_last_attempt_refused_is_failed_and_says_why():
    _due_reminders(3)
    inbox = Inbox(refuse=lambda n: n == 2)
    with SMTPServer(inbox) as smtp, override_settings(**smtp.settings()), \
            time_machine.travel(NOW, tick=False):
        result = sweep(inline=True)
    assert (result.sent, result.failed) == (2, 1)
    failed = Notification.objects.get(status="failed")
    assert "554" in failed.last_error and failed.attempts == 1


def test_invitations_go_with_their_ics_and_every_message_over_one_smtp_connection():
    group, _i, enlaces, _s, _a = world()
    sessions = []
    with time_machine.travel(at(2026, 5, 1), tick=False):
        for day, place in ((10, "Sala A"), (17, "Sala B")):
            sessions.append(session_plan(group=group, date=dt.date(2026, 6, day),
                                         start_time=dt.time(11, 0), place=place))
            # on_commit callbacks never run here: no send task, the rows wait for the sweep
            session_invitations_send(session_id=sessions[-1].pk)
        connections = []
        inbox = Inbox()
        with SMTPServer(inbox) as smtp, override_settings(**smtp.settings()):
            original = smtp.controller.factory

            def counting_factory():
                connections.append(1)
                return original()

            smtp.controller.factory = counting_factory  # called once per SMTP connection
            result = sweep(inline=True)
    assert result.sent == 2 * len(enlaces) == len(inbox.messages)
    assert len(connections) == 1
    for _r, message in inbox.messages:
        ics = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
        assert len(ics) == 1 and b"BEGIN:VEVENT" in ics[0].get_content().encode()


@override_settings(NOTIFICATIONS_SENDING_LEASE_SECONDS=60)
def test_a_batch_past_half_its_lease_gives_the_rest_back_and_claims_it_afresh():
    _due_reminders(4)
    clock = {"t": NOW}
    with time_machine.travel(NOW, tick=False) as traveller:
        inbox = Inbox()
        with SMTPServer(inbox) as smtp, override_settings(**smtp.settings()):
            async def slow(n):  # each message "takes" 20 s: the third starts past 30 s
                clock["t"] += dt.timedelta(seconds=20)
                traveller.move_to(clock["t"])

            inbox.on_data = slow
            result = sweep(inline=True)
    assert result.sent == 4
    received = Counter(r[0] for r, _m in inbox.messages)
    assert len(received) == 4 and set(received.values()) == {1}
    rows = Notification.objects.all()
    assert {n.status for n in rows} == {"sent"} and {n.attempts for n in rows} == {1}
    # the first two under the first claim, the other two given back and claimed 40 s later
    claims = sorted(n.claimed_at for n in rows)
    assert claims[0] == claims[1] and claims[2] == claims[3] == claims[0] + dt.timedelta(seconds=40)


@override_settings(NOTIFICATIONS_SENDING_LEASE_SECONDS=60, NOTIFICATIONS_MAX_ATTEMPTS=3)
def test_the_claim_takes_back_rows_a_dead_process_left_sending_and_fails_a_last_attempt(
        django_assert_num_queries):
    _due_reminders(3)
    with time_machine.travel(NOW, tick=False):
        sweep(inline=True)
    assert len(mail.outbox) == 3
    rows = list(Notification.objects.order_by("pk"))
    # As a process killed mid-send leaves them: "sending", claimed 61 s before the next sweep;
    # the third one at its last attempt. A fourth row claimed 30 s before is still in flight.
    left = NOW + dt.timedelta(minutes=5)
    for n, attempts in zip(rows, (1, 2, 3)):
        Notification.objects.filter(pk=n.pk).update(status="sending", attempts=attempts,
                                                    claimed_at=left, sent_at=None)
    mail.outbox.clear()
    with time_machine.travel(left + dt.timedelta(seconds=61), tick=False):
        # the first sweep's less the INSERT (nothing new): the claim takes them back itself
        with django_assert_num_queries(FIRST_SWEEP - 1):
            result = sweep(inline=True)
    assert (result.sent, result.failed) == (2, 1)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(n.recipient_email for n in rows[:2])
    after = {n.pk: n for n in Notification.objects.all()}
    assert [(after[n.pk].status, after[n.pk].attempts) for n in rows] == [
        ("sent", 2), ("sent", 3), ("failed", 3)]
    assert after[rows[2].pk].last_error == "worker lost while sending"
    assert after[rows[0].pk].last_error == ""


@override_settings(NOTIFICATIONS_SENDING_LEASE_SECONDS=60)
def test_the_claim_leaves_a_row_still_within_its_lease_alone():
    _due_reminders(1)
    with time_machine.travel(NOW, tick=False):
        sweep(inline=True)
    left = NOW + dt.timedelta(minutes=5)
    Notification.objects.update(status="sending", claimed_at=left, sent_at=None)
    mail.outbox.clear()
    with time_machine.travel(left + dt.timedelta(seconds=59), tick=False):
        result = sweep(inline=True)
    assert result.sent == 0 and mail.outbox == []
    assert Notification.objects.get().status == "sending"
