"""Writes for notifications: plan rows (claimed by their unique key before anything is sent),
deliver one row (conditional UPDATE pending → sending, then send, then sent/failed), and sweep.

Exactly once: a row is inserted with ON CONFLICT DO NOTHING on (kind, recipient, object, step), so
two sweeps, a double beat tick or a retried task plan it once; it is sent only by whoever wins the
UPDATE ... WHERE status='pending', so it is sent once. The one window left is a process dying after
the SMTP server said 250 and before the row says "sent": after NOTIFICATIONS_SENDING_LEASE_SECONDS
the row is sent again (at least once in that window), with the same Message-ID so that mail
programs fold the copies.
"""

import datetime as dt
import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements.models import Acuerdo, Responsibility
from directory.models import Person
from meetings.models import Session, WorkingGroup

from . import rules
from .ics import session_ics, session_stamp
from .models import Attachment, Notification, SessionInvitation
from .policy import all_policies, digest_opted_out, languages_for, policies_for
from .rendering import absolute, acuerdo_url, render_message, session_url

logger = logging.getLogger("notifications")


def _setting(name: str, default):
    return getattr(settings, f"NOTIFICATIONS_{name}", default)


def max_attempts() -> int:
    return _setting("MAX_ATTEMPTS", 5)


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=_setting("SENDING_LEASE_SECONDS", 600))


def backoff(attempts: int) -> dt.timedelta:
    """60 s, 4 min, 16 min, capped at 30 min: short enough to be a countdown, never a far ETA."""
    base = _setting("RETRY_BACKOFF_SECONDS", 60)
    return dt.timedelta(seconds=min(base * 4 ** max(attempts - 1, 0), _setting("RETRY_BACKOFF_MAX", 1800)))


# --------------------------------------------------------------------------- planning


@dataclass
class Recipient:
    email: str
    name: str
    user_id: int | None


def _reason(text: str, **params) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(text) % params


def _draft(*, kind, recipient: Recipient, object_key, step, language, template, context,
           reason, **related) -> Notification:
    context = {"recipient_name": recipient.name, **context}
    subject, text, html = render_message(template, context, language)
    return Notification(
        kind=kind,
        recipient_email=recipient.email.strip().lower(),
        recipient_name=recipient.name[:200],
        user_id=recipient.user_id,
        object_key=object_key,
        step=step,
        language=language,
        subject=subject,
        body_text=text,
        body_html=html,
        reason=reason,
        **related,
    )


def _existing_keys(kind_values, object_keys) -> set[tuple]:
    if not object_keys:
        return set()
    return set(
        Notification.objects.filter(kind__in=kind_values, object_key__in=set(object_keys))
        .values_list("kind", "recipient_email", "object_key", "step")
    )


def _insert(drafts: list[Notification]) -> None:
    # ON CONFLICT DO NOTHING: a concurrent sweep that planned the same key first wins.
    Notification.objects.bulk_create(drafts, ignore_conflicts=True, batch_size=500)


def _enlaces_of(institution_ids) -> dict[int, list[Recipient]]:
    found = defaultdict(list)
    for p in Person.objects.filter(institution_id__in=set(institution_ids), is_enlace=True).exclude(
        email=""
    ).order_by("pk"):
        found[p.institution_id].append(Recipient(p.email, p.name, p.user_id))
    return found


def _group_staff(group_ids) -> dict[int, list[Recipient]]:
    """The coordinators and the secretariat of each group, once each, with an e-mail."""
    User = get_user_model()
    group_ids = set(group_ids)
    found = defaultdict(dict)
    for through in (WorkingGroup.coordinators.through, WorkingGroup.secretariat.through):
        rows = list(through.objects.filter(workinggroup_id__in=group_ids).values_list(
            "workinggroup_id", "user_id"
        ))
        users = {u.pk: u for u in User.objects.filter(pk__in={r[1] for r in rows}, is_active=True)
                 .exclude(email="")}
        for gid, uid in rows:
            if uid in users:
                u = users[uid]
                found[gid][u.email.lower()] = Recipient(u.email, u.get_full_name() or u.username, uid)
    return {gid: list(by_email.values()) for gid, by_email in found.items()}


