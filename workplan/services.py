"""Every write of a work plan. Keyword-only, atomic, each with its PlanEvent (the plan's audit
row: who, when, old, new) in the same function. After approval, every change of content also
keeps a PlanVersion with the reason the caller gives (`reason=`)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Acuerdo
from directory.models import Institution
from meetings.models import Session
from meetings.states import State

from .models import (
    Actividad, ActividadAcuerdo, ActividadInstitution, Eje, Plan, PlanAcuerdo, PlanEvent,
    PlannedSession, PlanVersion, Proposal,
)
from .snapshot import plan_snapshot

Role = ActividadInstitution.Role
DEFAULT_SESSION_TIME = datetime.time(10, 0)


def _event(plan, kind, actor, *, actividad=None, proposal=None, old="", new="", note=""):
    return PlanEvent.objects.create(
        plan=plan, actividad=actividad, proposal=proposal, kind=kind, actor=actor,
        old_value=str(old), new_value=str(new), note=note,
    )


def _lock_plan(plan) -> Plan:
    return Plan.objects.select_for_update().select_related("group").get(pk=plan.pk)


def _version(plan, *, actor, reason: str) -> PlanVersion:
    plan.version += 1
    plan.save(update_fields=["version"])
    return PlanVersion.objects.create(
        plan=plan, number=plan.version, created_by=actor, reason=reason,
        snapshot=plan_snapshot(plan),
    )


def _changing(plan, *, actor, reason: str) -> None:
    """Before a change of content: an approved plan needs a reason (kept with the new version,
    written by _after_change)."""
    if plan.is_approved and not (reason or "").strip():
        raise ValidationError({"reason": _("The plan is approved: say why it changes.")})


def _after_change(plan, *, actor, reason: str) -> None:
    if plan.is_approved:
        _version(plan, actor=actor, reason=reason.strip())
        _event(plan, PlanEvent.Kind.VERSION, actor, new=plan.version, note=reason.strip())


# --- Plan --------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, group, year: int, title: str, description: str = "",
                period_start=None, period_end=None, actor=None) -> Plan:
    if not (title or "").strip():
        raise ValidationError({"title": _("Write the title of the plan.")})
    if Plan.objects.filter(group=group, year=year).exists():
        raise ValidationError({"year": _("This group already has a plan for that year.")})
    plan = Plan(group=group, year=year, title=title.strip(), description=description,
                period_start=period_start, period_end=period_end, created_by=actor)
    plan.full_clean()
    plan.save()
    _event(plan, PlanEvent.Kind.CREATED, actor, new=plan.title)
    return plan


@transaction.atomic
def plan_submit_for_consultation(*, plan, until: datetime.date | None = None, actor=None) -> Plan:
    """Send the draft to the institutions: their enlaces can now read it and propose."""
    plan = _lock_plan(plan)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(_("Only a draft plan can be sent for consultation."))
    if not plan.actividades.exists():
        raise ValidationError(_("Add at least one actividad before sending the plan."))
    plan.status, plan.consultation_until = Plan.Status.IN_CONSULTATION, until
    plan.save(update_fields=["status", "consultation_until"])
    _event(plan, PlanEvent.Kind.STATUS, actor, old=Plan.Status.DRAFT, new=plan.status)
    return plan


def _ensure_adopted_acuerdo_of(plan, acuerdo) -> None:
    if acuerdo.group_id != plan.group_id:
        raise ValidationError({"acuerdo": _("The acuerdo must be of the plan's group.")})
    if acuerdo.cancelled_at:
        raise ValidationError({"acuerdo": _("That acuerdo was cancelled (sin efecto).")})


@transaction.atomic
def plan_approve(*, plan, acuerdo: Acuerdo, actor=None, schedule_calendar: bool = True,
                 start_time: datetime.time = DEFAULT_SESSION_TIME) -> Plan:
    """The plan is approved in a session by `acuerdo`; it keeps version 1 and the proposed
    sessions of its calendar not planned yet are planned (invitations sent)."""
    plan = _lock_plan(plan)
    if plan.status == Plan.Status.APPROVED:
        raise ValidationError(_("The plan is already approved."))
    _ensure_adopted_acuerdo_of(plan, acuerdo)
    old = plan.status
    plan.status, plan.approved_by_acuerdo, plan.approved_at = (
        Plan.Status.APPROVED, acuerdo, timezone.now())
    plan.save(update_fields=["status", "approved_by_acuerdo", "approved_at"])
    _event(plan, PlanEvent.Kind.STATUS, actor, old=old, new=plan.status, note=acuerdo.number)
    _version(plan, actor=actor, reason=_("Approved by acuerdo %(number)s") % {
        "number": acuerdo.number})
    if schedule_calendar and plan.planned_sessions.filter(session__isnull=True).exists():
        _schedule(plan, acuerdo=acuerdo, actor=actor, start_time=start_time)
    return plan


@transaction.atomic
def plan_approve_calendar(*, plan, acuerdo: Acuerdo, actor=None,
                          start_time: datetime.time = DEFAULT_SESSION_TIME) -> list[Session]:
    """"Aprueban las fechas propuestas" (5/SO-4): plan every proposed session not planned yet in
    one action. Sessions added to the calendar later are planned by the next approval (of the
    calendar again, or of the plan)."""
    plan = _lock_plan(plan)
    if not plan.planned_sessions.filter(session__isnull=True).exists():
        raise ValidationError(_("Every session of the calendar is already planned."))
    _ensure_adopted_acuerdo_of(plan, acuerdo)
    return _schedule(plan, acuerdo=acuerdo, actor=actor, start_time=start_time)


def _schedule(plan, *, acuerdo, actor, start_time) -> list[Session]:
    """Plan each proposed session through meetings.services.session_plan (the same invitations
    as planning one session). A proposed session whose number the group already has (the session
    that approves the calendar, "la quinta, que es esta") is matched to it, not duplicated."""
    from meetings.services import session_plan

    planned = []
    for entry in plan.planned_sessions.select_for_update().filter(session__isnull=True):
        existing = plan.group.sessions.filter(type=entry.type, number=entry.ordinal).first()
        if existing is None:
            existing = session_plan(
                group=plan.group, date=entry.date, type=entry.type, number=entry.ordinal,
                start_time=entry.start_time or start_time, modality=entry.modality,
            )
            planned.append(existing)
        entry.session = existing
        entry.save(update_fields=["session"])
    plan.calendar_acuerdo, plan.calendar_approved_at = acuerdo, timezone.now()
    plan.save(update_fields=["calendar_acuerdo", "calendar_approved_at"])
    _event(plan, PlanEvent.Kind.CALENDAR, actor, note=acuerdo.number,
           new=", ".join(f"{s.number}ª {s.date:%Y-%m-%d}" for s in planned))
    return planned


@transaction.atomic
def planned_session_add(*, plan, date: datetime.date, ordinal: int | None = None,
                        type: str = Session.Type.ORDINARIA,
                        modality: str = Session.Modality.VIRTUAL, start_time=None, note="",
                        actor=None) -> PlannedSession:
    plan = _lock_plan(plan)
    if ordinal is None:
        last = max(
            plan.planned_sessions.filter(type=type).aggregate(m=Max("ordinal"))["m"] or 0,
            plan.group.sessions.filter(type=type).aggregate(m=Max("number"))["m"] or 0,
        )
        ordinal = last + 1
    entry = PlannedSession(plan=plan, date=date, ordinal=ordinal, type=type, modality=modality,
                           start_time=start_time, note=note)
    entry.full_clean(exclude=["plan", "session"])
    if plan.planned_sessions.filter(type=type, ordinal=ordinal).exists():
        raise ValidationError(
            {"ordinal": _("The calendar already has a session with that number.")})
    entry.save()
    _event(plan, PlanEvent.Kind.EDITED, actor, new=str(entry))
    return entry


# --- Ejes and actividades ------------------------------------------------------------------


@transaction.atomic
def eje_add(*, plan, title: str, description: str = "", actor=None, reason: str = "") -> Eje:
    plan = _lock_plan(plan)
    _changing(plan, actor=actor, reason=reason)
    if not (title or "").strip():
        raise ValidationError({"title": _("Write the title of the eje.")})
    order = (plan.ejes.aggregate(m=Max("order"))["m"] or 0) + 1
    eje = Eje.objects.create(plan=plan, order=order, title=title.strip(), description=description)
    _event(plan, PlanEvent.Kind.EJE, actor, new=str(eje))
    _after_change(plan, actor=actor, reason=reason)
    return eje


ACTIVIDAD_FIELDS = ("description", "entregable", "start_date", "end_date", "indicator", "goal",
                    "states")


def _clean_actividad(actividad: Actividad) -> None:
    if not (actividad.description or "").strip():
        raise ValidationError({"description": _("Describe the actividad.")})
    unknown = [s for s in actividad.states if s not in State.values]
    if unknown:
        raise ValidationError({"states": _("Unknown state: %(list)s") % {
            "list": ", ".join(map(str, unknown))}})
    if actividad.start_date and actividad.end_date and actividad.start_date > actividad.end_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    actividad.description = actividad.description.strip()


@transaction.atomic
def actividad_add(*, eje, description: str, entregable: str = "", start_date=None,
                  end_date=None, indicator: str = "", goal: str = "", states=(),
                  responsables=(), coadyuvantes=(), all_institutions: bool = False,
                  actor=None, reason: str = "") -> Actividad:
    plan = _lock_plan(eje.plan)
    _changing(plan, actor=actor, reason=reason)
    order = (eje.actividades.aggregate(m=Max("order"))["m"] or 0) + 1
    actividad = Actividad(eje=eje, plan=plan, order=order, description=description or "",
                          entregable=entregable, start_date=start_date, end_date=end_date,
                          indicator=indicator, goal=goal, states=list(states))
    _clean_actividad(actividad)
    actividad.save()
    _event(plan, PlanEvent.Kind.ACTIVIDAD, actor, actividad=actividad, new=actividad.description)
    if responsables or coadyuvantes or all_institutions:
        _set_institutions(plan, actividad, responsables=responsables, coadyuvantes=coadyuvantes,
                          all_institutions=all_institutions, actor=actor)
    _after_change(plan, actor=actor, reason=reason)
    return actividad


@transaction.atomic
def _update_fields(plan, actividad, fields, *, actor) -> bool:
    """Write the changed fields of a locked actividad with their audit row; True if any changed."""
    unknown = set(fields) - set(ACTIVIDAD_FIELDS)
    if unknown:
        raise ValidationError(_("%(field)s cannot be changed here.") % {
            "field": ", ".join(sorted(unknown))})
    old = {name: getattr(actividad, name) for name in fields}
    for name, value in fields.items():
        setattr(actividad, name, list(value) if name == "states" else value)
    _clean_actividad(actividad)
    changed = {n: (old[n], getattr(actividad, n)) for n in fields
               if old[n] != getattr(actividad, n)}
    if not changed:
        return False
    actividad.save(update_fields=list(changed))
    _event(plan, PlanEvent.Kind.ACTIVIDAD, actor, actividad=actividad,
           old="; ".join(f"{n}: {o}" for n, (o, _n) in changed.items()),
           new="; ".join(f"{n}: {v}" for n, (_o, v) in changed.items()))
    return True


@transaction.atomic
def actividad_update(*, actividad, actor=None, reason: str = "", **fields) -> Actividad:
    plan = _lock_plan(actividad.plan)
    _changing(plan, actor=actor, reason=reason)
    actividad = Actividad.objects.select_for_update().get(pk=actividad.pk)
    if _update_fields(plan, actividad, fields, actor=actor):
        _after_change(plan, actor=actor, reason=reason)
    return actividad


@transaction.atomic
def actividad_edit(*, actividad, responsables=(), coadyuvantes=(), all_institutions: bool = False,
                   actor=None, reason: str = "", **fields) -> Actividad:
    """The edit page's one save: text, dates and institutions together, so an approved plan gets
    one new version for one edit (none when nothing changed)."""
    plan = _lock_plan(actividad.plan)
    _changing(plan, actor=actor, reason=reason)
    actividad = Actividad.objects.select_for_update().get(pk=actividad.pk)
    changed = _update_fields(plan, actividad, fields, actor=actor)
    changed |= _set_institutions(plan, actividad, responsables=responsables,
                                 coadyuvantes=coadyuvantes, all_institutions=all_institutions,
                                 actor=actor)
    if changed:
        _after_change(plan, actor=actor, reason=reason)
    return actividad


@transaction.atomic
def actividad_move(*, actividad, direction: str | None = None, to_eje=None, actor=None,
                   reason: str = "") -> Actividad:
    """Up/down inside its eje (direction "up"/"down"), or to the end of another eje of the plan."""
    plan = _lock_plan(actividad.plan)
    _changing(plan, actor=actor, reason=reason)
    actividad = Actividad.objects.select_for_update().select_related("eje").get(pk=actividad.pk)
    old = f"{actividad.eje.order}.{actividad.order}"
    if to_eje is not None:
        if to_eje.plan_id != plan.pk:
            raise ValidationError(_("The eje is not of this plan."))
        actividad.eje = to_eje
        actividad.order = (to_eje.actividades.aggregate(m=Max("order"))["m"] or 0) + 1
        actividad.save(update_fields=["eje", "order"])
    elif direction in ("up", "down"):
        siblings = list(actividad.eje.actividades.select_for_update().order_by("order", "id"))
        i = next(n for n, a in enumerate(siblings) if a.pk == actividad.pk)
        j = i - 1 if direction == "up" else i + 1
        if not 0 <= j < len(siblings):
            return actividad
        siblings[i], siblings[j] = siblings[j], siblings[i]
        for n, a in enumerate(siblings, start=1):
            if a.order != n:
                Actividad.objects.filter(pk=a.pk).update(order=n)
        actividad.refresh_from_db()
    else:
        raise ValidationError(_("Say where to move the actividad."))
    actividad.eje = Eje.objects.get(pk=actividad.eje_id)
    _event(plan, PlanEvent.Kind.MOVED, actor, actividad=actividad, old=old,
           new=f"{actividad.eje.order}.{actividad.order}")
    _after_change(plan, actor=actor, reason=reason)
    return actividad


@transaction.atomic
def actividad_cancel(*, actividad, reason: str, actor=None) -> Actividad:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the actividad is cancelled.")})
    plan = _lock_plan(actividad.plan)
    actividad = Actividad.objects.select_for_update().get(pk=actividad.pk)
    if actividad.cancelled_at:
        return actividad
    actividad.cancelled_at, actividad.cancel_reason = timezone.now(), reason.strip()
    actividad.save(update_fields=["cancelled_at", "cancel_reason"])
    _event(plan, PlanEvent.Kind.CANCELLED, actor, actividad=actividad, note=reason.strip())
    _after_change(plan, actor=actor, reason=reason)
    return actividad


def _parts_label(parts: dict[int, str], acronyms: dict[int, str]) -> str:
    resp = sorted(acronyms[pk] for pk, r in parts.items() if r == Role.RESPONSABLE)
    coad = sorted(acronyms[pk] for pk, r in parts.items() if r == Role.COADYUVANTE)
    label = ", ".join(resp) or "—"
    if coad:
        label += "; " + _("supporting: %(list)s") % {"list": ", ".join(coad)}
    return label


def _set_institutions(plan, actividad, *, responsables, coadyuvantes, all_institutions,
                      actor) -> bool:
    if all_institutions:
        responsables = list(plan.group.member_institutions())
        if not responsables:
            raise ValidationError(_("The group has no member institutions."))
    responsables, coadyuvantes = list(responsables), list(coadyuvantes)
    if {i.pk for i in responsables} & {i.pk for i in coadyuvantes}:
        raise ValidationError(_(
            "An institution cannot be both responsible and supporting in the same actividad."))
    wanted = {i.pk: Role.RESPONSABLE for i in responsables}
    wanted.update({i.pk: Role.COADYUVANTE for i in coadyuvantes})
    rows = {p.institution_id: p for p in actividad.institutions.select_related("institution")}
    acronyms = {pk: p.institution.acronym for pk, p in rows.items()}
    acronyms.update({i.pk: i.acronym for i in responsables + coadyuvantes})
    old = {pk: p.role for pk, p in rows.items()}
    if old == wanted and actividad.all_institutions == all_institutions:
        return False
    ActividadInstitution.objects.filter(
        actividad=actividad, institution_id__in=[pk for pk in rows if pk not in wanted]).delete()
    for pk, role in wanted.items():
        if pk in rows and rows[pk].role != role:
            ActividadInstitution.objects.filter(pk=rows[pk].pk).update(role=role)
    ActividadInstitution.objects.bulk_create([
        ActividadInstitution(actividad=actividad, institution_id=pk, role=role)
        for pk, role in wanted.items() if pk not in rows
    ])
    if actividad.all_institutions != all_institutions:
        actividad.all_institutions = all_institutions
        actividad.save(update_fields=["all_institutions"])
    _event(plan, PlanEvent.Kind.INSTITUTIONS, actor, actividad=actividad,
           old=_parts_label(old, acronyms), new=_parts_label(wanted, acronyms))
    return True


@transaction.atomic
def actividad_set_institutions(*, actividad, responsables=(), coadyuvantes=(),
                               all_institutions: bool = False, actor=None,
                               reason: str = "") -> Actividad:
    """Who leads (responsables) and who helps (coadyuvantes), or "Todas las instituciones" (every
    member institution of the group today as responsable)."""
    plan = _lock_plan(actividad.plan)
    _changing(plan, actor=actor, reason=reason)
    actividad = Actividad.objects.select_for_update().get(pk=actividad.pk)
    _set_institutions(plan, actividad, responsables=responsables, coadyuvantes=coadyuvantes,
                      all_institutions=all_institutions, actor=actor)
    _after_change(plan, actor=actor, reason=reason)
    return actividad


# --- Acuerdos that follow up actividades -------------------------------------------------------


@transaction.atomic
def actividad_link_acuerdo(*, actividad, acuerdo: Acuerdo, actor=None) -> ActividadAcuerdo:
    """Link an acuerdo (of the plan's group, any session) to an actividad it follows up. Not a
    change of the plan's content: no new version."""
    plan = _lock_plan(actividad.plan)
    if acuerdo.group_id != plan.group_id:
        raise ValidationError(
            {"actividades": _("The acuerdo and the plan must be of the same group.")})
    link, created = ActividadAcuerdo.objects.get_or_create(
        actividad=actividad, acuerdo=acuerdo, defaults={"linked_by": actor})
    if created:
        _event(plan, PlanEvent.Kind.LINKED, actor, actividad=actividad, new=acuerdo.number)
    return link


@transaction.atomic
def actividad_unlink_acuerdo(*, actividad, acuerdo: Acuerdo, actor=None) -> None:
    plan = _lock_plan(actividad.plan)
    deleted, _rows = ActividadAcuerdo.objects.filter(actividad=actividad, acuerdo=acuerdo).delete()
    if deleted:
        _event(plan, PlanEvent.Kind.UNLINKED, actor, actividad=actividad, old=acuerdo.number)


@transaction.atomic
def acuerdo_set_actividades(*, acuerdo: Acuerdo, actividades, actor=None) -> None:
    """The editor's and the acuerdo page's form: exactly these actividades follow `acuerdo`."""
    wanted = {a.pk: a for a in actividades}
    current = {link.actividad_id: link.actividad for link in
               acuerdo.actividad_links.select_related("actividad__plan")}
    for pk, actividad in wanted.items():
        if pk not in current:
            actividad_link_acuerdo(actividad=actividad, acuerdo=acuerdo, actor=actor)
    for pk, actividad in current.items():
        if pk not in wanted:
            actividad_unlink_acuerdo(actividad=actividad, acuerdo=acuerdo, actor=actor)


@transaction.atomic
def plan_link_acuerdo(*, plan, acuerdo: Acuerdo, actor=None) -> PlanAcuerdo:
    """An acuerdo about the plan as a whole (5/SO-2 "enviará la propuesta del plan", 5/SO-3)."""
    plan = _lock_plan(plan)
    if acuerdo.group_id != plan.group_id:
        raise ValidationError({"acuerdo": _("The acuerdo and the plan must be of the same group.")})
    link, created = PlanAcuerdo.objects.get_or_create(plan=plan, acuerdo=acuerdo,
                                                      defaults={"linked_by": actor})
    if created:
        _event(plan, PlanEvent.Kind.LINKED, actor, new=acuerdo.number)
    return link


@transaction.atomic
def plan_unlink_acuerdo(*, plan, acuerdo: Acuerdo, actor=None) -> None:
    plan = _lock_plan(plan)
    deleted, _rows = PlanAcuerdo.objects.filter(plan=plan, acuerdo=acuerdo).delete()
    if deleted:
        _event(plan, PlanEvent.Kind.UNLINKED, actor, old=acuerdo.number)


# --- Proposals by enlaces ----------------------------------------------------------------------


@transaction.atomic
def proposal_create(*, actividad, institution: Institution, role: str, comment: str = "",
                    actor=None) -> Proposal:
    """An enlace proposes their institution (the caller checked tracker.access.can_propose_on and
    passes the enlace's own institution) as responsable or coadyuvante of an actividad."""
    plan = _lock_plan(actividad.plan)
    if plan.status != Plan.Status.IN_CONSULTATION:
        raise ValidationError(_("The plan is not in consultation: proposals are closed."))
    if role not in Role.values:
        raise ValidationError({"role": _("Choose responsible or supporting.")})
    if actividad.cancelled_at:
        raise ValidationError(_("That actividad was cancelled."))
    current = actividad.institutions.filter(institution=institution).first()
    if current is not None and current.role == role:
        raise ValidationError(_("Your institution already has that role in this actividad."))
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                actividad=actividad, institution=institution, role=role,
                comment=(comment or "").strip(), proposed_by=actor)
    except IntegrityError:
        raise ValidationError(_(
            "Your institution already has a pending proposal for this actividad.")) from None
    _event(plan, PlanEvent.Kind.PROPOSAL, actor, actividad=actividad, proposal=proposal,
           new=f"{institution.acronym}: {proposal.get_role_display()}", note=proposal.comment)
    return proposal


