"""Reads of the work plan API: scoped by tracker.access, prefetched so that a page costs the same
number of queries whatever its size; progress from workplan.progress (SQL, no query per row)."""

import datetime as dt
from collections import Counter

from django.db.models import Prefetch

from agreements.models import Acuerdo
from tracker import access
from workplan.models import Actividad, ActividadAcuerdo, ActividadInstitution, Eje, Plan
from workplan.progress import with_progress


def _parts():
    return Prefetch("institutions", ActividadInstitution.objects.select_related("institution")
                    .order_by("role", "institution__acronym"))


def _links():
    # Only adopted acuerdos: a planned session's draft acuerdos exist in its editor only.
    return Prefetch("acuerdo_links", ActividadAcuerdo.objects.filter(
        acuerdo__in=Acuerdo.objects.adopted()).order_by("linked_at", "id"))


def plan_list(user):
    return access.plans_visible_to(user).select_related("group")


def plan_detail(user, plan_id) -> Plan:
    plan = access.access_plan(user, plan_id)
    return (
        Plan.objects.filter(pk=plan.pk).select_related("group")
        .prefetch_related(
            Prefetch("ejes", Eje.objects.order_by("order", "id").prefetch_related(
                Prefetch("actividades", Actividad.objects.order_by("order", "id").only(
                    "id", "eje_id", "order")))),
            "planned_sessions",
        )
        .get()
    )


def eje_list(user):
    return access.ejes_visible_to(user).prefetch_related(
        Prefetch("actividades", Actividad.objects.order_by("order", "id").only("id", "eje_id",
                                                                                "order")))


def actividad_list(user, *, today: dt.date):
    return with_progress(access.actividades_visible_to(user), today).prefetch_related(
        _parts(), _links())


def proposal_list(user):
    return access.proposals_visible_to(user).select_related("institution", "actividad")


def _counts(rows) -> dict:
    counter = Counter(r["progress"] for r in rows)
    return {"total": len(rows), **{p: counter.get(p, 0) for p in Actividad.Progress.values},
            "late": sum(1 for r in rows if r["late"])}


def plan_progress(user, plan_id, *, today: dt.date) -> dict:
    """Per eje and per actividad what is done, late and pending, and which institutions carry
    what: the plan (access), its ejes, its actividades with progress, their parts (4 queries)."""
    plan = access.access_plan(user, plan_id)
    ejes = list(plan.ejes.order_by("order", "id"))
    actividades = list(with_progress(plan.actividades.all(), today).order_by("order", "id")
                       .prefetch_related(_parts()))
    by_eje = {eje.pk: [] for eje in ejes}
    load: dict[int, dict] = {}
    for a in actividades:
        by_eje.setdefault(a.eje_id, []).append(a)
    result_ejes = []
    for eje_number, eje in enumerate(ejes, start=1):
        rows = []
        for number, a in enumerate(by_eje.get(eje.pk, []), start=1):
            parts = list(a.institutions.all())
            for part in parts:
                entry = load.setdefault(part.institution_id, {
                    "institution": part.institution, "responsable": 0, "coadyuvante": 0,
                    "late": 0})
                entry[part.role] += 1
                if part.role == ActividadInstitution.Role.RESPONSABLE and a.is_late:
                    entry["late"] += 1
            rows.append({
                "id": a.pk, "number": f"{eje_number}.{number}", "progress": a.progress_value,
                "late": a.is_late, "end_date": a.end_date,
                "responsables": [p.institution.acronym for p in parts
                                 if p.role == ActividadInstitution.Role.RESPONSABLE],
                "coadyuvantes": [p.institution.acronym for p in parts
                                 if p.role == ActividadInstitution.Role.COADYUVANTE],
            })
        result_ejes.append({"id": eje.pk, "title": eje.title, "counts": _counts(rows),
                            "actividades": rows})
    every = [row for eje in result_ejes for row in eje["actividades"]]
    institutions = sorted(load.values(), key=lambda e: (-e["responsable"], -e["coadyuvante"],
                                                        e["institution"].acronym))
    return {"plan": plan.pk, "as_of": today, "counts": _counts(every), "ejes": result_ejes,
            "institutions": institutions}
