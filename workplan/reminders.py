"""Reminders of the work plan: an actividad of an approved plan whose end date is near and that
has no progress yet (sin iniciar: no part of its linked acuerdos has moved) reaches the enlaces of
its responsable institutions. The notifications sweep (notifications.sweep.plan)
takes `actividad_reminder_drafts` with the other reminders (and inserts them with the other
kinds' rows, in one statement), so the messages go through the same
exactly-once rows (kind "actividad", one key per enlace, actividad and step), the same send
task, retries and log.

Steps for an actividad ending on day D: "before-n:D" on D - n for each n in
WORKPLAN_REMINDER_DAYS_BEFORE (default 30 and 7). A sweep also fires a step missed in the
catch-up window (notifications.rules.window), only the newest one; moving the end date starts
the steps afresh (the key carries the date). An actividad that gets progress, is cancelled or is
done gets no further reminder."""

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext_noop

from notifications import planning
from notifications.models import Notification
from notifications.rendering import absolute
from notifications.rules import window

from .models import Actividad, ActividadInstitution, Plan
from .progress import with_progress

KIND = Notification.Kind.ACTIVIDAD
TEMPLATE = "actividad-reminder"


def days_before() -> tuple[int, ...]:
    days = getattr(settings, "WORKPLAN_REMINDER_DAYS_BEFORE", (30, 7))
    return tuple(sorted({int(n) for n in days if 0 < int(n) <= 365}, reverse=True))


def step_on(end: dt.date, day: dt.date) -> str | None:
    remaining = (end - day).days
    return f"before-{remaining}" if remaining in days_before() else None


def latest_step(end: dt.date, today: dt.date) -> str | None:
    """The newest step within the sweep's catch-up window (an older missed one is superseded)."""
    found = None
    for day in window(today):
        found = step_on(end, day) or found
    return f"{found}:{end.isoformat()}" if found else None


def candidate_end_dates(today: dt.date) -> set[dt.date]:
    return {day + dt.timedelta(days=n) for day in window(today) for n in days_before()}


def actividades_to_remind(today: dt.date):
    """Open actividades of approved plans ending on a candidate date, with no progress. Driven by
    actividad_open_end_idx (open actividades by end date): one index range per date."""
    return (
        with_progress(
            Actividad.objects.filter(
                end_date__in=candidate_end_dates(today), cancelled_at__isnull=True,
                plan__status=Plan.Status.APPROVED,
            ),
            today,
        )
        .filter(progress_value=Actividad.Progress.NOT_STARTED)
        .select_related("plan__group", "eje")
        .order_by()
    )


def actividad_url(actividad) -> str:
    """The actividad on its plan's page (workplan:plan; the anchor is the actividad's row)."""
    from django.urls import reverse

    plan = actividad.plan
    return absolute(reverse("workplan:plan", args=[plan.group_id, plan.year])
                    + f"#actividad-{actividad.pk}")


def plan_actividad_reminders(*, today: dt.date) -> tuple[list[Notification], int]:
    """Insert the reminders due today (actividad_reminder_drafts) on their own."""
    drafts, skipped = actividad_reminder_drafts(today=today)
    planning.insert(drafts)
    return drafts, skipped


def actividad_reminder_drafts(*, today: dt.date) -> tuple[list[Notification], int]:
    """The reminders due today, rendered, not inserted. Returns (new rows, keys already
    planned). Queries: the actividades; only with a step due: their responsables (with the
    institution), those institutions' enlaces (with their languages), the keys planned."""
    planned = []
    for actividad in actividades_to_remind(today):
        step = latest_step(actividad.end_date, today)
        if step:
            planned.append((actividad, step))
    if not planned:
        return [], 0
    parts = {}
    for part in ActividadInstitution.objects.filter(
            actividad_id__in=[a.pk for a, _s in planned],
            role=ActividadInstitution.Role.RESPONSABLE).select_related("institution"):
        parts.setdefault(part.actividad_id, []).append(part.institution)
    enlaces = planning.enlaces_of(i.pk for institutions in parts.values() for i in institutions)
    existing = planning.planned_keys([KIND], [f"actividad:{a.pk}" for a, _s in planned])
    drafts, skipped = [], 0
    for actividad, step in planned:
        for institution in parts.get(actividad.pk, []):
            for person in enlaces.get(institution.pk, []):
                key = (KIND, person.email.strip().lower(), f"actividad:{actividad.pk}", step)
                if key in existing:
                    skipped += 1
                    continue
                existing.add(key)
                drafts.append(_draft(actividad, step, institution, person, today))
    return drafts, skipped


def _draft(actividad, step, institution, person, today) -> Notification:
    plan = actividad.plan
    days = (actividad.end_date - today).days
    return planning.draft(
        kind=KIND, recipient=person, object_key=f"actividad:{actividad.pk}", step=step,
        language=person.language_or({}), template=TEMPLATE,
        context={"actividad": actividad, "plan": plan, "group": plan.group,
                 "eje": actividad.eje, "institution": institution,
                 "end_date": actividad.end_date, "days_left": max(days, 0),
                 "url": actividad_url(actividad)},
        reason=planning.reason(
            gettext_noop("%(institution)s leads an actividad of %(plan)s ending %(end)s "
                         "with no progress yet (%(step)s)."),
            institution=institution.acronym, plan=plan.title,
            end=actividad.end_date.isoformat(), step=step.split(":")[0]),
        group=plan.group,
    )
