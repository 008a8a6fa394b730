"""What the sweep plans: reminders before, on and after due dates, escalations, weekly digests."""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_noop

from agreements.models import Responsibility
from directory.models import Person
from meetings.models import WorkingGroup
from meetings.selectors import sessions_to_record

from .. import rules
from ..models import Notification
from .. import planning
from ..planning import Recipient
from ..policy import DEFAULT_POLICY, digest_opted_out, group_policies, languages_for
from ..rendering import absolute, acuerdo_url

from .drafts import _setting, group_staff


def open_parts_due_on(dates):
    """Open responsable parts of live adopted acuerdos (sessions marked held: a planned
    session's drafts remind nobody) due on one of `dates`. Driven by resp_open_due_idx
    (the parts' copy of the due date, partial on open responsable parts): one index range per
    date over what is still to be done, then the acuerdo by primary key for the cancelled check —
    the sweep's work follows what is due, not the size of the tables (bench/reminders_sweep.py)."""
    return Responsibility.objects.reportable().filter(
        role=Responsibility.Role.RESPONSABLE,
        due_date__in=dates,
        acuerdo__cancelled_at__isnull=True,
    ).exclude(status=Responsibility.Status.FULFILLED)


def plan_reminders(*, today: dt.date) -> tuple[list[Notification], int]:
    """Insert today's reminders and escalations (reminder_drafts) on their own."""
    drafts, skipped = reminder_drafts(today=today)
    planning.insert(drafts)
    return drafts, skipped


def reminder_drafts(*, today: dt.date) -> tuple[list[Notification], int]:
    """Reminders to enlaces and escalations to coordinators/secretariat whose step falls in
    today's window, rendered, not inserted (the sweep inserts every kind's rows in one
    statement). Returns (new rows, keys skipped because already planned). Queries: the
    policies, the parts, then only with a step due: the enlaces (with their languages), the
    staff of groups with an escalation (one per role), the keys already planned."""
    own = group_policies()
    dates = rules.candidate_due_dates(today, [DEFAULT_POLICY, *own.values()])
    parts = list(
        open_parts_due_on(dates)
        .select_related("institution", "acuerdo__group", "acuerdo__session")
        .order_by()  # no join just to sort: the rows are grouped in Python
    )
    if not parts:
        return [], 0
    planned = []  # (kind, part, step)
    for part in parts:
        policy = own.get(part.acuerdo.group_id, DEFAULT_POLICY)
        step = rules.latest_step(rules.reminder_step_on, part.acuerdo.due_date, today, policy)
        if step:
            planned.append((Notification.Kind.REMINDER, part, step))
        step = rules.latest_step(rules.escalation_step_on, part.acuerdo.due_date, today, policy)
        if step:
            planned.append((Notification.Kind.ESCALATION, part, step))
    if not planned:
        return [], 0
    enlaces = planning.enlaces_of(p.institution_id for k, p, _s in planned
                                  if k == Notification.Kind.REMINDER)
    staff = group_staff(p.acuerdo.group_id for k, p, _s in planned
                        if k == Notification.Kind.ESCALATION)
    existing = planning.planned_keys(
        [Notification.Kind.REMINDER, Notification.Kind.ESCALATION],
        [f"responsibility:{p.pk}" for _k, p, _s in planned],
    )
    wanted = []
    skipped = 0
    for kind, part, step in planned:
        people = enlaces.get(part.institution_id, []) if kind == Notification.Kind.REMINDER \
            else staff.get(part.acuerdo.group_id, [])
        for person in people:
            key = (kind, person.email.strip().lower(), f"responsibility:{part.pk}", step)
            if key in existing:
                skipped += 1
            else:
                existing.add(key)
                wanted.append((kind, part, step, person))
    # enlaces_of and group_staff read each recipient's language with them: no query here
    drafts = [_reminder_draft(kind, part, step, person, today, person.language_or({}))
              for kind, part, step, person in wanted]
    return drafts, skipped


def _reminder_draft(kind, part, step, person, today, language) -> Notification:
    acuerdo = part.acuerdo
    due = acuerdo.due_date
    days = (due - today).days
    context = {
        "acuerdo": acuerdo,
        "group": acuerdo.group,
        "session": acuerdo.session,
        "institution": part.institution,
        "due_date": due,
        "days_left": max(days, 0),
        "days_overdue": max(-days, 0),
        "url": acuerdo_url(acuerdo.pk),
    }
    if kind == Notification.Kind.REMINDER:
        reason = planning.reason(
            gettext_noop("%(institution)s answers for %(number)s, due %(due)s (%(step)s)."),
            institution=part.institution, number=acuerdo.number, due=due.isoformat(),
            step=step.split(":")[0],
        )
        template = "reminder"
    else:
        reason = planning.reason(
            gettext_noop("%(institution)s is %(days)s days overdue on %(number)s (%(step)s)."),
            institution=part.institution, days=-days, number=acuerdo.number,
            step=step.split(":")[0],
        )
        template = "escalation"
    return planning.draft(
        kind=kind, recipient=person, object_key=f"responsibility:{part.pk}", step=step,
        language=language, template=template, context=context, reason=reason,
        group=acuerdo.group, session=acuerdo.session, acuerdo=acuerdo,
    )


def digest_week(now: dt.datetime) -> str | None:
    """The ISO week whose digest is due at `now`: Mondays from 08:00 (America/Mexico_City)."""
    local = timezone.localtime(now)
    if local.weekday() != 0 or local.hour < _setting("DIGEST_HOUR", 8):
        return None
    year, week, _day = local.date().isocalendar()
    return f"{year}-W{week:02d}"


