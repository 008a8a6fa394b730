"""The convocatoria's messages through a real SMTP server: a change in the editor's header sends an
update, cancelling sends METHOD:CANCEL, the sweep reminds N days before and pre-fills on the day,
the secretariat reminds only institutions that have not answered."""

import datetime as dt

import pytest
import time_machine
from icalendar import Calendar

from convocatorias.models import Confirmation, GroupConvocatoriaSettings
from convocatorias.services import (
    confirmation_save,
    convocatoria_send,
    rsvp_reminders_send,
)
from meetings.drafting import session_update
from meetings.services import session_plan
from notifications.sweep import sweep

from .factories import PersonFactory, UserFactory
from .notify_helpers import eager  # noqa: F401
from .notify_helpers import Inbox, SMTPServer, at, world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]


def _event(message):
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            cal = Calendar.from_ical(part.get_payload(decode=True))
            return cal, cal.walk("VEVENT")[0]
    raise AssertionError("no .ics")


def _about_sessions(inbox, start=0):
    """The messages about sessions (the world's acuerdo also gets reminders in a sweep)."""
    return [m for _r, m in inbox.messages[start:]
            if m["X-Acuerdos-Notification"].startswith("invitation/")]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    with SMTPServer(inbox) as server:
        for name, value in server.settings().items():
            setattr(settings, name, value)
        yield inbox


def _convened(django_capture_on_commit_callbacks):
    group, institutions, enlaces, _s, _a = world(members=3)
    secretaria = UserFactory(username="secretaria")
    group.secretariat.add(secretaria)
    with django_capture_on_commit_callbacks(execute=True):
        session = session_plan(group=group, date=dt.date(2026, 6, 10), start_time=dt.time(11, 0),
                               place="Sala 1", modality="in_person")
    with django_capture_on_commit_callbacks(execute=True):
        convocatoria_send(session=session, actor=secretaria)
    return group, institutions, enlaces, session, secretaria


def test_it_sends_an_update_from_the_header_and_a_cancel(smtp, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2026, 5, 1), tick=False):
        group, _i, enlaces, session, secretaria = _convened(django_capture_on_commit_callbacks)
        emails = {e.email for e in enlaces}
        convocatorias = [m for _r, m in smtp.messages if m["Subject"].strip().startswith("Convocatoria:")]
        assert {m["To"].addresses[0].addr_spec for m in convocatorias} == emails
        _cal, first = _event(convocatorias[0])

        before = len(smtp.messages)
        with django_capture_on_commit_callbacks(execute=True):
            session_update(session=session, actor=secretaria, title="Otro título")
        assert len(smtp.messages) == before  # a title is not time or place: no update

        with django_capture_on_commit_callbacks(execute=True):
            session_update(session=session, actor=secretaria, place="Sala 2")
        updates = [m for _r, m in smtp.messages[before:]]
        assert {m["To"].addresses[0].addr_spec for m in updates} == emails
        _cal, moved = _event(updates[0])
        assert str(moved["uid"]) == str(first["uid"])
        assert moved["sequence"] > first["sequence"]
        assert "Sala 2" in str(moved["location"])

        before = len(smtp.messages)
        with django_capture_on_commit_callbacks(execute=True):
            session_update(session=session, actor=secretaria, status="cancelled")
        cancels = [m for _r, m in smtp.messages[before:]]
        assert {m["To"].addresses[0].addr_spec for m in cancels} == emails
        cal, cancelled = _event(cancels[0])
        assert str(cal["method"]) == "CANCEL"
        assert str(cancelled["status"]) == "CANCELLED"
        assert str(cancelled["uid"]) == str(first["uid"])
        assert cancelled["sequence"] > moved["sequence"]


def test_it_reminds_two_days_before_and_prefills_on_the_day(
        smtp, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2026, 5, 1), tick=False):
        group, institutions, enlaces, session, _sec = _convened(django_capture_on_commit_callbacks)
        person = PersonFactory(institution=institutions[0], name="Ana Titular")
        confirmation_save(session=session, institution=institutions[0], actor=None,
                          answer="attends", attendees=[(person, "titular")])
    sent = len(smtp.messages)
    with time_machine.travel(at(2026, 6, 7), tick=False):  # 3 days before: nothing yet
        sweep(inline=True)
    assert not _about_sessions(smtp, sent)
    with time_machine.travel(at(2026, 6, 8), tick=False):  # 2 days before (the default)
        sweep(inline=True)
        sweep(inline=True)  # exactly once
    reminders = _about_sessions(smtp, sent)
    assert {m["To"].addresses[0].addr_spec for m in reminders} == {e.email for e in enlaces}
    assert all(m["Subject"].strip().startswith("Recordatorio:") for m in reminders)
    assert not session.attendances.exists()
    with time_machine.travel(at(2026, 6, 10, 7), tick=False):
        sweep(inline=True)
    assert list(session.attendances.values_list("name", "category")) == [("Ana Titular", "titular")]


def test_a_group_can_remind_earlier_or_never(smtp, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2026, 5, 1), tick=False):
        group, *_rest = _convened(django_capture_on_commit_callbacks)
        GroupConvocatoriaSettings.objects.create(group=group, reminder_days=0)
    sent = len(smtp.messages)
    with time_machine.travel(at(2026, 6, 8), tick=False):
        sweep(inline=True)
    assert not _about_sessions(smtp, sent)
    assert len(smtp.messages) > sent  # the sweep did run (the acuerdo's reminders went out)


def test_it_reminds_only_institutions_without_an_answer(smtp, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2026, 5, 1), tick=False):
        group, institutions, enlaces, session, sec = _convened(django_capture_on_commit_callbacks)
        confirmation_save(session=session, institution=institutions[1], actor=None,
                          answer="declines")
        sent = len(smtp.messages)
        with django_capture_on_commit_callbacks(execute=True):
            assert rsvp_reminders_send(session=session, actor=sec) == 2
            assert rsvp_reminders_send(session=session, actor=sec) == 0  # once a day
    got = {m["To"].addresses[0].addr_spec for _r, m in smtp.messages[sent:]}
    assert got == {enlaces[0].email, enlaces[2].email}
    assert Confirmation.objects.get().answer == "declines"
