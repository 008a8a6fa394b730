"""Writes around a convocatoria: send it, confirm attendance, remind, pre-fill participants."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Person
from directory.services import person_create
from meetings.history import record_event
from meetings.models import Session
from meetings.services import attendance_add
from notifications.models import SessionInvitation
from notifications.services.messages import (
    session_invitations_send,
    session_message_send,
    session_recipients,
)

from .models import Confirmation, ConfirmedAttendee, Convocatoria, GroupConvocatoriaSettings
from .selectors import institutions_without_answer

def group_settings(group) -> GroupConvocatoriaSettings:
    return GroupConvocatoriaSettings.objects.filter(group=group).first() or \
        GroupConvocatoriaSettings(group=group)


def _planned(session_id: int) -> Session:
    session = Session.objects.select_for_update().select_related("group").get(pk=session_id)
    if session.status != Session.Status.PLANNED:
        raise ValidationError(_("Only a planned session is convened."))
    if session.date < timezone.localdate():
        raise ValidationError(_("The date of this session has passed."))
    return session


@transaction.atomic
def convocatoria_send(*, session: Session, actor) -> Convocatoria:
    """Mark the convocatoria sent and send it (each invitee once; later changes send updates)."""
    session = _planned(session.pk)
    convocatoria, created = Convocatoria.objects.get_or_create(
        session=session, defaults={"sent_by": actor}
    )
    if not created:
        raise ValidationError(_("The convocatoria of this session was already sent; changes "
                                "of date, time or place send updates by themselves."))
    record_event(session, actor=actor, what=_("convocatoria"), new=_("sent"))
    session_id = session.pk
    transaction.on_commit(lambda: session_invitations_send(session_id=session_id))
    return convocatoria


@transaction.atomic
def confirmation_save(*, session: Session, institution, actor, answer: str,
                      attendees=(), new_person: dict | None = None, note: str = "") -> Confirmation:
    """An institution's answer; replaces its previous one. attendees: (Person, role) pairs of
    that institution; new_person: name/cargo/email/role of someone not yet in the directory."""
    session = _planned(session.pk)
    if answer not in Confirmation.Answer.values:
        raise ValidationError({"answer": _("Say whether your institution attends.")})
    attendees = list(attendees)
    for person, role in attendees:
        if person.institution_id != institution.pk:
            raise ValidationError(_("Confirm only people of your own institution."))
        if role not in ConfirmedAttendee.Role.values:
            raise ValidationError(_("Say whether each person attends as titular or suplente."))
    if new_person and new_person.get("name", "").strip():
        person = person_create(name=new_person["name"], institution=institution,
                               cargo=new_person.get("cargo", ""),
                               email=new_person.get("email", ""))
        attendees.append((person, new_person.get("role") or ConfirmedAttendee.Role.TITULAR))
    if answer == Confirmation.Answer.ATTENDS and not attendees:
        raise ValidationError(_("Choose at least one person who will attend."))
    if answer == Confirmation.Answer.DECLINES:
        attendees = []
    confirmation, _created = Confirmation.objects.update_or_create(
        session=session, institution=institution,
        defaults={"answer": answer, "note": note.strip()[:300], "answered_by": actor,
                  "answered_at": timezone.now()},
    )
    confirmation.attendees.all().delete()
    ConfirmedAttendee.objects.bulk_create(
        ConfirmedAttendee(confirmation=confirmation, person=p, role=r) for p, r in attendees
    )
    names = ", ".join(p.name for p, _r in attendees) or confirmation.get_answer_display()
    record_event(session, actor=actor, what=_("attendance of %(institution)s")
                 % {"institution": institution.acronym}, new=names)
    return confirmation


@transaction.atomic
def participants_prefill(*, session: Session, actor=None) -> int:
    """Add every confirmed person to the participant list (those already listed stay as they
    are). Returns how many were added."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    listed = set(session.attendances.values_list("person_id", flat=True))
    added = 0
    attendees = (ConfirmedAttendee.objects
                 .filter(confirmation__session=session,
                         confirmation__answer=Confirmation.Answer.ATTENDS)
                 .select_related("person").order_by("confirmation__institution__acronym", "id"))
    for attendee in attendees:
        if attendee.person_id in listed:
            continue
        # the role is the category the Informe counts (titular / suplente)
        attendance_add(session=session, person=attendee.person, actor=actor,
                       category=attendee.role)
        listed.add(attendee.person_id)
        added += 1
    Convocatoria.objects.filter(session=session).update(prefilled_at=timezone.now())
    return added


def rsvp_reminders_send(*, session: Session, actor=None) -> int:
    """Remind the enlaces of member institutions that have not answered (once a day)."""
    with transaction.atomic():
        session = _planned(session.pk)
        invitation = SessionInvitation.objects.filter(session=session).first()
        if invitation is None or not Convocatoria.objects.filter(session=session).exists():
            raise ValidationError(_("Send the convocatoria first."))
        pending = set(i.pk for i in institutions_without_answer(session))
        enlaces = {e.lower() for e in Person.objects.filter(
            institution__in=pending, is_enlace=True).exclude(email="").values_list("email", flat=True)}
        recipients = {k: r for k, r in session_recipients(session).items() if k in enlaces}
        return session_message_send(
            session=session, invitation=invitation, step=f"rsvp-{timezone.localdate()}",
            template="convocatoria", context={"rsvp_reminder": True}, recipients=recipients,
            reason=f"Attendance not yet confirmed for {session}.",
        )


def convocatoria_reminders_plan(*, today: dt.date) -> int:
    """The sweep's part: N days before a convened session (per group, default 2), a reminder
    to every invitee; on the day, the confirmed people pre-fill the participant list."""
    planned = 0
    upcoming = (Convocatoria.objects
                .filter(session__status=Session.Status.PLANNED, session__date__gte=today,
                        session__date__lte=today + dt.timedelta(days=30))
                .select_related("session__group"))
    for convocatoria in upcoming:
        session = convocatoria.session
        days = group_settings(session.group).reminder_days
        if session.date == today and convocatoria.prefilled_at is None \
                and session.minuta_status == Session.MinutaStatus.DRAFT:
            try:
                participants_prefill(session=session)
            except ValidationError:
                pass  # the minuta got locked meanwhile: the secretary fills the list by hand
        if not days or (session.date - today).days > days or session.date == today:
            continue
        invitation = SessionInvitation.objects.filter(session=session).first()
        if invitation is None:
            continue
        with transaction.atomic():
            planned += session_message_send(
                session=session, invitation=invitation, step=f"reminder-{invitation.sequence}",
                template="convocatoria", context={"reminder": True},
                reason=f"Reminder {days} days before {session}.",
            )
    return planned