def plan_digests(*, now: dt.datetime) -> tuple[list[Notification], int]:
    """Insert the weekly digests due at `now` (digest_drafts) on their own, in one statement."""
    drafts, skipped = digest_drafts(now=now)
    planning.insert(drafts)
    return drafts, skipped


def digest_drafts(*, now: dt.datetime) -> tuple[list[Notification], int]:
    """The weekly digests due at `now`, the enlaces' and the secretariat's, rendered, not
    inserted; none outside Monday's window, without a query."""
    week = digest_week(now)
    if week is None:
        return [], 0
    today = timezone.localtime(now).date()
    done = set(
        Notification.objects.filter(kind=Notification.Kind.DIGEST, step=week).values_list(
            "recipient_email", flat=True
        )
    )
    enlaces = list(
        Person.objects.filter(is_enlace=True).exclude(email="").select_related("institution")
    )
    opted_out = digest_opted_out(p.user_id for p in enlaces)
    todo = [p for p in enlaces if p.email.strip().lower() not in done and p.user_id not in opted_out]
    skipped = len(enlaces) - len(todo)
    if not todo:
        return secretariat_digest_drafts(week=week, today=today), skipped
    by_institution = defaultdict(list)
    for part in (
        Responsibility.objects.reportable().filter(
            institution_id__in={p.institution_id for p in todo},
            acuerdo__cancelled_at__isnull=True,
        )
        .exclude(status=Responsibility.Status.FULFILLED)
        .select_related("acuerdo__group", "acuerdo__session")
    ):
        by_institution[part.institution_id].append(part)
    languages = languages_for(p.user_id for p in todo)
    drafts = []
    for person in todo:
        groups = digest_groups(by_institution.get(person.institution_id, []), today)
        if not groups:
            continue
        recipient = Recipient(person.email, person.name, person.user_id)
        drafts.append(planning.draft(
            kind=Notification.Kind.DIGEST, recipient=recipient,
            object_key=f"institution:{person.institution_id}", step=week,
            language=languages.get(person.user_id, settings.LANGUAGE_CODE), template="digest",
            context={"institution": person.institution, "groups": groups, "today": today,
                     "week": week, "preferences_url": absolute("/notifications/preferences/")},
            reason=planning.reason(gettext_noop("Weekly digest %(week)s of %(institution)s."),
                                   week=week, institution=person.institution),
        ))
    return drafts + secretariat_digest_drafts(week=week, today=today), skipped


def secretariat_digest_drafts(*, week: str, today: dt.date) -> list[Notification]:
    """The secretariat's weekly line: sessions of their groups "por registrar" (planned, date
    passed; meetings.selectors.sessions_to_record). One message per user and week (object_key
    user:<id>), none without such sessions or for who opted out of the digest. Not inserted."""
    by_group = defaultdict(list)
    for session in sessions_to_record(WorkingGroup.objects.all(), today):
        by_group[session.group_id].append(session)
    if not by_group:
        return []
    users = list(get_user_model().objects.filter(
        secretariat_of__in=list(by_group), is_active=True).exclude(email="").distinct())
    opted_out = digest_opted_out(u.pk for u in users)
    existing = planning.planned_keys([Notification.Kind.DIGEST], [f"user:{u.pk}" for u in users])
    memberships = defaultdict(set)
    for user_id, group_id in WorkingGroup.secretariat.through.objects.filter(
            user__in=users).values_list("user_id", "workinggroup_id"):
        memberships[user_id].add(group_id)
    languages = languages_for(u.pk for u in users)
    drafts = []
    for user in users:
        email = user.email.strip().lower()
        if user.pk in opted_out or (Notification.Kind.DIGEST, email, f"user:{user.pk}",
                                    week) in existing:
            continue
        sessions = [s for gid in sorted(memberships[user.pk]) for s in by_group.get(gid, [])]
        if not sessions:
            continue
        for session in sessions:
            session.url = absolute(f"/sessions/{session.pk}/")
        name = user.get_full_name() or user.get_username()
        drafts.append(planning.draft(
            kind=Notification.Kind.DIGEST, recipient=Recipient(user.email, name, user.pk),
            object_key=f"user:{user.pk}", step=week,
            language=languages.get(user.pk, settings.LANGUAGE_CODE),
            template="digest-secretariat",
            context={"sessions": sessions, "today": today, "week": week,
                     "preferences_url": absolute("/notifications/preferences/")},
            reason=planning.reason(gettext_noop("Weekly digest %(week)s: sessions to record."),
                                   week=week),
        ))
    return drafts


def digest_groups(parts, today: dt.date) -> list[dict]:
    """Pending parts grouped by group; groups with something overdue first, and inside each
    group overdue first, then by due date."""
    groups = defaultdict(list)
    for part in parts:
        a = part.acuerdo
        overdue = bool(a.due_date and a.due_date < today)
        groups[a.group].append({
            "acuerdo": a, "part": part, "overdue": overdue, "url": acuerdo_url(a.pk),
            "days_overdue": (today - a.due_date).days if overdue else 0,
        })
    result = []
    for group, items in groups.items():
        items.sort(key=lambda i: (not i["overdue"], i["acuerdo"].due_date or dt.date.max,
                                  i["acuerdo"].number))
        result.append({"group": group, "items": items,
                       "overdue": sum(1 for i in items if i["overdue"])})
    result.sort(key=lambda g: (g["overdue"] == 0, g["group"].acronym))
    return result
