"""The acuerdo page's timeline shows the e-mails sent about the acuerdo (reminders, escalations,
decisions): who was told, when, which kind, sent or failed — to whom the page lets see them."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from agreements.models import Responsibility
from directory.models import Person
from notifications.models import Notification
from notifications.sweep import sweep

from .factories import UserFactory, make_acuerdo
from .notify_helpers import at, world

pytestmark = pytest.mark.django_db
DUE = dt.date(2026, 3, 31)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def setup():
    with time_machine.travel(at(2026, 3, 1, 13), tick=False):  # adopted in the session
        group, institutions, enlaces, session, acuerdo = world(due=DUE)
    # The second institution helps (coadyuvante): its enlace reads the acuerdo page too.
    Responsibility.objects.create(acuerdo=acuerdo, institution=institutions[1],
                                  role=Responsibility.Role.COADYUVANTE)
    users = []
    for person in enlaces:
        account = UserFactory(username=f"u.{person.institution.acronym.lower()}")
        Person.objects.filter(pk=person.pk).update(user=account)
        users.append(account)
    coordinator = UserFactory(username="coord.timeline")
    group.coordinators.add(coordinator)
    with time_machine.travel(at(2026, 3, 24), tick=False):  # 7 days before: the first reminder
        sweep(inline=True)
    failed = Notification.objects.create(
        kind=Notification.Kind.DECISION, recipient_email="u.x@example.org",
        recipient_name="Enlace que no recibió", object_key=f"acuerdo:{acuerdo.pk}",
        step="report:1:returned", reason="r", subject="s", body_text="b", user=users[0],
        status=Notification.Status.FAILED, attempts=5, acuerdo=acuerdo,
        created_at=timezone.make_aware(dt.datetime(2026, 3, 25, 10, 0)))
    other = make_acuerdo(session, due_date=DUE, responsables=[institutions[0]])
    Notification.objects.create(
        kind=Notification.Kind.DECISION, recipient_email="otro@example.org",
        recipient_name="Aviso de otro acuerdo", object_key=f"acuerdo:{other.pk}", step="x",
        reason="r", subject="s", body_text="b", acuerdo=other)
    return {"acuerdo": acuerdo, "enlaces": enlaces, "users": users, "coordinator": coordinator,
            "failed": failed}


def _timeline(client, user, acuerdo):
    client.force_login(user)
    response = client.get(f"/acuerdos/{acuerdo.pk}/", **EN)
    assert response.status_code == 200
    return response


@time_machine.travel("2026-03-26 10:00 -06:00", tick=False)
def test_it_shows_who_was_told_when_which_kind_and_whether_it_went_out(client, setup):
    acuerdo, enlace = setup["acuerdo"], setup["enlaces"][0]
    response = _timeline(client, setup["coordinator"], acuerdo)
    timeline = response.context["page"].timeline
    kinds = [(e.kind, getattr(e, "is_notification", False)) for e in timeline]
    assert kinds == [("created", False), ("reminder", True), ("decision", True)]
    reminder = timeline[1]
    assert (reminder.recipient_name, reminder.status) == (enlace.name, "sent")
    assert reminder.at == reminder.sent_at and timezone.localdate(reminder.at) == dt.date(2026, 3, 24)
    body = response.content.decode()
    assert f"E-mail: Reminder</strong>\n    · to {enlace.name}" in body
    assert "Failed</span> <small>after 5 attempts</small>" in body
    assert "Aviso de otro acuerdo" not in body  # another acuerdo's e-mail


@time_machine.travel("2026-03-26 10:00 -06:00", tick=False)
def test_it_shows_an_enlace_only_the_emails_to_them_or_about_their_part(client, setup):
    acuerdo = setup["acuerdo"]
    answering, helping = setup["users"]
    mine = [e.kind for e in _timeline(client, answering, acuerdo).context["page"].timeline
            if getattr(e, "is_notification", False)]
    assert mine == ["reminder", "decision"]
    body = _timeline(client, helping, acuerdo).content.decode()
    assert "E-mail:" not in body and setup["enlaces"][0].name not in body


@time_machine.travel("2026-03-26 10:00 -06:00", tick=False)
def test_it_keeps_a_notification_whose_acuerdo_link_was_lost_by_its_key(client, setup):
    acuerdo = setup["acuerdo"]
    Notification.objects.filter(pk=setup["failed"].pk).update(acuerdo=None)
    Notification.objects.filter(kind=Notification.Kind.REMINDER).update(acuerdo=None)
    timeline = _timeline(client, setup["coordinator"], acuerdo).context["page"].timeline
    assert [e.kind for e in timeline if getattr(e, "is_notification", False)] == [
        "reminder", "decision"]
