"""Reminders of the work plan (time frozen): an actividad of an approved plan near its end date
with no progress reaches its responsables' enlaces through the notifications sweep, exactly once
per step; progress, cancellation, a plan not approved, or being only a coadyuvante: none."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from agreements.models import Responsibility
from agreements.services import responsibility_change_status
from notifications.models import Notification
from notifications.sweep import sweep
from workplan import services

from .factories import make_acuerdo, make_session
from .notify_helpers import at
from .workplan_docs_data import plan_world

pytestmark = pytest.mark.django_db
KIND = Notification.Kind.ACTIVIDAD


@pytest.fixture
def world():
    world = plan_world(calendar=False)
    approval = make_acuerdo(session=make_session(group=world.group, date=dt.date(2025, 6, 3)),
                            text="Se aprueba el plan de trabajo 2025.", all_institutions=True)
    services.plan_approve(plan=world.plan, acuerdo=approval, actor=world.secretary,
                          schedule_calendar=False)
    return world


def _run(day: dt.date, hour=9):
    with time_machine.travel(at(day.year, day.month, day.day, hour), tick=False):
        return sweep(inline=True)


def _fired(start, end) -> dict:
    """Sweep every day from start to end: {day: [(recipient, step)]} of the plan's reminders."""
    fired, day = {}, start
    while day <= end:
        before = set(Notification.objects.filter(kind=KIND).values_list("pk", flat=True))
        _run(day)
        new = Notification.objects.filter(kind=KIND).exclude(pk__in=before)
        if new:
            fired[day] = sorted((n.recipient_email, n.step) for n in new)
        day += dt.timedelta(days=1)
    return fired


def test_it_reminds_30_and_7_days_before_the_end_only_the_responsables_enlaces(world):
    fired = _fired(dt.date(2025, 7, 25), dt.date(2025, 9, 2))
    # FGR's directory ends 29 August; UPMRIP's summary (30 September) has no enlace with an
    # e-mail; FGR only helps with the rutas locales (30 November): no reminder for a coadyuvante.
    assert fired == {
        dt.date(2025, 7, 30): [("enlace.fgr@example.org", "before-30:2025-08-29")],
        dt.date(2025, 8, 22): [("enlace.fgr@example.org", "before-7:2025-08-29")],
    }
    sent = [m for m in mail.outbox if m.extra_headers["X-Acuerdos-Notification"].startswith(
        "actividad/")]
    assert len(sent) == 2 and sent[0].to == ["enlace.fgr@example.org"]
    assert sent[1].subject == ("Plan de trabajo GTTIM: una actividad termina en 7 días sin "
                               "avances")
    assert "Crear un directorio de personas responsables" in sent[1].body
    assert f"/grupos/{world.group.pk}/plan/2025/#actividad-{world.actividades[2].pk}" in \
        sent[1].body
    row = Notification.objects.filter(kind=KIND).first()
    assert row.group_id == world.group.pk and row.status == "sent"
    assert "FGR es responsable de una actividad" in row.reason  # the site's language


def test_two_sweeps_on_the_same_day_send_once(world):
    for hour in (0, 8, 9, 13, 23):
        _run(dt.date(2025, 8, 22), hour=hour)  # a Friday: no weekly digest
    assert Notification.objects.filter(kind=KIND).count() == 1
    assert [m.to for m in mail.outbox] == [["enlace.fgr@example.org"]]


def test_a_missed_day_is_caught_up_once(world):
    _run(dt.date(2025, 8, 23))  # the 22nd (before-7) was missed: caught up the next day
    _run(dt.date(2025, 8, 24))
    assert list(Notification.objects.filter(kind=KIND).values_list("step", flat=True)) == [
        "before-7:2025-08-29"]


def test_progress_cancellation_or_a_plan_not_approved_stop_the_reminders(world):
    directory, campaign = world.actividades[2], world.actividades[1]
    acuerdo = make_acuerdo(session=make_session(group=world.group, date=dt.date(2025, 7, 1)),
                           responsables=[world.institutions["FGR"]])
    services.actividad_link_acuerdo(actividad=directory, acuerdo=acuerdo, actor=world.secretary)
    _run(dt.date(2025, 7, 30))  # linked, but nothing reported yet: still "sin iniciar"
    assert Notification.objects.filter(kind=KIND).count() == 1
    responsibility_change_status(responsibility=acuerdo.responsibilities.get(),
                                 status=Responsibility.Status.IN_PROGRESS)
    _run(dt.date(2025, 8, 22))  # in progress: no before-7
    assert Notification.objects.filter(kind=KIND).count() == 1
    # SSPC's campaign ends 31 December: reminded on 1 December (positive control) ...
    _run(dt.date(2025, 12, 1))
    assert Notification.objects.filter(kind=KIND, object_key=f"actividad:{campaign.pk}",
                                       recipient_email="enlace.sspc@example.org").count() == 1
    # ... not once it is cancelled.
    services.actividad_cancel(actividad=campaign, reason="Sin presupuesto", actor=world.secretary)
    _run(dt.date(2025, 12, 24))
    assert Notification.objects.filter(kind=KIND, object_key=f"actividad:{campaign.pk}").count() \
        == 1


def test_a_draft_plan_reminds_nobody(world):
    services.plan_create(group=world.group, year=2026, title="Plan 2026", actor=world.secretary)
    plan = world.group.plans.get(year=2026)
    eje = services.eje_add(plan=plan, title="Eje", actor=world.secretary)
    services.actividad_add(eje=eje, description="Borrador", end_date=dt.date(2026, 3, 31),
                           responsables=[world.institutions["FGR"]], actor=world.secretary)
    _run(dt.date(2026, 3, 24))
    assert not Notification.objects.filter(kind=KIND, step__endswith="2026-03-31").exists()


def test_moving_the_end_date_starts_the_reminders_afresh(world):
    directory = world.actividades[2]
    _run(dt.date(2025, 8, 22))
    services.actividad_update(actividad=directory, end_date=dt.date(2025, 8, 31),
                              reason="Se amplía el plazo", actor=world.secretary)
    _run(dt.date(2025, 8, 24))
    assert sorted(Notification.objects.filter(kind=KIND).values_list("step", flat=True)) == [
        "before-7:2025-08-29", "before-7:2025-08-31"]