def _lock_pending(proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related(
        "actividad__plan", "institution").get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise ValidationError(_("This proposal was already decided."))
    return proposal


def _decided(proposal_id: int) -> None:
    from .notify import notify_plan_proposal_decided

    notify_plan_proposal_decided(proposal_id=proposal_id)


@transaction.atomic
def proposal_accept(*, proposal, actor=None, note: str = "") -> Proposal:
    """The secretariat accepts: the institution takes that role in the actividad (replacing the
    other role if it had it); the enlace is told by e-mail."""
    plan = _lock_plan(proposal.actividad.plan)
    proposal = _lock_pending(proposal)
    actividad = proposal.actividad
    row = actividad.institutions.filter(institution=proposal.institution).first()
    old = row.get_role_display() if row else "—"
    if row is None:
        ActividadInstitution.objects.create(actividad=actividad, institution=proposal.institution,
                                            role=proposal.role, proposal=proposal)
    else:
        row.role, row.proposal = proposal.role, proposal
        row.save(update_fields=["role", "proposal"])
    proposal.status, proposal.decided_by, proposal.decided_at = (
        Proposal.Status.ACCEPTED, actor, timezone.now())
    proposal.decision_note = (note or "").strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _event(plan, PlanEvent.Kind.ACCEPTED, actor, actividad=actividad, proposal=proposal, old=old,
           new=f"{proposal.institution.acronym}: {proposal.get_role_display()}",
           note=proposal.decision_note)
    _after_change(plan, actor=actor, reason=_("Proposal of %(acronym)s accepted") % {
        "acronym": proposal.institution.acronym})
    transaction.on_commit(lambda: _decided(proposal.pk))
    return proposal


@transaction.atomic
def proposal_decline(*, proposal, actor=None, note: str = "") -> Proposal:
    plan = _lock_plan(proposal.actividad.plan)
    proposal = _lock_pending(proposal)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the proposal is declined.")})
    proposal.status, proposal.decided_by, proposal.decided_at = (
        Proposal.Status.DECLINED, actor, timezone.now())
    proposal.decision_note = note.strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _event(plan, PlanEvent.Kind.DECLINED, actor, actividad=proposal.actividad, proposal=proposal,
           new=f"{proposal.institution.acronym}: {proposal.get_role_display()}",
           note=proposal.decision_note)
    transaction.on_commit(lambda: _decided(proposal.pk))
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal, actor=None) -> Proposal:
    plan = _lock_plan(proposal.actividad.plan)
    proposal = _lock_pending(proposal)
    proposal.status, proposal.decided_by, proposal.decided_at = (
        Proposal.Status.WITHDRAWN, actor, timezone.now())
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    _event(plan, PlanEvent.Kind.WITHDRAWN, actor, actividad=proposal.actividad, proposal=proposal)
    return proposal
