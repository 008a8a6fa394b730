"""Reads: who answered a convocatoria, and the quorum."""

import math
from dataclasses import dataclass

from .models import Confirmation, GroupConvocatoriaSettings


def member_answers(session) -> list[tuple]:
    """(institution, confirmation or None) for each member institution on the session's day."""
    members = list(session.group.member_institutions(on=session.date).order_by("acronym"))
    answers = {c.institution_id: c for c in Confirmation.objects.filter(session=session)
               .prefetch_related("attendees__person")}
    return [(i, answers.get(i.pk)) for i in members]


def institutions_without_answer(session):
    answered = Confirmation.objects.filter(session=session).values("institution_id")
    return session.group.member_institutions(on=session.date).exclude(pk__in=answered)


@dataclass
class Quorum:
    required: int | None  # None: the group sets no quorum
    members: int
    confirmed: int  # institutions that confirmed attendance
    present: int  # institutions with someone marked present

    @property
    def met_by_confirmations(self) -> bool:
        return self.required is not None and self.confirmed >= self.required

    @property
    def met(self) -> bool:
        return self.required is not None and self.present >= self.required


def quorum(session) -> Quorum:
    settings = GroupConvocatoriaSettings.objects.filter(group_id=session.group_id).first()
    members = session.group.member_institutions(on=session.date).count()
    required = None
    if settings is not None:
        if settings.quorum_count:
            required = settings.quorum_count
        elif settings.quorum_percent:
            required = math.ceil(members * settings.quorum_percent / 100)
    confirmed = Confirmation.objects.filter(
        session=session, answer=Confirmation.Answer.ATTENDS).count()
    present = session.attendances.filter(present=True).values("institution_id").distinct().count()
    return Quorum(required=required, members=members, confirmed=confirmed, present=present)


def minuta_quorum_line(session) -> str:
    """The quorum sentence of the minuta (always Spanish, like the rest of it), or "" when the
    group sets no quorum or does not print it."""
    settings = GroupConvocatoriaSettings.objects.filter(group_id=session.group_id).first()
    if settings is None or not settings.quorum_in_minuta:
        return ""
    q = quorum(session)
    if q.required is None:
        return ""
    verdict = "Hubo quórum" if q.met else "No hubo quórum"
    return (f"{verdict}: asistieron {q.present} de {q.members} instituciones integrantes "
            f"(quórum requerido: {q.required}).")
