"""Session invitations with an RFC 5545 attachment; a moved session keeps its UID."""

import datetime as dt

import pytest
import time_machine
from icalendar import Calendar

from meetings.services import attendance_add, session_plan, session_reschedule
from notifications.models import Notification
from notifications.services import session_invitations_send

from .factories import PersonFactory
from .notify_helpers import eager  # noqa: F401
from .notify_helpers import at, world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]


def _event(notification):
    cal = Calendar.from_ical(bytes(notification.attachment.content))
    return cal.walk("VEVENT")[0]


def test_planning_a_session_invites_participants_and_member_enlaces(
    django_capture_on_commit_callbacks, mailoutbox
):
    group, institutions, enlaces, _s, _a = world()
    with time_machine.travel(at(2026, 5, 1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            session = session_plan(group=group, date=dt.date(2026, 6, 10),
                                   start_time=dt.time(11, 0), end_time=dt.time(13, 0),
                                   place="Sala de juntas")
    rows = Notification.objects.filter(kind="invitation", session=session)
    assert {r.recipient_email for r in rows} == {e.email for e in enlaces}
    assert all(r.status == "sent" for r in rows), [(r.status, r.last_error, r.attempts, r.next_attempt_at) for r in rows]
    message = mailoutbox[-1]
    ics = [a for a in message.attachments if a[0].endswith(".ics")]
    assert ics and ics[0][2] == "text/calendar"
    event = _event(rows[0])
    assert str(event["uid"]) == f"session-{session.pk}@127.0.0.1"
    assert event["sequence"] == 0
    assert event.decoded("dtstart").hour == 11 and "Sala de juntas" in str(event["location"])


def test_moving_a_session_sends_an_update_with_the_same_uid(django_capture_on_commit_callbacks):
    group, institutions, enlaces, _s, _a = world()
    with time_machine.travel(at(2026, 5, 1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            session = session_plan(group=group, date=dt.date(2026, 6, 10), start_time=dt.time(11, 0))
        participant = PersonFactory(email="invitada@example.org")
        attendance_add(session=session, person=participant)
        # nothing changed: no new sequence, only the new participant is invited
        assert session_invitations_send(session_id=session.pk) == 1
        with django_capture_on_commit_callbacks(execute=True):
            session_reschedule(session=session, date=dt.date(2026, 6, 12),
                               start_time=dt.time(16, 0))
    first = Notification.objects.filter(kind="invitation", step="seq-0").first()
    update = Notification.objects.filter(kind="invitation", step="seq-1").first()
    assert Notification.objects.filter(kind="invitation", step="seq-1").count() == 3
    assert str(_event(first)["uid"]) == str(_event(update)["uid"])
    assert _event(update)["sequence"] == 1
    assert _event(update).decoded("dtstart").date() == dt.date(2026, 6, 12)


def test_past_or_held_sessions_get_no_invitation():
    group, *_rest, session, _a = world()  # its date (1 March 2026) is past on 1 May
    with time_machine.travel(at(2026, 5, 1), tick=False):
        assert session_invitations_send(session_id=session.pk) == 0
        assert session_invitations_send(session_id=999999) == 0
    assert not Notification.objects.filter(kind="invitation")
