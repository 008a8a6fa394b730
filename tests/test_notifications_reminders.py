"""Which day each reminder and escalation fires (time frozen), and what never gets one."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from agreements.models import Responsibility
from agreements.services import acuerdo_cancel, acuerdo_change_due_date, responsibility_change_status
from notifications.models import GroupReminderPolicy, Notification, NotificationPreference
from notifications.sweep import sweep

from .factories import UserFactory
from .notify_helpers import at, world

pytestmark = pytest.mark.django_db
DUE = dt.date(2026, 3, 31)


def _run(day: dt.date, hour=9):
    with time_machine.travel(at(day.year, day.month, day.day, hour), tick=False):
        return sweep(inline=True)


def _days_with(kind, start, end):
    """Sweep every day from start to end; return {day: [steps sent that day]}."""
    fired = {}
    day = start
    while day <= end:
        before = set(Notification.objects.filter(kind=kind).values_list("pk", flat=True))
        _run(day)
        new = Notification.objects.filter(kind=kind).exclude(pk__in=before)
        if new:
            fired[day] = sorted(n.step.split(":")[0] for n in new)
        day += dt.timedelta(days=1)
    return fired


def test_it_reminds_7_and_1_days_before_on_the_day_and_weekly_while_overdue():
    world(due=DUE)
    fired = _days_with(Notification.Kind.REMINDER, dt.date(2026, 3, 20), dt.date(2026, 4, 22))
    assert fired == {
        dt.date(2026, 3, 24): ["before-7"],
        dt.date(2026, 3, 30): ["before-1"],
        dt.date(2026, 3, 31): ["due"],
        dt.date(2026, 4, 7): ["overdue-w1"],
        dt.date(2026, 4, 14): ["overdue-w2"],
        dt.date(2026, 4, 21): ["overdue-w3"],
    }
    assert all(n.status == "sent" for n in Notification.objects.all())
    reminders = [m for m in mail.outbox if m.extra_headers["X-Acuerdos-Notification"].startswith("reminder/")]
    assert len(reminders) == 6  # the other messages are the Monday digests
    assert {tuple(m.to) for m in reminders} == {(Notification.objects.filter(kind="reminder").first().recipient_email,)}


def test_it_sends_each_reminder_once_however_many_sweeps_run():
    _g, _i, enlaces, _s, acuerdo = world(due=DUE)
    for hour in (0, 8, 9, 13, 23):
        _run(dt.date(2026, 3, 24), hour=hour)  # a Tuesday: no digest
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [enlaces[0].email]
    assert acuerdo.number in message.subject
    html = message.alternatives[0][0]
    assert "http://" in html and acuerdo.text in message.body


def test_it_uses_the_group_policy_when_there_is_one():
    group, *_rest = world(due=DUE)
    GroupReminderPolicy.objects.create(group=group, days_before="3", escalation_after_days=5)
    fired = _days_with(Notification.Kind.REMINDER, dt.date(2026, 3, 20), dt.date(2026, 3, 31))
    assert fired == {dt.date(2026, 3, 28): ["before-3"], dt.date(2026, 3, 31): ["due"]}


def test_it_catches_up_a_step_missed_yesterday_but_not_a_superseded_one():
    world(due=DUE)
    _run(dt.date(2026, 3, 25))  # the 24th (before-7) was missed: caught up the next day
    assert [n.step for n in Notification.objects.all()] == ["before-7:2026-03-31"]
    Notification.objects.all().delete()
    _run(dt.date(2026, 3, 31))  # before-1 (the 30th) and due (the 31st): only the newest
    assert [n.step for n in Notification.objects.all()] == ["due:2026-03-31"]


def test_fulfilled_parts_and_cancelled_acuerdos_get_no_reminders():
    _g, _i, _e, session, acuerdo = world(due=DUE)
    part = acuerdo.responsibilities.get()
    responsibility_change_status(responsibility=part, status=Responsibility.Status.FULFILLED)
    _run(DUE)
    assert Notification.objects.count() == 0
    responsibility_change_status(responsibility=part, status=Responsibility.Status.IN_PROGRESS)
    acuerdo_cancel(acuerdo=acuerdo, reason="Sin efecto por acuerdo de la sesión")
    _run(DUE)
    assert Notification.objects.count() == 0
    # control: an open one in the same state of the world does get its reminder
    from .factories import make_acuerdo

    make_acuerdo(session, due_date=DUE, responsables=[part.institution])
    _run(DUE)
    assert Notification.objects.filter(kind="reminder").count() == 1


def test_moving_the_due_date_starts_reminders_afresh():
    _g, _i, _e, _s, acuerdo = world(due=DUE)
    _run(dt.date(2026, 3, 24))
    acuerdo_change_due_date(acuerdo=acuerdo, due_date=dt.date(2026, 4, 30), reason="Prórroga")
    _run(dt.date(2026, 4, 23))
    assert sorted(Notification.objects.values_list("step", flat=True)) == [
        "before-7:2026-03-31", "before-7:2026-04-30"]


def test_it_escalates_to_coordinators_and_secretariat_once_per_step():
    group, *_rest = world(due=DUE)
    coordinator = UserFactory(username="coord", email="coord@example.org")
    secretary = UserFactory(username="sec", email="sec@example.org")
    both = UserFactory(username="both", email="both@example.org")
    group.coordinators.add(coordinator, both)
    group.secretariat.add(secretary, both)
    fired = _days_with(Notification.Kind.ESCALATION, dt.date(2026, 4, 1), dt.date(2026, 5, 15))
    # overdue by more than 14 days: day 15 (15 April), then each further 14 days
    assert fired == {
        dt.date(2026, 4, 15): ["escalation-1"] * 3,
        dt.date(2026, 4, 29): ["escalation-2"] * 3,
        dt.date(2026, 5, 13): ["escalation-3"] * 3,
    }
    recipients = set(Notification.objects.filter(kind="escalation").values_list(
        "recipient_email", flat=True))
    assert recipients == {"coord@example.org", "sec@example.org", "both@example.org"}
    assert not Notification.objects.filter(kind="reminder", recipient_email__in=recipients)


def test_it_writes_in_the_recipients_language():
    _g, _i, enlaces, _s, _a = world(due=DUE)
    user = UserFactory(username="enlace-en")
    enlaces[0].user = user
    enlaces[0].save()
    NotificationPreference.objects.create(user=user, language="en")
    _run(dt.date(2026, 3, 30))
    n = Notification.objects.get(kind="reminder")
    assert n.language == "en"
    with translation.override("en"):
        assert "due in 1 day" in n.subject


def test_reminders_cannot_be_turned_off_with_the_digest():
    _g, _i, enlaces, _s, _a = world(due=DUE)
    user = UserFactory(username="no-digest")
    enlaces[0].user = user
    enlaces[0].save()
    NotificationPreference.objects.create(user=user, weekly_digest=False)
    _run(DUE)
    assert Notification.objects.filter(kind="reminder", user=user).count() == 1
