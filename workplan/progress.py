"""THE rule of an actividad's progress, in SQL (for lists and counts) and in Python.

An actividad is followed up through the acuerdos linked to it (ActividadAcuerdo): its responsables
report on their parts of those acuerdos, the secretariat validates, evidence is attached — the
followup app's one report → validation flow. So, on `day`:

- cancelada: the secretariat cancelled it (cancelled_at);
- concluida: it has at least one linked adopted commitment acuerdo not cancelled, and every one of
  them is fulfilled (validated fulfilment of all responsable parts, agreements' rule);
- en_proceso: some part of a linked adopted acuerdo has moved (in progress, reported, fulfilled);
- sin_iniciar: otherwise.

Late: not concluida/cancelada and its end date is before `day`.
"""

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When

from agreements.models import Acuerdo, Responsibility, acuerdo_status_expression, adopted_q

from .models import Actividad, ActividadAcuerdo

Progress = Actividad.Progress


def _linked_commitments(actividad_ref: str):
    return ActividadAcuerdo.objects.filter(
        adopted_q("acuerdo__"), actividad=OuterRef(actividad_ref),
        acuerdo__kind=Acuerdo.Kind.COMMITMENT, acuerdo__cancelled_at__isnull=True,
    )


def actividad_progress_expression(day, *, actividad_ref: str = "pk", prefix: str = ""):
    """`progress_value` of an actividad as SQL; `prefix` reaches its fields from another model."""
    linked = _linked_commitments(actividad_ref)
    not_done = linked.annotate(
        st=acuerdo_status_expression(day, acuerdo_ref="acuerdo_id", prefix="acuerdo__")
    ).exclude(st=Acuerdo.Status.FULFILLED)
    moved = Responsibility.objects.filter(
        adopted_q("acuerdo__"),
        acuerdo__in=ActividadAcuerdo.objects.filter(actividad=OuterRef(OuterRef(actividad_ref)))
        .values("acuerdo_id"),
    ).exclude(status=Responsibility.Status.PENDING)
    return Case(
        When(**{f"{prefix}cancelled_at__isnull": False}, then=Value(Progress.CANCELLED)),
        When(Exists(linked) & ~Exists(not_done), then=Value(Progress.DONE)),
        When(Exists(moved), then=Value(Progress.IN_PROGRESS)),
        default=Value(Progress.NOT_STARTED),
        output_field=models.CharField(),
    )


def with_progress(queryset, day):
    """Annotate `progress_value` and `is_late` on a queryset of actividades."""
    qs = queryset.annotate(progress_value=actividad_progress_expression(day))
    return qs.annotate(is_late=Case(
        When(Q(end_date__lt=day) & ~Q(progress_value__in=[Progress.DONE, Progress.CANCELLED]),
             then=Value(True)),
        default=Value(False), output_field=models.BooleanField(),
    ))


def progress_of(statuses: list[str], *, cancelled: bool, moved: bool) -> str:
    """The same rule in Python, from the statuses of the linked adopted commitment acuerdos (not
    cancelled) and whether any linked part has moved."""
    if cancelled:
        return Progress.CANCELLED
    if statuses and all(s == Acuerdo.Status.FULFILLED for s in statuses):
        return Progress.DONE
    if moved:
        return Progress.IN_PROGRESS
    return Progress.NOT_STARTED
