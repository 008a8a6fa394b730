"""Writes to groups and sessions."""

import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Person
from documents.tasks import render_approved_minuta
from notifications.services.messages import session_invitations_send

from .history import record_event
from .naming import session_title
from .models import (
    AgendaItem,
    AgendaPresenter,
    Attendance,
    MinutaEvent,
    MinutaRevision,
    Session,
    WorkingGroup,
)
from .slots import validate_agenda_slot, validate_presenters
from .snapshot import minuta_content



def session_next_number(*, group: WorkingGroup, type: str) -> int:
    last = group.sessions.filter(type=type).aggregate(m=Max("number"))["m"] or 0
    return last + 1


@transaction.atomic
def session_plan(
    *,
    group: WorkingGroup,
    date: datetime.date,
    start_time: datetime.time,
    type: str = Session.Type.ORDINARIA,
    number: int | None = None,
    **fields,
) -> Session:
    """Put a session on the group's calendar, numbered after the last one of its type."""
    # Lock the group so two secretaries planning at once do not both take the same number.
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    if number is None:
        number = session_next_number(group=group, type=type)
    elif group.sessions.filter(type=type, number=number).exists():
        raise ValidationError({"number": _("This group already has a session with that number.")})
    fields.setdefault("convoca", group.convening_institution)
    fields.setdefault("title", _default_title(group, number, type))
    session = Session(group=group, number=number, type=type, date=date, start_time=start_time,
                      **fields)
    session.full_clean(exclude=["group"])
    session.save()
    transaction.on_commit(lambda: _send_invitations(session.pk))
    return session


def _default_title(group: WorkingGroup, number: int, type: str) -> str:
    """In Spanish whatever the interface language: the title is printed on the official minuta."""
    return session_title(group, number=number, type=type)


def _ensure_editable(session: Session) -> None:
    if session.is_locked:
        raise ValidationError(_("The minuta of this session is approved and can no longer change."))


@transaction.atomic
def attendance_add(
    *, session: Session, person: Person, present: bool = True, actor=None,
    category: str = "", state: str = "", sex: str | None = None,
) -> Attendance:
    """Record a participant with the cargo, institution and sex they have today, and in which
    capacity (category) and for which state they attend (what the Informe counts). The session
    row is locked first, so simultaneous adds take turns: the second sees the person already
    listed and every participant gets the next free position."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    _ensure_editable(session)
    already = _("%(name)s is already in the list.") % {"name": person.name}
    if session.attendances.filter(person=person).exists():
        raise ValidationError(already)
    _validate_choices(category=category, state=state, sex=sex)
    last = session.attendances.aggregate(m=Max("order"))["m"] or 0
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the transaction usable
            attendance = Attendance.objects.create(
                session=session,
                person=person,
                name=person.name,
                cargo=person.cargo,
                institution=person.institution,
                present=present,
                order=last + 1,
                category=category,
                state=state,
                sex=sex or person.sex,
            )
    except IntegrityError:
        if session.attendances.filter(person=person).exists():
            raise ValidationError(already) from None
        raise
    record_event(session, actor=actor, what=person.name, new=_("participant"))
    return attendance


def _validate_choices(**values) -> None:
    """A category, state or sex outside its vocabulary is refused with the field's message."""
    for name, value in values.items():
        field = Attendance._meta.get_field(name)
        if value and value not in dict(field.choices):
            raise ValidationError({name: _("“%(value)s” is not a valid %(field)s.")
                                   % {"value": value, "field": field.verbose_name}})


@transaction.atomic
def agenda_item_add(
    *,
    session: Session,
    start_time: datetime.time,
    end_time: datetime.time,
    activity: str,
    narrative: str = "",
    presenters: list[Attendance | str | tuple[Attendance, str]] = (),
    actor=None,
) -> AgendaItem:
    """Append an agenda item. A presenter is a participant of the session, free text, or a
    participant with the wording the minuta used for them."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    _ensure_editable(session)
    if not activity.strip():
        raise ValidationError({"activity": _("Describe the activity.")})
    validate_agenda_slot(session=session, start_time=start_time, end_time=end_time)
    validate_presenters(presenters)
    last = session.agenda_items.aggregate(m=Max("order"))["m"] or 0
    item = AgendaItem.objects.create(
        session=session,
        order=last + 1,
        start_time=start_time,
        end_time=end_time,
        activity=activity.strip(),
        narrative=narrative,
    )
    for order, presenter in enumerate(presenters, start=1):
        attendance, text = presenter if isinstance(presenter, tuple) else (None, presenter)
        if isinstance(presenter, Attendance):
            attendance, text = presenter, ""
        if attendance is not None and attendance.session_id != session.pk:
            raise ValidationError(_("A presenter must be a participant of this session."))
        AgendaPresenter.objects.create(item=item, order=order, attendance=attendance, text=text)
    record_event(session, actor=actor, what=_("agenda item"), new=str(item))
    return item


@transaction.atomic
def minuta_submit_for_review(*, session: Session, drafted_by: Person) -> Session:
    """Draft → in review. Whoever submits is recorded as having drafted it (Elaboró). A minuta is
    sent to review after its meeting: a session still marked planned is marked held here, with
    its history row, so that its acuerdos exist for the institutions from now on (they would
    otherwise stay invisible however often the minuta is approved; agreements.models.adopted_q)."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.minuta_status != Session.MinutaStatus.DRAFT:
        raise ValidationError(_("Only a draft minuta can be sent to review."))
    session.minuta_status = Session.MinutaStatus.IN_REVIEW
    session.drafted_by = drafted_by
    fields = ["minuta_status", "drafted_by"]
    if session.status == Session.Status.PLANNED:
        session.status = Session.Status.HELD
        fields.append("status")
        record_event(session, actor=drafted_by.user if drafted_by.user_id else None,
                     what=str(Session._meta.get_field(
            "status").verbose_name), old=Session.Status.PLANNED, new=Session.Status.HELD)
    session.save(update_fields=fields)
    return session


