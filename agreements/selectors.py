"""Reads of acuerdos for pages: querysets shaped so that a list costs a fixed number of queries."""

import datetime

from django.db.models import Prefetch, QuerySet

from meetings.models import Session

from .models import Acuerdo, Responsibility

OPEN_STATUSES = (Acuerdo.Status.PENDING, Acuerdo.Status.IN_PROGRESS, Acuerdo.Status.OVERDUE)


def with_parts(queryset: QuerySet[Acuerdo]) -> QuerySet[Acuerdo]:
    """Acuerdos with their session and responsibilities (and institutions) prefetched."""
    return queryset.select_related("session", "group").prefetch_related(
        Prefetch(
            "responsibilities",
            queryset=Responsibility.objects.select_related("institution").order_by(
                "role", "institution__acronym"),
        )
    )


def followup_acuerdos(*, session: Session, day: datetime.date | None = None) -> QuerySet[Acuerdo]:
    """The group's open (pending, in progress, overdue) acuerdos from sessions before this one, as
    they stand on the session date: the "Seguimiento de acuerdos" of the session. Adopted ones
    only: an earlier session still planned (or cancelled) adopted nothing."""
    day = day or session.date
    return with_parts(
        Acuerdo.objects.adopted().with_status(day)
        .filter(group_id=session.group_id, session__date__lt=session.date,
                status_value__in=OPEN_STATUSES)
        .order_by("session__date", "sequence")
    )
