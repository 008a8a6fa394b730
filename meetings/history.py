"""The history row of a minuta (MinutaEvent): written by every change to a session, from the
workflow (meetings.services), the drafting writes (meetings.drafting) and the acuerdos
(agreements.services). Its own module, below all of them, so each imports it at module top."""

from .models import MinutaEvent


def record_event(session, *, actor, what="", old="", new="", note="",
                 kind=MinutaEvent.Kind.CHANGED) -> MinutaEvent:
    return MinutaEvent.objects.create(
        session=session, kind=kind, actor=actor, revision=session.revision, what=what,
        old_value="" if old is None else str(old), new_value="" if new is None else str(new),
        note=note,
    )