@transaction.atomic
def minuta_approve(*, session: Session, approved_by: Person, at=None) -> Session:
    """In review → approved (Visto Bueno) by someone other than who drafted it. Locks the minuta."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.minuta_status != Session.MinutaStatus.IN_REVIEW:
        raise ValidationError(_("Only a minuta in review can be approved."))
    if approved_by.pk == session.drafted_by_id:
        raise ValidationError(_("The minuta must be approved by someone other than who drafted it."))
    session.minuta_status = Session.MinutaStatus.APPROVED
    session.approved_by = approved_by
    session.approved_at = at or timezone.now()
    session.save(update_fields=["minuta_status", "approved_by", "approved_at"])
    transaction.on_commit(partial(render_approved_minuta.delay, session.pk))
    return session


# The workspace's workflow around the two steps above: each step with its history row.


def _person_of(user) -> Person:
    person = getattr(user, "person", None)
    if person is None:
        raise ValidationError(
            _("Your account is not linked to a person of the directory; ask an administrator."))
    return person


@transaction.atomic
def minuta_submit(*, session: Session, user) -> Session:
    """"Enviar a revisión" from the workspace: the signed-in user is who drafted it."""
    session = minuta_submit_for_review(session=session, drafted_by=_person_of(user))
    record_event(session, actor=user, kind=MinutaEvent.Kind.SUBMITTED)
    return session


@transaction.atomic
def minuta_approve_by(*, session: Session, user) -> Session:
    """Visto Bueno from the workspace (access.can_approve_minuta is asked by the caller)."""
    session = minuta_approve(session=session, approved_by=_person_of(user))
    record_event(session, actor=user, kind=MinutaEvent.Kind.APPROVED)
    return session


@transaction.atomic
def minuta_return(*, session: Session, user, comments: str) -> Session:
    """In review → draft, with the reviewer's comments for whoever drafted it."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.minuta_status != Session.MinutaStatus.IN_REVIEW:
        raise ValidationError(_("Only a minuta in review can be returned."))
    if not comments.strip():
        raise ValidationError({"comments": _("Say what has to change.")})
    session.minuta_status = Session.MinutaStatus.DRAFT
    session.save(update_fields=["minuta_status"])
    record_event(session, actor=user, kind=MinutaEvent.Kind.RETURNED, note=comments.strip())
    return session


@transaction.atomic
def minuta_open_revision(*, session: Session, user, reason: str) -> Session:
    """A correction after approval: the approved content is frozen as a MinutaRevision, the
    session goes back to draft as the next revision. Acuerdo numbers stay as approved."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.minuta_status != Session.MinutaStatus.APPROVED:
        raise ValidationError(_("Only an approved minuta can be corrected with a new revision."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the approved minuta must be corrected.")})
    MinutaRevision.objects.create(
        session=session, number=session.revision, content=minuta_content(session),
        approved_by=session.approved_by, approved_at=session.approved_at, reopened_by=user,
        reason=reason.strip(),
    )
    session.revision += 1
    session.minuta_status = Session.MinutaStatus.DRAFT
    session.approved_by = None
    session.approved_at = None
    session.save(update_fields=["revision", "minuta_status", "approved_by", "approved_at"])
    record_event(session, actor=user, kind=MinutaEvent.Kind.REOPENED, note=reason.strip(),
                 old=session.revision - 1, new=session.revision)
    return session


def _send_invitations(session_id: int) -> None:
    session_invitations_send(session_id=session_id)


@transaction.atomic
def session_reschedule(
    *,
    session: Session,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time | None = None,
    **fields,
) -> Session:
    """Move a planned session (time, place, link); invitees get an update of the same invitation."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status != Session.Status.PLANNED:
        raise ValidationError(_("Only a planned session can be moved."))
    session.date, session.start_time, session.end_time = date, start_time, end_time
    for name, value in fields.items():
        if name not in ("place", "state", "modality", "video_url", "meeting_id", "passcode",
                        "video_details"):
            raise ValidationError(_("%(field)s cannot be changed here.") % {"field": name})
        setattr(session, name, value)
    session.full_clean(exclude=["group"])
    session.save()
    transaction.on_commit(lambda: _send_invitations(session.pk))
    return session
