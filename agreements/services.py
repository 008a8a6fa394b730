"""Writes to acuerdos. Every state change writes its history row in the same function."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Institution
from meetings.history import record_event
from meetings.models import Session
from tracker.versions import check_version
from tracker.dates import format_date

from .models import Acuerdo, AcuerdoEvent, Responsibility
from .numbering import format_acuerdo_number


def _ensure_editable(session: Session) -> None:
    """Acuerdos are drafted with their minuta: only while it is a draft. In review they wait for
    the reviewer, approved they are locked — for the session editor and the API alike."""
    if session.is_locked:
        raise ValidationError(
            _("The minuta of this session is approved: its acuerdos can no longer change.")
        )
    _ensure_not_in_review(session)


def _ensure_not_in_review(session: Session) -> None:
    if session.minuta_status == Session.MinutaStatus.IN_REVIEW:
        raise ValidationError(
            _("The minuta is in review: it changes again when the reviewer returns it.")
        )


def _validate_due_date(session: Session, due_date: datetime.date | None) -> None:
    if due_date and due_date < session.date:
        raise ValidationError(
            {"due_date": _("The due date cannot be before the session date (%(date)s).")
             % {"date": format_date(session.date)}}
        )


@transaction.atomic
def acuerdo_create(
    *,
    session: Session,
    text: str,
    due_date: datetime.date | None = None,
    responsables: list[Institution] = (),
    coadyuvantes: list[Institution] = (),
    all_institutions: bool = False,
    kind: str = Acuerdo.Kind.COMMITMENT,
    actor=None,
) -> Acuerdo:
    """Adopt an acuerdo in a session and give it the next number of the group's pattern."""
    # Lock the session row so two people adding acuerdos at once get consecutive numbers.
    session = Session.objects.select_for_update().select_related("group").get(pk=session.pk)
    _ensure_editable(session)
    if not text.strip():
        raise ValidationError({"text": _("Write the text of the acuerdo.")})
    _validate_due_date(session, due_date)
    _validate_kind(kind)

    if all_institutions:
        responsables = list(session.group.member_institutions(on=session.date))
        if not responsables:
            raise ValidationError(_("The group has no member institutions on the session date."))
    overlap = {i.pk for i in responsables} & {i.pk for i in coadyuvantes}
    if overlap:
        raise ValidationError(
            _("An institution cannot be both responsible and supporting in the same acuerdo.")
        )

    last = session.acuerdos.aggregate(m=Max("sequence"))["m"] or 0
    sequence = last + 1
    acuerdo = Acuerdo.objects.create(
        group=session.group,
        session=session,
        sequence=sequence,
        number=format_acuerdo_number(
            pattern=session.group.number_pattern, session=session, sequence=sequence
        ),
        text=text.strip(),
        due_date=due_date,
        all_institutions=all_institutions,
        kind=kind,
        has_responsable=bool(responsables),
    )
    Responsibility.objects.bulk_create(
        [Responsibility(acuerdo=acuerdo, institution=i, due_date=due_date,
                        acuerdo_group_id=acuerdo.group_id) for i in responsables]
        + [
            Responsibility(acuerdo=acuerdo, institution=i, role=Responsibility.Role.COADYUVANTE,
                           due_date=due_date, acuerdo_group_id=acuerdo.group_id)
            for i in coadyuvantes
        ]
    )
    AcuerdoEvent.objects.create(
        acuerdo=acuerdo, kind=AcuerdoEvent.Kind.CREATED, actor=actor, new_value=acuerdo.text
    )
    return acuerdo


def _validate_kind(kind: str) -> None:
    if kind not in Acuerdo.Kind.values:
        raise ValidationError({"kind": _("Choose whether the acuerdo is a commitment or "
                                         "informational.")})


@transaction.atomic
def acuerdo_change_kind(*, acuerdo: Acuerdo, kind: str, actor=None) -> Acuerdo:
    """Commitment ↔ informational, while the minuta is a draft (the kind decides the status the
    approved minuta publishes). The parts stay: an informational acuerdo keeps its institutions
    for the Responsable column; turned back into a commitment, they are to be fulfilled again."""
    acuerdo = Acuerdo.objects.select_for_update().select_related("session").get(pk=acuerdo.pk)
    _ensure_editable(acuerdo.session)
    _validate_kind(kind)
    if kind == acuerdo.kind:
        return acuerdo
    AcuerdoEvent.objects.create(acuerdo=acuerdo, kind=AcuerdoEvent.Kind.KIND, actor=actor,
                                old_value=acuerdo.kind, new_value=kind)
    acuerdo.kind = kind
    acuerdo.save(update_fields=["kind"])
    return acuerdo


