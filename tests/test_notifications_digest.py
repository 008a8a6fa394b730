"""The weekly digest: Mondays from 08:00 Mexico City, per enlace, grouped by group, overdue first."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from notifications.models import Notification, NotificationPreference
from notifications.sweep import sweep

from .factories import GroupFactory, UserFactory, make_acuerdo, make_session
from .notify_helpers import at, world

pytestmark = pytest.mark.django_db


def _digests():
    return list(Notification.objects.filter(kind="digest"))


def test_it_sends_the_digest_on_monday_from_eight_once_a_week():
    world(due=dt.date(2026, 5, 20))
    with time_machine.travel(at(2026, 5, 4, 7, 59), tick=False):  # Monday, before 08:00
        sweep(inline=True)
    assert _digests() == []
    with time_machine.travel(at(2026, 5, 5, 8, 0), tick=False):  # Tuesday
        sweep(inline=True)
    assert _digests() == []
    for hour in (8, 12, 23):
        with time_machine.travel(at(2026, 5, 11, hour, 0), tick=False):
            sweep(inline=True)
    assert [d.step for d in _digests()] == ["2026-W20"]
    with time_machine.travel(at(2026, 5, 18, 8, 5), tick=False):
        sweep(inline=True)
    assert sorted(d.step for d in _digests()) == ["2026-W20", "2026-W21"]


def test_the_digest_lists_every_group_overdue_first_and_skips_fulfilled_and_cancelled():
    group, institutions, enlaces, session, late = world(due=dt.date(2026, 4, 1))
    inst = institutions[0]
    soon = make_acuerdo(session, text="Acuerdo próximo", due_date=dt.date(2026, 6, 30),
                        responsables=[inst])
    cancelled = make_acuerdo(session, text="Acuerdo cancelado", due_date=dt.date(2026, 4, 2),
                             responsables=[inst])
    from agreements.services import acuerdo_cancel

    acuerdo_cancel(acuerdo=cancelled, reason="Sin efecto")
    other_group = GroupFactory(acronym="AAA-OTRO", members=[inst])
    other = make_acuerdo(make_session(group=other_group, date=dt.date(2026, 3, 1)),
                         text="Acuerdo de otro grupo", due_date=dt.date(2026, 7, 1),
                         responsables=[inst])
    with time_machine.travel(at(2026, 5, 11, 8, 0), tick=False):
        sweep(inline=True)
    digest = Notification.objects.get(kind="digest", recipient_email=enlaces[0].email)
    body = digest.body_text
    # the group with something overdue comes first although its acronym sorts later
    assert body.index(group.acronym) < body.index("AAA-OTRO")
    assert body.index(late.text[:30]) < body.index("Acuerdo próximo") < body.index(other.text)
    assert "Acuerdo cancelado" not in body
    assert soon.number in digest.body_html and "/notifications/preferences/" in body
    # the second institution has nothing pending: no digest for its enlace
    assert not Notification.objects.filter(kind="digest", recipient_email=enlaces[1].email)
    with translation.override("en"):
        assert "OVERDUE" in body or "VENCIDO" in body


def test_a_user_can_opt_out_of_the_digest(client):
    _g, _i, enlaces, _s, _a = world(due=dt.date(2026, 4, 1))
    user = UserFactory(username="enlace-x")
    enlaces[0].user = user
    enlaces[0].save()
    client.force_login(user)
    response = client.post("/notifications/preferences/", {})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=user).weekly_digest is False
    with time_machine.travel(at(2026, 5, 11, 9, 0), tick=False):
        sweep(inline=True)
    assert _digests() == []
    # …and back in
    client.post("/notifications/preferences/", {"weekly_digest": "on"})
    with time_machine.travel(at(2026, 5, 11, 10, 0), tick=False):
        sweep(inline=True)
    assert len(_digests()) == 1
    assert any("digest/" in m.extra_headers["X-Acuerdos-Notification"] for m in mail.outbox)
