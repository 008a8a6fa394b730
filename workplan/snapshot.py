"""The JSON a PlanVersion keeps: the plan as it stands (ejes, actividades, institutions, linked
acuerdos, calendar)."""


def plan_snapshot(plan) -> dict:
    from .models import Actividad, ActividadInstitution

    actividades = (
        Actividad.objects.filter(plan=plan).select_related("eje")
        .prefetch_related("institutions__institution", "acuerdos")
        .order_by("eje__order", "eje_id", "order", "id")
    )
    ejes = {e.pk: {"order": e.order, "title": e.title, "actividades": []}
            for e in plan.ejes.order_by("order", "id")}
    for a in actividades:
        parts = list(a.institutions.all())
        ejes[a.eje_id]["actividades"].append({
            "id": a.pk, "order": a.order, "description": a.description,
            "entregable": a.entregable,
            "start_date": a.start_date.isoformat() if a.start_date else None,
            "end_date": a.end_date.isoformat() if a.end_date else None,
            "indicator": a.indicator, "goal": a.goal, "states": list(a.states),
            "all_institutions": a.all_institutions,
            "cancelled": a.cancelled_at is not None,
            "responsables": sorted(p.institution.acronym for p in parts
                                   if p.role == ActividadInstitution.Role.RESPONSABLE),
            "coadyuvantes": sorted(p.institution.acronym for p in parts
                                   if p.role == ActividadInstitution.Role.COADYUVANTE),
            "acuerdos": sorted(ac.number for ac in a.acuerdos.all()),
        })
    return {
        "title": plan.title, "year": plan.year, "status": plan.status,
        "ejes": list(ejes.values()),
        "calendar": [
            {"ordinal": s.ordinal, "type": s.type, "date": s.date.isoformat(),
             "modality": s.modality}
            for s in plan.planned_sessions.order_by("date", "ordinal")
        ],
    }