@transaction.atomic
def acuerdo_change_text(*, acuerdo: Acuerdo, text: str, version: str | None, actor=None,
                        note: str = "") -> Acuerdo:
    """`version` is the token (tracker.versions) of the text the caller started from, compared
    under the acuerdo's row lock: of two saves of one version, the second gets StaleWrite with
    the newer text instead of silently replacing it. Required: a save without it is refused."""
    acuerdo = Acuerdo.objects.select_for_update().select_related("session").get(pk=acuerdo.pk)
    _ensure_editable(acuerdo.session)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the text of the acuerdo.")})
    if text == acuerdo.text:
        return acuerdo
    check_version("text", acuerdo.text, version)
    AcuerdoEvent.objects.create(
        acuerdo=acuerdo,
        kind=AcuerdoEvent.Kind.TEXT,
        actor=actor,
        old_value=acuerdo.text,
        new_value=text,
        note=note,
    )
    acuerdo.text = text
    acuerdo.save(update_fields=["text"])
    return acuerdo


@transaction.atomic
def acuerdo_change_due_date(
    *, acuerdo: Acuerdo, due_date: datetime.date | None, reason: str, actor=None
) -> Acuerdo:
    """Move a due date. Allowed in a draft and after approval (extensions), never while the
    minuta is in review (the reviewer reads the dates), never without a reason."""
    acuerdo = Acuerdo.objects.select_for_update().select_related("session").get(pk=acuerdo.pk)
    _ensure_not_in_review(acuerdo.session)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the due date changes.")})
    _validate_due_date(acuerdo.session, due_date)
    if due_date == acuerdo.due_date:
        return acuerdo
    AcuerdoEvent.objects.create(
        acuerdo=acuerdo,
        kind=AcuerdoEvent.Kind.DUE_DATE,
        actor=actor,
        old_value=acuerdo.due_date.isoformat() if acuerdo.due_date else "",
        new_value=due_date.isoformat() if due_date else "",
        note=reason.strip(),
    )
    acuerdo.due_date = due_date
    acuerdo.save(update_fields=["due_date"])
    acuerdo_sync_part_due_dates(acuerdo=acuerdo)
    return acuerdo


@transaction.atomic
def acuerdo_sync_part_due_dates(*, acuerdo: Acuerdo) -> int:
    """Copy the acuerdo's due date onto its parts (Responsibility.due_date, the reminders sweep's
    index). For writes outside acuerdo_create/acuerdo_change_due_date, e.g. the admin."""
    parts = Responsibility.objects.filter(acuerdo_id=acuerdo.pk)
    if acuerdo.due_date is None:
        return parts.filter(due_date__isnull=False).update(due_date=None)
    return parts.exclude(due_date=acuerdo.due_date).update(due_date=acuerdo.due_date)


@transaction.atomic
def acuerdo_sync_has_responsable(*, acuerdo: Acuerdo) -> bool:
    """Set Acuerdo.has_responsable (the status rule's fact of the parts) from the parts as they
    are. For parts written outside acuerdo_create/acuerdo_change_responsibilities, e.g. the
    admin's inline parts of a new acuerdo."""
    has = Responsibility.objects.filter(
        acuerdo_id=acuerdo.pk, role=Responsibility.Role.RESPONSABLE).exists()
    Acuerdo.objects.filter(pk=acuerdo.pk).exclude(has_responsable=has).update(
        has_responsable=has)
    acuerdo.has_responsable = has
    return has


@transaction.atomic
def responsibility_change_status(
    *, responsibility: Responsibility, status: str, actor=None, note: str = ""
) -> Responsibility:
    responsibility = Responsibility.objects.select_for_update().get(pk=responsibility.pk)
    if status not in Responsibility.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == responsibility.status:
        return responsibility
    AcuerdoEvent.objects.create(
        acuerdo_id=responsibility.acuerdo_id,
        responsibility=responsibility,
        kind=AcuerdoEvent.Kind.STATUS,
        actor=actor,
        old_value=responsibility.status,
        new_value=status,
        note=note,
    )
    responsibility.status = status
    responsibility.version += 1  # locked above: the API's ETag moves with every write
    responsibility.save(update_fields=["status", "version", "updated_at"])
    return responsibility


