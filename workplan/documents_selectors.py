"""The reads behind the plan's documents (PDF, DOCX, XLSX): the plan with its ejes, actividades,
institutions, linked acuerdos, progress and calendar in a fixed number of queries, and the
PlanContent built from them (workplan.documents)."""

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone

from agreements.models import Acuerdo
from meetings.naming import of_the, session_name
from meetings.states import State
from tracker.dates import format_date

from .documents import (
    ALL_INSTITUTIONS,
    NOBODY_YET,
    ActividadRow,
    CalendarRow,
    EjeBlock,
    PlanContent,
    period_in_words,
)
from .models import Actividad, ActividadAcuerdo, ActividadInstitution, Eje, Plan, PlannedSession
from .progress import with_progress

STATUS_ES = {"draft": "Borrador", "in_consultation": "En consulta", "approved": "Aprobado"}
PROGRESS_ES = {"sin_iniciar": "Sin iniciar", "en_proceso": "En proceso",
               "concluida": "Concluida", "cancelada": "Cancelada"}
MODALITY_ES = {"in_person": "Presencial", "virtual": "Virtual", "hybrid": "Híbrida"}


def plan_document_plan(plan_id: int, *, today: dt.date) -> Plan:
    """The plan and everything its documents print: 1 query for the plan (group, approving
    acuerdo and its session), 1 for the ejes, 1 for the actividades with their progress, 1 for
    their institutions, 1 for their linked acuerdos, 1 for the calendar."""
    actividades = with_progress(Actividad.objects.all(), today).order_by("order", "id")
    return (
        Plan.objects.select_related("group", "approved_by_acuerdo__session")
        .prefetch_related(
            Prefetch("ejes", Eje.objects.order_by("order", "id")),
            Prefetch("ejes__actividades", actividades),
            Prefetch("ejes__actividades__institutions",
                     ActividadInstitution.objects.select_related("institution")
                     .order_by("role", "institution__acronym")),
            Prefetch("ejes__actividades__acuerdo_links",
                     ActividadAcuerdo.objects.filter(acuerdo__in=Acuerdo.objects.adopted())
                     .select_related("acuerdo").order_by("acuerdo__session__date",
                                                         "acuerdo__sequence", "id")),
            Prefetch("planned_sessions", PlannedSession.objects.order_by("date", "ordinal")),
        )
        .get(pk=plan_id)
    )


def _states(codes) -> str:
    labels = []
    for code in codes or []:
        try:
            labels.append(State(code).label)
        except ValueError:
            labels.append(str(code))
    return ", ".join(labels)


def _institutions(actividad, role) -> list[str]:
    return [p.institution.acronym for p in actividad.institutions.all() if p.role == role]


def actividad_row(actividad, number: str, *, style: str) -> ActividadRow:
    responsables = _institutions(actividad, ActividadInstitution.Role.RESPONSABLE)
    coadyuvantes = _institutions(actividad, ActividadInstitution.Role.COADYUVANTE)
    progress = getattr(actividad, "progress_value", "") or Actividad.Progress.NOT_STARTED
    return ActividadRow(
        number=number,
        description=actividad.description,
        entregable=actividad.entregable,
        start=actividad.start_date,
        end=actividad.end_date,
        period=period_in_words(actividad.start_date, actividad.end_date, style=style),
        indicator=actividad.indicator,
        goal=actividad.goal,
        states=_states(actividad.states),
        responsables=ALL_INSTITUTIONS if actividad.all_institutions
        else (", ".join(responsables) or NOBODY_YET),
        coadyuvantes=", ".join(coadyuvantes),
        progress=PROGRESS_ES.get(progress, progress),
        progress_key=str(progress),
        late=bool(getattr(actividad, "is_late", False)),
        acuerdos=", ".join(link.acuerdo.number for link in actividad.acuerdo_links.all()),
    )


def plan_content(plan: Plan, *, today: dt.date) -> PlanContent:
    """Build the content from a plan loaded by `plan_document_plan` (no queries)."""
    group = plan.group
    style = group.date_style
    start = plan.period_start or dt.date(plan.year, 1, 1)
    end = plan.period_end or dt.date(plan.year, 12, 31)
    approval = ""
    acuerdo = plan.approved_by_acuerdo
    if plan.status == Plan.Status.APPROVED and acuerdo is not None:
        session = acuerdo.session
        noun_name = session_name(number=session.number, type=session.type,
                                 style=group.session_naming, noun=group.session_noun)
        approval = (f"Aprobado mediante el acuerdo {acuerdo.number} ({noun_name}, "
                    f"{format_date(session.date, style=style, language='es')})")
    elif plan.status == Plan.Status.APPROVED and plan.approved_at:
        approval = f"Aprobado el {format_date(timezone.localtime(plan.approved_at), language='es')}"
    elif plan.status == Plan.Status.IN_CONSULTATION and plan.consultation_until:
        approval = ("Comentarios hasta el "
                    f"{format_date(plan.consultation_until, style=style, language='es')}")
    content = PlanContent(
        group=group.acronym,
        group_name=group.name,
        group_of_the=of_the(group.name),
        title=plan.title,
        period=period_in_words(start, end, style=style),
        status=STATUS_ES.get(plan.status, plan.status),
        status_key="approved" if plan.status == Plan.Status.APPROVED else (
            "consultation" if plan.status == Plan.Status.IN_CONSULTATION else "draft"),
        convening_unit=group.convening_unit,
        drafting_unit=group.drafting_unit,
        introduction=[p.strip() for p in (plan.description or "").split("\n\n") if p.strip()],
        approval=approval,
        version=plan.version,
        as_of=f"Avance al {format_date(today, style=style, language='es')}",
    )
    for eje_number, eje in enumerate(plan.ejes.all(), start=1):
        block = EjeBlock(number=eje_number, title=eje.title, description=eje.description)
        for number, actividad in enumerate(eje.actividades.all(), start=1):
            block.actividades.append(actividad_row(actividad, f"{eje_number}.{number}",
                                                   style=style))
        content.ejes.append(block)
    for entry in plan.planned_sessions.all():
        content.calendar.append(CalendarRow(
            name=session_name(number=entry.ordinal, type=entry.type, style=group.session_naming,
                              noun=group.session_noun),
            date=format_date(entry.date, "weekday", style=style, language="es"), day=entry.date,
            modality=MODALITY_ES.get(entry.modality, entry.get_modality_display()),
            note=entry.note,
        ))
    return content


def plan_document_content(plan, *, today: dt.date | None = None) -> PlanContent:
    """The content of a plan (a Plan or its id) as of `today` (default: the local date)."""
    today = today or timezone.localdate()
    loaded = plan_document_plan(getattr(plan, "pk", plan), today=today)
    return plan_content(loaded, today=today)
