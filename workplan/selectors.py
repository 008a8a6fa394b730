"""Reads of work plans: the plan page (ejes → actividades with their institutions, linked
acuerdos, progress and counts), the proposal queue, the editor's late actividades, the choices
of actividades for an acuerdo."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.text import Truncator

from agreements.models import Acuerdo, acuerdo_status_expression, adopted_q

from .models import (
    Actividad, ActividadAcuerdo, ActividadInstitution, Plan, PlanAcuerdo, PlanEvent, Proposal,
)
from .progress import Progress, with_progress

Role = ActividadInstitution.Role


@dataclass
class Counts:
    done: int = 0
    late: int = 0
    in_progress: int = 0
    not_started: int = 0
    cancelled: int = 0

    @property
    def total(self) -> int:
        return self.done + self.late + self.in_progress + self.not_started + self.cancelled

    @property
    def pending(self) -> int:
        """Open and not late: in progress or not started, on time."""
        return self.in_progress + self.not_started

    def add(self, actividad) -> None:
        if actividad.progress_value == Progress.DONE:
            self.done += 1
        elif actividad.progress_value == Progress.CANCELLED:
            self.cancelled += 1
        elif actividad.is_late:
            self.late += 1
        elif actividad.progress_value == Progress.IN_PROGRESS:
            self.in_progress += 1
        else:
            self.not_started += 1


@dataclass
class InstitutionLoad:
    institution: object
    responsable: list = field(default_factory=list)
    coadyuvante: list = field(default_factory=list)


@dataclass
class PlanPage:
    plan: Plan
    ejes: list
    counts: Counts
    institutions: list
    pending_proposals: int
    planned_sessions: list
    plan_acuerdos: list


BADGES = {Progress.DONE: "fulfilled", Progress.IN_PROGRESS: "in_progress",
          Progress.NOT_STARTED: "", Progress.CANCELLED: "cancelled"}


def decorate(actividad) -> None:
    """`progress_label` and `badge` (the CSS class) of an annotated actividad: late first."""
    actividad.progress_label = Progress(actividad.progress_value).label
    actividad.badge = BADGES[actividad.progress_value]
    if actividad.is_late:
        actividad.badge = "overdue"


def actividades_with_progress(plan_or_qs, day: datetime.date):
    qs = plan_or_qs
    if isinstance(plan_or_qs, Plan):
        qs = Actividad.objects.filter(plan=plan_or_qs)
    return with_progress(qs, day)


def plan_page(plan: Plan, day: datetime.date) -> PlanPage:
    """Everything the plan page shows, in a fixed number of queries whatever the plan's size:
    ejes; actividades with their derived progress; their institutions; their linked adopted
    acuerdos with status; pending proposals; the calendar with its sessions."""
    links = ActividadAcuerdo.objects.filter(adopted_q("acuerdo__")).select_related(
        "acuerdo__session").annotate(
        acuerdo_status=acuerdo_status_expression(day, acuerdo_ref="acuerdo_id",
                                                 prefix="acuerdo__")
    ).order_by("acuerdo__session__date", "acuerdo__sequence")
    actividades = list(
        actividades_with_progress(plan, day)
        .prefetch_related(
            Prefetch("institutions",
                     queryset=ActividadInstitution.objects.select_related("institution")
                     .order_by("role", "institution__acronym")),
            Prefetch("acuerdo_links", queryset=links),
        )
        .order_by("order", "id")
    )
    ejes = list(plan.ejes.order_by("order", "id"))
    ejes_by_pk = {e.pk: e for e in ejes}
    by_eje = defaultdict(list)
    counts = Counts()
    loads: dict[int, InstitutionLoad] = {}
    for a in actividades:
        a.eje = ejes_by_pk[a.eje_id]  # read once above, not once per actividad
        by_eje[a.eje_id].append(a)
        a.responsables = [p.institution for p in a.institutions.all() if p.role == Role.RESPONSABLE]
        a.coadyuvantes = [p.institution for p in a.institutions.all() if p.role == Role.COADYUVANTE]
        a.linked = list(a.acuerdo_links.all())
        decorate(a)
        counts.add(a)
        for p in a.institutions.all():
            load = loads.setdefault(p.institution_id, InstitutionLoad(p.institution))
            (load.responsable if p.role == Role.RESPONSABLE else load.coadyuvante).append(a)
    for eje in ejes:
        eje.items = by_eje.get(eje.pk, [])
        eje.counts = Counts()
        for a in eje.items:
            eje.counts.add(a)
    return PlanPage(
        plan=plan, ejes=ejes, counts=counts,
        institutions=sorted(loads.values(), key=lambda load: load.institution.acronym),
        pending_proposals=Proposal.objects.filter(
            actividad__plan=plan, status=Proposal.Status.PENDING).count(),
        planned_sessions=list(plan.planned_sessions.select_related("session")
                              .order_by("date", "ordinal")),
        plan_acuerdos=list(
            PlanAcuerdo.objects.filter(adopted_q("acuerdo__"), plan=plan)
            .select_related("acuerdo__session")
            .annotate(acuerdo_status=acuerdo_status_expression(
                day, acuerdo_ref="acuerdo_id", prefix="acuerdo__"))
            .order_by("acuerdo__session__date", "acuerdo__sequence")
        ),
    )


def proposal_queue(plan: Plan):
    """Pending proposals first (oldest first), then decided ones, newest first."""
    base = Proposal.objects.filter(actividad__plan=plan).select_related(
        "actividad__eje", "institution", "proposed_by__person", "decided_by")
    pending = list(base.filter(status=Proposal.Status.PENDING).order_by("proposed_at", "id"))
    decided = list(base.exclude(status=Proposal.Status.PENDING).order_by("-decided_at", "-id"))
    return pending, decided


def institution_proposals(plan: Plan, institution) -> dict[int, list[Proposal]]:
    """An enlace's own institution's proposals on a plan, by actividad."""
    found = defaultdict(list)
    for p in Proposal.objects.filter(actividad__plan=plan, institution=institution).order_by(
            "-proposed_at", "-id"):
        found[p.actividad_id].append(p)
    return found


def open_actividades(*, group, day: datetime.date | None = None):
    """The group's plans' actividades not cancelled, in plan order (newest plan first), with
    their progress on `day` (default today): one query."""
    from django.utils import timezone

    qs = Actividad.objects.filter(plan__group=group, cancelled_at__isnull=True)
    return list(with_progress(qs, day or timezone.localdate()).select_related("plan", "eje")
                .order_by("-plan__year", "eje__order", "order", "id"))


def as_choices(actividades) -> list[tuple[str, str]]:
    return [(str(a.pk), f"{a.plan.year} · {a.eje.order}.{a.order} "
             f"{Truncator(a.description).chars(90)}") for a in actividades]


def plan_followup(*, group, day: datetime.date) -> dict:
    """The session editor's part of the plan, as of the session date: `plan_late` (late
    actividades with their responsables, for the Seguimiento panel) and `actividad_choices` (for
    the new acuerdo's form). One query, plus one for the responsables when some are late."""
    actividades = open_actividades(group=group, day=day)
    late = [a for a in actividades if a.is_late]
    if late:
        from django.db.models import prefetch_related_objects

        prefetch_related_objects(late, Prefetch(
            "institutions", queryset=ActividadInstitution.objects.filter(
                role=Role.RESPONSABLE).select_related("institution"), to_attr="responsable_parts"))
    for a in late:
        decorate(a)
    return {"plan_late": sorted(late, key=lambda a: (a.end_date, a.pk)),
            "actividad_choices": as_choices(actividades)}


def actividad_choices(group) -> list[tuple[str, str]]:
    """Actividades an acuerdo of `group` may follow up: those of its plans not cancelled, as
    "2025 · 1.2 Elaborar …" choices."""
    return as_choices(
        Actividad.objects.filter(plan__group=group, cancelled_at__isnull=True)
        .select_related("plan", "eje").order_by("-plan__year", "eje__order", "order", "id"))


def acuerdo_actividades(acuerdo, plans=None):
    """The actividades `acuerdo` follows up (of `plans` only, when given: the reader's)."""
    qs = Actividad.objects.filter(acuerdo_links__acuerdo=acuerdo)
    if plans is not None:
        qs = qs.filter(plan__in=plans.values("pk"))
    return list(qs.select_related(
        "plan__group", "eje").order_by("plan__year", "eje__order", "order"))


def plan_history(plan: Plan, limit: int = 50):
    return list(PlanEvent.objects.filter(plan=plan).select_related("actor", "actividad")
                .order_by("-at", "-id")[:limit])


def approving_acuerdo_choices(plan: Plan):
    """Acuerdos that may approve the plan or its calendar: the group's adopted ones, not
    cancelled, newest session first."""
    return list(Acuerdo.objects.adopted().filter(group=plan.group, cancelled_at__isnull=True)
                .select_related("session").order_by("-session__date", "-sequence")[:60])
