"""Reads for documents: one session with everything its minuta prints, in a handful of queries."""

from django.db.models import Prefetch

from agreements.models import Acuerdo, Responsibility
from meetings.models import AgendaItem, AgendaPresenter, Attendance, Session, SessionDocument

from .models import MinutaDocument


def minuta_session(session_id) -> Session:
    """The session with group, people, agenda, presenters, acuerdos with responsibilities and
    photos prefetched (7 queries whatever its size)."""
    return (
        Session.objects.select_related(
            "group", "group__convening_institution", "convoca", "drafted_by",
            "drafted_by__institution", "approved_by", "approved_by__institution",
        )
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("institution").order_by("order", "id"),
            ),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.order_by("order").prefetch_related(
                    Prefetch(
                        "presenters",
                        queryset=AgendaPresenter.objects.select_related("attendance").order_by(
                            "order", "id"
                        ),
                    )
                ),
            ),
            Prefetch(
                "acuerdos",
                queryset=Acuerdo.objects.order_by("sequence").prefetch_related(
                    Prefetch(
                        "responsibilities",
                        queryset=Responsibility.objects.select_related("institution").order_by(
                            "institution__acronym"
                        ),
                    )
                ),
            ),
            "photos",
            Prefetch("attachments", queryset=SessionDocument.objects.order_by("uploaded_at", "id")),
        )
        .get(pk=session_id)
    )


def minuta_document_current(session: Session, format: str = MinutaDocument.Format.PDF):
    """The stored file of the session's current revision, or None."""
    return MinutaDocument.objects.filter(
        session=session, revision=session.revision, format=format
    ).first()