def open_parts_due_on(dates):
    """Open responsable parts of live acuerdos due on one of `dates`. Driven by resp_open_due_idx
    (the parts' copy of the due date, partial on open responsable parts): one index range per
    date over what is still to be done, then the acuerdo by primary key for the cancelled check —
    the sweep's work follows what is due, not the size of the tables (bench/reminders_sweep.py)."""
    return Responsibility.objects.filter(
        role=Responsibility.Role.RESPONSABLE,
        due_date__in=dates,
        acuerdo__cancelled_at__isnull=True,
    ).exclude(status=Responsibility.Status.FULFILLED)


def plan_reminders(*, today: dt.date) -> tuple[list[Notification], int]:
    """Reminders to enlaces and escalations to coordinators/secretariat whose step falls in
    today's window. Returns (new rows inserted, keys skipped because already planned)."""
    dates = rules.candidate_due_dates(today, all_policies())
    parts = list(
        open_parts_due_on(dates)
        .select_related("institution", "acuerdo__group", "acuerdo__session")
        .order_by()  # no join just to sort: the rows are grouped in Python
    )
    if not parts:
        return [], 0
    policies = policies_for(p.acuerdo.group_id for p in parts)
    planned = []  # (kind, part, step)
    for part in parts:
        policy = policies[part.acuerdo.group_id]
        step = rules.latest_step(rules.reminder_step_on, part.acuerdo.due_date, today, policy)
        if step:
            planned.append((Notification.Kind.REMINDER, part, step))
        step = rules.latest_step(rules.escalation_step_on, part.acuerdo.due_date, today, policy)
        if step:
            planned.append((Notification.Kind.ESCALATION, part, step))
    if not planned:
        return [], 0
    enlaces = _enlaces_of(p.institution_id for _k, p, _s in planned)
    staff = _group_staff(p.acuerdo.group_id for k, p, _s in planned
                         if k == Notification.Kind.ESCALATION)
    existing = _existing_keys(
        [Notification.Kind.REMINDER, Notification.Kind.ESCALATION],
        [f"responsibility:{p.pk}" for _k, p, _s in planned],
    )
    wanted = []
    for kind, part, step in planned:
        people = enlaces.get(part.institution_id, []) if kind == Notification.Kind.REMINDER \
            else staff.get(part.acuerdo.group_id, [])
        for person in people:
            key = (kind, person.email.strip().lower(), f"responsibility:{part.pk}", step)
            if key not in existing:
                existing.add(key)
                wanted.append((kind, part, step, person))
    skipped = sum(
        len(enlaces.get(p.institution_id, []) if k == Notification.Kind.REMINDER
            else staff.get(p.acuerdo.group_id, []))
        for k, p, _s in planned
    ) - len(wanted)
    languages = languages_for(person.user_id for *_x, person in wanted)
    drafts = [
        _reminder_draft(kind, part, step, person, today,
                        languages.get(person.user_id, settings.LANGUAGE_CODE))
        for kind, part, step, person in wanted
    ]
    _insert(drafts)
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
        reason = _reason(
            "%(institution)s answers for %(number)s, due %(due)s (%(step)s).",
            institution=part.institution, number=acuerdo.number, due=due.isoformat(),
            step=step.split(":")[0],
        )
        template = "reminder"
    else:
        reason = _reason(
            "%(institution)s is %(days)s days overdue on %(number)s (%(step)s).",
            institution=part.institution, days=-days, number=acuerdo.number,
            step=step.split(":")[0],
        )
        template = "escalation"
    return _draft(
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
        return [], skipped
    by_institution = defaultdict(list)
    for part in (
        Responsibility.objects.filter(
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
        drafts.append(_draft(
            kind=Notification.Kind.DIGEST, recipient=recipient,
            object_key=f"institution:{person.institution_id}", step=week,
            language=languages.get(person.user_id, settings.LANGUAGE_CODE), template="digest",
            context={"institution": person.institution, "groups": groups, "today": today,
                     "week": week, "preferences_url": absolute("/notifications/preferences/")},
            reason=_reason("Weekly digest %(week)s of %(institution)s.", week=week,
                           institution=person.institution),
        ))
    _insert(drafts)
    return drafts, skipped


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


def _attachment(filename: str, mimetype: str, content: bytes) -> Attachment:
    digest = hashlib.sha256(content).hexdigest()
    obj, _created = Attachment.objects.get_or_create(
        sha256=digest, defaults={"filename": filename, "mimetype": mimetype, "content": content}
    )
    return obj


@transaction.atomic
def session_invitations_send(*, session_id: int) -> int:
    """Invite the participants and the member institutions' enlaces to a planned session, with an
    .ics; when time or place changed since the last invitation, send an update with the same UID
    and the next SEQUENCE. Returns how many new messages were planned."""
    session = Session.objects.select_related("group").filter(pk=session_id).first()
    if session is None or session.status != Session.Status.PLANNED or \
            session.date < timezone.localdate():
        return 0
    stamp = session_stamp(session)
    invitation, created = SessionInvitation.objects.select_for_update().get_or_create(
        session=session, defaults={"stamp": stamp}
    )
    if not created and invitation.stamp != stamp:
        invitation.sequence += 1
        invitation.stamp = stamp
        invitation.changed_at = timezone.now()
        invitation.save(update_fields=["sequence", "stamp", "changed_at"])
    ics = _attachment(
        f"sesion-{session.pk}.ics", "text/calendar",
        session_ics(session, sequence=invitation.sequence, stamp_at=invitation.changed_at),
    )
    recipients = {}
    for a in session.attendances.select_related("person").exclude(person__email=""):
        recipients.setdefault(a.person.email.lower(), Recipient(a.person.email, a.name, a.person.user_id))
    members = session.group.member_institutions(on=session.date).values("pk")
    for p in Person.objects.filter(institution__in=members, is_enlace=True).exclude(email=""):
        recipients.setdefault(p.email.lower(), Recipient(p.email, p.name, p.user_id))
    step = f"seq-{invitation.sequence}"
    existing = _existing_keys([Notification.Kind.INVITATION], [f"session:{session.pk}"])
    todo = [r for key, r in recipients.items()
            if (Notification.Kind.INVITATION, key, f"session:{session.pk}", step) not in existing]
    languages = languages_for(r.user_id for r in todo)
    context = {"session": session, "group": session.group, "update": invitation.sequence > 0,
               "url": session_url(session.pk)}
    drafts = [
        _draft(kind=Notification.Kind.INVITATION, recipient=r, object_key=f"session:{session.pk}",
               step=step, language=languages.get(r.user_id, settings.LANGUAGE_CODE),
               template="invitation", context=context, attachment=ics,
               reason=_reason("Session %(session)s planned or moved (sequence %(seq)s).",
                              session=session, seq=invitation.sequence),
               group=session.group, session=session)
        for r in todo
    ]
    _insert(drafts)
    queue_due(now=timezone.now())
    return len(drafts)


@transaction.atomic
def notify_minuta_approved(*, session_id: int, pdf: tuple[str, bytes] | None) -> int:
    """E-mail the approved minuta to every participant with an e-mail, with the PDF attached (a
    link instead when it is over NOTIFICATIONS_MINUTA_ATTACHMENT_MAX_BYTES) and the acuerdos
    their institution answers for or helps with. Returns how many new messages were planned."""
    session = Session.objects.select_related("group").get(pk=session_id)
    limit = _setting("MINUTA_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
    attachment = None
    if pdf is not None and len(pdf[1]) <= limit:
        attachment = _attachment(pdf[0], "application/pdf", pdf[1])
    acuerdos = list(
        Acuerdo.objects.filter(session=session, cancelled_at__isnull=True)
        .prefetch_related("responsibilities")
        .order_by("sequence")
    )
    step = f"rev-{session.revision}"
    existing = _existing_keys([Notification.Kind.MINUTA], [f"session:{session.pk}"])
    people = {}
    for a in session.attendances.select_related("person").exclude(person__email=""):
        people.setdefault(a.person.email.lower(), a)
    todo = [(k, a) for k, a in people.items()
            if (Notification.Kind.MINUTA, k, f"session:{session.pk}", step) not in existing]
    languages = languages_for(a.person.user_id for _k, a in todo)
    drafts = []
    for _key, a in todo:
        own = [x for x in acuerdos
               if any(r.institution_id == a.institution_id for r in x.responsibilities.all())]
        drafts.append(_draft(
            kind=Notification.Kind.MINUTA,
            recipient=Recipient(a.person.email, a.name, a.person.user_id),
            object_key=f"session:{session.pk}", step=step,
            language=languages.get(a.person.user_id, settings.LANGUAGE_CODE), template="minuta",
            context={"session": session, "group": session.group, "own_acuerdos": own,
                     "institution": a.institution, "url": session_url(session.pk),
                     "attached": attachment is not None, "has_pdf": pdf is not None},
            attachment=attachment,
            reason=_reason("Minuta of %(session)s approved; participant.", session=session),
            group=session.group, session=session,
        ))
    _insert(drafts)
    queue_due(now=timezone.now())
    return len(drafts)


# --------------------------------------------------------------------------- delivering


def notification_deliver(*, notification_id: int, connection=None) -> str:
    """Send one row if this caller wins the claim. Returns sent, skipped, retry or failed."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status=Notification.Status.PENDING, next_attempt_at__lte=now
    ).update(status=Notification.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    if not claimed:
        return "skipped"
    n = Notification.objects.select_related("attachment").get(pk=notification_id)
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "acuerdos"
    message = EmailMultiAlternatives(
        subject=n.subject,
        body=n.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[n.recipient_email],
        connection=connection or get_connection(timeout=_setting("SMTP_TIMEOUT_SECONDS", 60)),
        headers={"Message-ID": f"<notification-{n.pk}@{host}>",
                 "X-Acuerdos-Notification": f"{n.kind}/{n.object_key}/{n.step}"},
    )
    if n.body_html:
        message.attach_alternative(n.body_html, "text/html")
    if n.attachment:
        message.attach(n.attachment.filename, bytes(n.attachment.content), n.attachment.mimetype)
    try:
        message.send()
    except Exception as exc:  # SMTP refusals, timeouts, connection errors: retried
        error = f"{type(exc).__name__}: {exc}"[:2000]
        try:
            message.get_connection().close()  # a broken connection is not reused
        except Exception:  # noqa: BLE001
            pass
        mine = Notification.objects.filter(pk=n.pk, status=Notification.Status.SENDING,
                                           claimed_at=now)
        if n.attempts >= max_attempts():
            mine.update(status=Notification.Status.FAILED, last_error=error)
            logger.error("notification %s failed after %s attempts: %s", n.pk, n.attempts, error)
            return "failed"
        mine.update(status=Notification.Status.PENDING, last_error=error, queued_at=None,
                    next_attempt_at=timezone.now() + backoff(n.attempts))
        logger.warning("notification %s attempt %s failed, will retry: %s", n.pk, n.attempts, error)
        return "retry"
    Notification.objects.filter(pk=n.pk, status=Notification.Status.SENDING).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def recover_stale(*, now: dt.datetime) -> int:
    """Rows left "sending" by a process that died: back to pending after the lease (or failed
    when that was the last attempt)."""
    stale = Notification.objects.filter(
        status=Notification.Status.SENDING, claimed_at__lt=now - lease()
    )
    error = "worker lost while sending"
    failed = stale.filter(attempts__gte=max_attempts()).update(
        status=Notification.Status.FAILED, last_error=error
    )
    back = stale.update(status=Notification.Status.PENDING, next_attempt_at=now, queued_at=None,
                        last_error=error)
    return failed + back


def due_ids(*, now: dt.datetime, queued_before: dt.datetime | None = None) -> list[int]:
    """Pending rows whose attempt is due (served by notification_unsent_idx)."""
    qs = Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now)
    if queued_before is not None:
        qs = qs.filter(Q(queued_at__isnull=True) | Q(queued_at__lt=queued_before))
    return list(qs.order_by("next_attempt_at", "pk").values_list("pk", flat=True))


def queue_due(*, now: dt.datetime) -> int:
    """Queue a send task for each due row not queued recently; the tasks go after commit."""
    ids = due_ids(now=now, queued_before=now - lease())
    if not ids:
        return 0
    Notification.objects.filter(pk__in=ids).update(queued_at=now)

    def send():
        from .tasks import send_notification

        for pk in ids:
            send_notification.delay(pk)

    transaction.on_commit(send)
    return len(ids)


# --------------------------------------------------------------------------- sweeping


@dataclass
class SweepResult:
    planned: list[Notification] = field(default_factory=list)
    skipped: int = 0
    queued: int = 0
    recovered: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def sent(self) -> int:
        return self.outcomes["sent"]

    @property
    def failed(self) -> int:
        return self.outcomes["failed"]


def plan(*, now: dt.datetime) -> SweepResult:
    """Insert every notification due at `now` (idempotent) and recover stale claims."""
    result = SweepResult()
    today = timezone.localtime(now).date()
    with transaction.atomic():
        reminders, skipped = plan_reminders(today=today)
        digests, skipped_digests = plan_digests(now=now)
    result.planned = reminders + digests
    result.skipped = skipped + skipped_digests
    result.recovered = recover_stale(now=now)
    return result


def sweep(*, now: dt.datetime | None = None, inline: bool = False) -> SweepResult:
    """One sweep. inline=True sends here and now (the command, the no-Redis timer); otherwise
    one Celery task per due row is queued after commit."""
    now = now or timezone.now()
    result = plan(now=now)
    if inline:
        connection = get_connection(timeout=_setting("SMTP_TIMEOUT_SECONDS", 60))
        for pk in due_ids(now=max(now, timezone.now())):
            outcome = notification_deliver(notification_id=pk, connection=connection)
            result.outcomes[outcome] += 1
        result.skipped += result.outcomes.pop("skipped", 0)
    else:
        with transaction.atomic():
            result.queued = queue_due(now=max(now, timezone.now()))
    logger.info(
        "notifications sweep: %s planned, %s skipped, %s queued, %s sent, %s failed, %s to retry",
        len(result.planned), result.skipped, result.queued, result.sent, result.failed,
        result.outcomes["retry"],
    )
    return result


def _user_recipient(user) -> Recipient | None:
    """A user's address: their account's e-mail, else their directory entry's."""
    if user is None or not user.is_active:
        return None
    person = getattr(user, "person", None)
    email = user.email or (person.email if person else "")
    if not email:
        return None
    name = person.name if person else (user.get_full_name() or user.username)
    return Recipient(email, name, user.pk)


def _notify_decision(*, recipient, step: str, acuerdo, institution, context: dict) -> None:
    if recipient is None:
        return
    language = languages_for([recipient.user_id]).get(recipient.user_id, settings.LANGUAGE_CODE)
    draft = _draft(
        kind=Notification.Kind.DECISION,
        recipient=recipient,
        object_key=f"acuerdo:{acuerdo.pk}",
        step=step,
        language=language,
        template="decision",
        context={"acuerdo": acuerdo, "institution": institution, "url": acuerdo_url(acuerdo.pk),
                 **context},
        reason=_reason("Decision on a report or due date request of %(number)s.",
                       number=acuerdo.number),
        group=acuerdo.group,
        acuerdo=acuerdo,
    )
    _insert([draft])  # the unique key makes a second call for the same decision a no-op
    queue_due(now=timezone.now())


def notify_report_reviewed(*, report_id: int) -> None:
    """Tell whoever reported that the secretariat validated or returned the report."""
    from followup.models import ProgressReport

    report = ProgressReport.objects.select_related(
        "responsibility__acuerdo__group", "responsibility__institution", "actor__person"
    ).get(pk=report_id)
    part = report.responsibility
    _notify_decision(
        recipient=_user_recipient(report.actor),
        step=f"report:{report.pk}:{report.review}",
        acuerdo=part.acuerdo,
        institution=part.institution,
        context={"what": "report", "accepted": report.review == report.Review.VALIDATED,
                 "reason": report.return_reason},
    )


def notify_due_date_request_decided(*, request_id: int) -> None:
    """Tell the enlace who asked for a new due date whether it was approved."""
    from followup.models import DueDateRequest

    request = DueDateRequest.objects.select_related(
        "responsibility__acuerdo__group", "responsibility__institution", "requested_by__person"
    ).get(pk=request_id)
    part = request.responsibility
    _notify_decision(
        recipient=_user_recipient(request.requested_by),
        step=f"date:{request.pk}:{request.state}",
        acuerdo=part.acuerdo,
        institution=part.institution,
        context={"what": "date", "accepted": request.state == request.State.APPROVED,
                 "reason": request.decision_note, "requested_date": request.requested_date},
    )
