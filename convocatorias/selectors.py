"""Reads: who answered a convocatoria, and the quorum."""

import math
from dataclasses import dataclass

from django.db.models import Prefetch

from .models import Confirmation, ConfirmedAttendee, Convocatoria, GroupConvocatoriaSettings


def member_answers(session) -> list[tuple]:
    """(institution, confirmation or None) for each member institution on the session's day
    (two queries and the members')."""
    members = list(session.group.member_institutions(on=session.date).order_by("acronym"))
    attendees = ConfirmedAttendee.objects.select_related("person").order_by("id")
    answers = {c.institution_id: c for c in Confirmation.objects.filter(session=session)
               .prefetch_related(Prefetch("attendees", queryset=attendees))}
    return [(i, answers.get(i.pk)) for i in members]


def panel_data(session, *, attendances=None) -> dict:
    """The editor's Convocatoria section in four queries: the convocatoria, the group's settings,
    members, answers (+ attendees); the institutions present come from `attendances` (the
    editor's list) when given."""
    convocatoria = Convocatoria.objects.filter(session=session).first()
    settings = GroupConvocatoriaSettings.objects.filter(group_id=session.group_id).first()
    answers = member_answers(session)
    confirmed = sum(1 for _i, c in answers if c and c.answer == Confirmation.Answer.ATTENDS)
    return {"convocatoria": convocatoria, "settings": settings, "answers": answers,
            "quorum": quorum(session, settings=settings, members=len(answers),
                             confirmed=confirmed, attendances=attendances)}


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


_UNSET = object()


def quorum(session, *, settings=_UNSET, members=None, confirmed=None,
           attendances=None) -> Quorum:
    """What the arguments do not bring (already read by the caller) is counted here."""
    if settings is _UNSET:
        settings = GroupConvocatoriaSettings.objects.filter(group_id=session.group_id).first()
    if members is None:
        members = session.group.member_institutions(on=session.date).count()
    required = None
    if settings is not None:
        if settings.quorum_count:
            required = settings.quorum_count
        elif settings.quorum_percent:
            required = math.ceil(members * settings.quorum_percent / 100)
    if confirmed is None:
        confirmed = Confirmation.objects.filter(
            session=session, answer=Confirmation.Answer.ATTENDS).count()
    if attendances is not None:
        present = len({a.institution_id for a in attendances if a.present})
    else:
        present = (session.attendances.filter(present=True).values("institution_id")
                   .distinct().count())
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
