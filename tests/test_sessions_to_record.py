"""Sessions "por registrar": planned sessions whose date has passed, shown to their group's
secretariat on the home page and in a weekly digest until marked held or cancelled."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from meetings.models import Session
from meetings.selectors import sessions_to_record
from notifications.models import Notification
from notifications.sweep import sweep

from .factories import GroupFactory, UserFactory, make_session
from .notify_helpers import at
from .workspace_data import secretariat_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def past():
    group = GroupFactory(members=2)
    session = make_session(group=group, date=dt.date(2026, 5, 4), number=6)
    secretaria = secretariat_user(group)
    secretaria.email = "secretaria@example.org"
    secretaria.save()
    return group, session, secretaria


def _mark(session, status):
    Session.objects.filter(pk=session.pk).update(status=status)


def test_it_lists_planned_sessions_past_their_date_until_held_or_cancelled(past):
    group, session, _ = past
    future = make_session(group=group, date=dt.date(2026, 6, 1), number=7)
    groups = type(group).objects.filter(pk=group.pk)
    assert list(sessions_to_record(groups, dt.date(2026, 5, 4))) == []  # the day itself
    assert list(sessions_to_record(groups, dt.date(2026, 5, 5))) == [session]
    assert future not in sessions_to_record(groups, dt.date(2026, 5, 5))
    for status in (Session.Status.HELD, Session.Status.CANCELLED):
        _mark(session, status)
        assert list(sessions_to_record(groups, dt.date(2026, 5, 5))) == []


@time_machine.travel("2026-05-06 10:00 -06:00")
def test_the_secretariats_home_page_shows_it_and_others_do_not_see_it(client, past):
    _group, session, secretaria = past
    client.force_login(secretaria)
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="es-mx").content.decode()
    assert 'id="to-record"' in body and "por registrar" in body
    assert f"/sessions/{session.pk}/" in body
    other = secretariat_user(GroupFactory(members=1), username="otra")
    client.force_login(other)
    assert 'id="to-record"' not in client.get("/").content.decode()
    _mark(session, Session.Status.HELD)
    client.force_login(secretaria)
    assert 'id="to-record"' not in client.get("/").content.decode()


def test_the_weekly_digest_tells_the_secretariat_once_a_week(past):
    _group, session, secretaria = past
    UserFactory(username="ajena", email="ajena@example.org")  # no group: never told
    with time_machine.travel(at(2026, 5, 11, 8, 30), tick=False):  # Monday
        sweep(inline=True)
        sweep(inline=True)
    digests = Notification.objects.filter(kind="digest", object_key=f"user:{secretaria.pk}")
    assert [d.step for d in digests] == ["2026-W20"]
    sent = [m for m in mail.outbox if m.to == ["secretaria@example.org"]]
    assert len(sent) == 1
    assert "por registrar" in sent[0].body and f"/sessions/{session.pk}/" in sent[0].body
    assert not [m for m in mail.outbox if m.to == ["ajena@example.org"]]
    _mark(session, Session.Status.CANCELLED)
    with time_machine.travel(at(2026, 5, 18, 8, 30), tick=False):
        sweep(inline=True)
    assert digests.count() == 1  # nothing to record: no message the next week