@transaction.atomic
def acuerdo_cancel(*, acuerdo: Acuerdo, reason: str, actor=None) -> Acuerdo:
    """Leave an acuerdo without effect (sin efecto). It stays visible with its number."""
    acuerdo = Acuerdo.objects.select_for_update().get(pk=acuerdo.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the acuerdo is left without effect.")})
    if acuerdo.cancelled_at:
        return acuerdo
    acuerdo.cancelled_at = timezone.now()
    acuerdo.save(update_fields=["cancelled_at"])
    AcuerdoEvent.objects.create(
        acuerdo=acuerdo, kind=AcuerdoEvent.Kind.CANCELLED, actor=actor, note=reason.strip()
    )
    return acuerdo


@transaction.atomic
def acuerdo_reorder(*, session: Session, order: list[int], actor=None) -> list[Acuerdo]:
    """Put a session's acuerdos in the given order (their ids); sequences and numbers follow the
    order. Only before the minuta is first approved: once published, a number never changes."""
    session = Session.objects.select_for_update().select_related("group").get(pk=session.pk)
    _ensure_editable(session)
    if session.revision > 1:
        raise ValidationError(
            _("These acuerdo numbers were published when the minuta was approved; they stay.")
        )
    acuerdos = {a.pk: a for a in session.acuerdos.all()}
    if sorted(order) != sorted(acuerdos):
        raise ValidationError(_("The new order must list every acuerdo of the session once."))
    # Two steps: numbers and sequences are unique, so first move every row out of the way.
    for acuerdo in acuerdos.values():
        Acuerdo.objects.filter(pk=acuerdo.pk).update(
            sequence=100000 + acuerdo.sequence, number=f"~{acuerdo.pk}")
    result = []
    for sequence, pk in enumerate(order, start=1):
        acuerdo = acuerdos[pk]
        old_number = acuerdo.number
        acuerdo.sequence = sequence
        acuerdo.number = format_acuerdo_number(
            pattern=session.group.number_pattern, session=session, sequence=sequence)
        Acuerdo.objects.filter(pk=pk).update(sequence=sequence, number=acuerdo.number)
        if acuerdo.number != old_number:
            AcuerdoEvent.objects.create(acuerdo=acuerdo, kind=AcuerdoEvent.Kind.NUMBER,
                                        actor=actor, old_value=old_number, new_value=acuerdo.number)
        result.append(acuerdo)
    return result


def acuerdo_move(*, acuerdo: Acuerdo, direction: str, actor=None) -> list[Acuerdo]:
    """One step up or down in its session: acuerdo_reorder with a neighbour swapped."""
    ids = list(acuerdo.session.acuerdos.order_by("sequence").values_list("pk", flat=True))
    index = ids.index(acuerdo.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    return acuerdo_reorder(session=acuerdo.session, order=ids, actor=actor)


# Events that record the institutions' follow-up work: an acuerdo carrying any of them is never
# deleted (its reports and evidence would go with it), and a part carrying them is never removed.
FOLLOWUP_EVENT_KINDS = (
    AcuerdoEvent.Kind.STATUS, AcuerdoEvent.Kind.REPORT, AcuerdoEvent.Kind.VALIDATED,
    AcuerdoEvent.Kind.RETURNED, AcuerdoEvent.Kind.ON_BEHALF, AcuerdoEvent.Kind.DATE_REQUEST,
    AcuerdoEvent.Kind.DATE_REJECTED,
)


@transaction.atomic
def acuerdo_delete(*, acuerdo: Acuerdo, actor=None) -> list[Acuerdo]:
    """Delete an acuerdo of a draft minuta that was never approved; the remaining acuerdos are
    renumbered in their order (acuerdo_reorder). The acuerdo's own history goes with it, so the
    deletion is recorded in the session's history (MinutaEvent). Returns the remaining acuerdos."""
    session = Session.objects.select_for_update().select_related("group").get(
        pk=acuerdo.session_id)
    _ensure_editable(session)
    if session.revision > 1:
        raise ValidationError(
            _("This acuerdo was published when the minuta was approved: it cannot be deleted. "
              "Leave it without effect (sin efecto) instead.")
        )
    try:
        acuerdo = session.acuerdos.get(pk=acuerdo.pk)
    except Acuerdo.DoesNotExist:
        raise ValidationError(_("This acuerdo was already deleted.")) from None
    if acuerdo.events.filter(kind__in=FOLLOWUP_EVENT_KINDS).exists():
        raise ValidationError(
            _("Institutions already reported on %(number)s: it cannot be deleted.")
            % {"number": acuerdo.number}
        )
    parts = _parts_label(acuerdo.all_institutions,
                         *_roles(acuerdo.responsibilities.select_related("institution")))
    record_event(
        session, actor=actor, what=_("acuerdo %(number)s") % {"number": acuerdo.number},
        old=f"{acuerdo.text} ({parts})", new=_("deleted"),
    )
    acuerdo.delete()
    remaining = list(session.acuerdos.order_by("sequence").values_list("pk", flat=True))
    return acuerdo_reorder(session=session, order=remaining, actor=actor)


def _roles(parts) -> tuple[list[Institution], list[Institution]]:
    parts = list(parts)
    return (
        [p.institution for p in parts if p.role == Responsibility.Role.RESPONSABLE],
        [p.institution for p in parts if p.role == Responsibility.Role.COADYUVANTE],
    )


def _parts_label(all_institutions: bool, responsables, coadyuvantes) -> str:
    """"FGR, SSPC; supporting: OIM" — the institution lists a history row shows."""
    label = str(_("All institutions")) + " (" if all_institutions else ""
    label += ", ".join(sorted(i.acronym for i in responsables)) or "—"
    label += ")" if all_institutions else ""
    if coadyuvantes:
        label += "; " + _("supporting: %(list)s") % {
            "list": ", ".join(sorted(i.acronym for i in coadyuvantes))}
    return label


@transaction.atomic
def acuerdo_change_responsibilities(
    *,
    acuerdo: Acuerdo,
    responsables: list[Institution] = (),
    coadyuvantes: list[Institution] = (),
    all_institutions: bool = False,
    actor=None,
) -> Acuerdo:
    """Change who answers for an acuerdo and who helps, switching to or from "Todas las
    instituciones" (every member on the session date). Parts that stay keep their status (a part
    that changes role too); a part with follow-up on record is never removed. One history row with
    the old and the new lists."""
    acuerdo = Acuerdo.objects.select_for_update().select_related("session__group").get(
        pk=acuerdo.pk)
    session = acuerdo.session
    _ensure_editable(session)
    if all_institutions:
        responsables = list(session.group.member_institutions(on=session.date))
        if not responsables:
            raise ValidationError(_("The group has no member institutions on the session date."))
    responsables, coadyuvantes = list(responsables), list(coadyuvantes)
    if not responsables:
        raise ValidationError({"responsables": _("Choose at least one responsible institution.")})
    if {i.pk for i in responsables} & {i.pk for i in coadyuvantes}:
        raise ValidationError(
            _("An institution cannot be both responsible and supporting in the same acuerdo.")
        )
    wanted = {i.pk: Responsibility.Role.RESPONSABLE for i in responsables}
    wanted.update({i.pk: Responsibility.Role.COADYUVANTE for i in coadyuvantes})

    parts = {p.institution_id: p for p in acuerdo.responsibilities.select_related("institution")}
    old_label = _parts_label(acuerdo.all_institutions, *_roles(parts.values()))
    new_label = _parts_label(all_institutions, responsables, coadyuvantes)
    if {pk: p.role for pk, p in parts.items()} == wanted \
            and acuerdo.all_institutions == all_institutions:
        return acuerdo

    leaving = [p for pk, p in parts.items() if pk not in wanted]
    busy = {
        e for e in AcuerdoEvent.objects.filter(
            responsibility__in=leaving, kind__in=FOLLOWUP_EVENT_KINDS
        ).values_list("responsibility_id", flat=True)
    } if leaving else set()
    blocked = sorted(p.institution.acronym for p in leaving
                     if p.pk in busy or p.status != Responsibility.Status.PENDING)
    if blocked:
        raise ValidationError(
            _("%(list)s already reported on this acuerdo and cannot be removed from it.")
            % {"list": ", ".join(blocked)}
        )
    Responsibility.objects.filter(pk__in=[p.pk for p in leaving]).delete()
    for pk, role in wanted.items():
        part = parts.get(pk)
        if part is not None and part.role != role:
            part.role = role
            part.save(update_fields=["role", "updated_at"])
    Responsibility.objects.bulk_create(
        [Responsibility(acuerdo=acuerdo, institution_id=pk, role=role, due_date=acuerdo.due_date,
                        acuerdo_group_id=acuerdo.group_id)
         for pk, role in wanted.items() if pk not in parts]
    )
    # The status rule's fact of the parts (Acuerdo.has_responsable); the acuerdo row is locked
    # above. Always true after a change (at least one responsable is required), written anyway
    # so that an acuerdo that had none gets it.
    has_responsable = Responsibility.Role.RESPONSABLE in wanted.values()
    if (acuerdo.all_institutions, acuerdo.has_responsable) != (all_institutions, has_responsable):
        acuerdo.all_institutions, acuerdo.has_responsable = all_institutions, has_responsable
        acuerdo.save(update_fields=["all_institutions", "has_responsable"])
    AcuerdoEvent.objects.create(
        acuerdo=acuerdo, kind=AcuerdoEvent.Kind.INSTITUTIONS, actor=actor,
        old_value=old_label, new_value=new_label,
    )
    return acuerdo
