"""Messages that events send: session invitations (.ics), the approved minuta, decisions on an
institution's report or due date request."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from agreements.models import Acuerdo
from convocatorias.models import Convocatoria
from directory.models import Person
from followup.models import DueDateRequest, ProgressReport
from meetings.models import Session

from ..ics import session_ics, session_stamp
from ..models import Notification, SessionInvitation
from ..policy import languages_for
from ..rendering import absolute, acuerdo_url, confirm_url, session_url

from .delivery import queue_due
from .. import planning
from ..planning import Recipient
from .drafts import _attachment, _setting


@transaction.atomic
def session_invitations_send(*, session_id: int) -> int:
    """Invite the participants and the member institutions' enlaces to a planned session, with an
    .ics; when time or place changed since the last invitation, send an update with the same UID
    and the next SEQUENCE; a cancelled session that was invited gets a METHOD:CANCEL. Once the
    convocatoria is sent (convocatorias app) every message is the full convocatoria. Returns how
    many new messages were planned."""
    session = Session.objects.select_related("group").filter(pk=session_id).first()
    if session is None or session.date < timezone.localdate():
        return 0
    if session.status == Session.Status.CANCELLED:
        return _session_cancel(session)
    if session.status != Session.Status.PLANNED:
        return 0
    stamp = session_stamp(session)
    invitation, created = SessionInvitation.objects.select_for_update().get_or_create(
        session=session, defaults={"stamp": stamp}
    )
    if not created and invitation.stamp != stamp:
        invitation.sequence += 1
        invitation.stamp = stamp
        invitation.changed_at = timezone.now()
        invitation.save(update_fields=["sequence", "stamp", "changed_at"])
    convocatoria = _convocatoria_sent(session)
    step = f"{'conv' if convocatoria else 'seq'}-{invitation.sequence}"
    return session_message_send(
        session=session, invitation=invitation, step=step,
        template="convocatoria" if convocatoria else "invitation",
        context={"update": invitation.sequence > 0},
        reason=planning.reason(
            gettext_noop("Session %(session)s planned or moved (sequence %(seq)s)."),
            session=session, seq=invitation.sequence),
    )


def _convocatoria_sent(session) -> bool:
    return Convocatoria.objects.filter(session=session).exists()


def _session_cancel(session) -> int:
    invitation = SessionInvitation.objects.select_for_update().filter(session=session).first()
    if invitation is None:
        return 0  # never invited: nothing to take out of anyone's calendar
    if invitation.stamp != "cancelled":
        invitation.sequence += 1
        invitation.stamp = "cancelled"
        invitation.changed_at = timezone.now()
        invitation.save(update_fields=["sequence", "stamp", "changed_at"])
    return session_message_send(
        session=session, invitation=invitation, step="cancel", template="invitation",
        context={"cancelled": True}, method="CANCEL",
        reason=planning.reason(gettext_noop("Session %(session)s cancelled."), session=session),
    )


def session_recipients(session) -> dict[str, Recipient]:
    """Participants already listed and the enlaces of the member institutions, by e-mail."""
    recipients = {}
    for a in session.attendances.select_related("person").exclude(person__email=""):
        recipients.setdefault(a.person.email.lower(), Recipient(a.person.email, a.name, a.person.user_id))
    members = session.group.member_institutions(on=session.date).values("pk")
    for p in Person.objects.filter(institution__in=members, is_enlace=True).exclude(email=""):
        recipients.setdefault(p.email.lower(), Recipient(p.email, p.name, p.user_id))
    return recipients


def session_documents(session) -> list[dict]:
    """The session's documents (anexos) with absolute links, for the convocatoria and the
    approved minuta's e-mail (tracker.access.access_session_document decides who opens them)."""
    return [{"label": d.label, "url": absolute(reverse("session_document", args=[d.pk]))}
            for d in session.attachments.order_by("uploaded_at", "id")]


def session_message_send(*, session, invitation, step: str, template: str, context: dict,
                         reason: str, method: str = "REQUEST", recipients=None) -> int:
    """One message about a session to each recipient (default: session_recipients) once per
    `step`, in their language, with the session's .ics at the invitation's SEQUENCE."""
    ics_by_language = {}

    def ics_in(language):
        """The .ics in the recipient's language (its description says when, in words)."""
        if language not in ics_by_language:
            with translation.override(language):
                ics_by_language[language] = _attachment(
                    f"sesion-{session.pk}.ics", "text/calendar",
                    session_ics(session, sequence=invitation.sequence,
                                stamp_at=invitation.changed_at, method=method),
                )
        return ics_by_language[language]

    if recipients is None:
        recipients = session_recipients(session)
    existing = planning.planned_keys([Notification.Kind.INVITATION], [f"session:{session.pk}"])
    todo = [r for key, r in recipients.items()
            if (Notification.Kind.INVITATION, key, f"session:{session.pk}", step) not in existing]
    languages = languages_for(r.user_id for r in todo)
    items = list(session.agenda_items.prefetch_related("presenters__attendance").order_by("order"))
    context = {"session": session, "group": session.group, "url": session_url(session.pk),
               "confirm_url": confirm_url(session.pk), "agenda": items,
               "documents": session_documents(session), **context}
    drafts = [
        planning.draft(kind=Notification.Kind.INVITATION, recipient=r, object_key=f"session:{session.pk}",
               step=step, language=languages.get(r.user_id, settings.LANGUAGE_CODE),
               template=template, context=context,
               attachment=ics_in(languages.get(r.user_id, settings.LANGUAGE_CODE)),
               reason=reason, group=session.group, session=session)
        for r in todo
    ]
    planning.insert(drafts)
    queue_due(now=timezone.now())
    return len(drafts)


@transaction.atomic
def notify_minuta_approved(*, session_id: int, pdf: tuple[str, bytes] | None) -> int:
    """E-mail the approved minuta to every participant with an e-mail, with the PDF attached (a
    link instead when it is over NOTIFICATIONS_MINUTA_ATTACHMENT_MAX_BYTES) and the acuerdos
    their institution answers for or helps with. Returns how many new messages were planned."""
    session = Session.objects.select_related("group").get(pk=session_id)
    limit = _setting("MINUTA_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
    attachment = None
    if pdf is not None and len(pdf[1]) <= limit:
        attachment = _attachment(pdf[0], "application/pdf", pdf[1])
    acuerdos = list(
        Acuerdo.objects.filter(session=session, cancelled_at__isnull=True)
        .prefetch_related("responsibilities")
        .order_by("sequence")
    )
    # The session's documents (presentations, annexes), linked: a participant with an account
    # reads them once the minuta is approved (tracker.access.access_session_document).
    documents = session_documents(session)
    step = f"rev-{session.revision}"
    existing = planning.planned_keys([Notification.Kind.MINUTA], [f"session:{session.pk}"])
    people = {}
    for a in session.attendances.select_related("person").exclude(person__email=""):
        people.setdefault(a.person.email.lower(), a)
    todo = [(k, a) for k, a in people.items()
            if (Notification.Kind.MINUTA, k, f"session:{session.pk}", step) not in existing]
    languages = languages_for(a.person.user_id for _k, a in todo)
    drafts = []
    for _key, a in todo:
        own = [x for x in acuerdos
               if any(r.institution_id == a.institution_id for r in x.responsibilities.all())]
        drafts.append(planning.draft(
            kind=Notification.Kind.MINUTA,
            recipient=Recipient(a.person.email, a.name, a.person.user_id),
            object_key=f"session:{session.pk}", step=step,
            language=languages.get(a.person.user_id, settings.LANGUAGE_CODE), template="minuta",
            context={"session": session, "group": session.group, "own_acuerdos": own,
                     "institution": a.institution, "url": session_url(session.pk),
                     "attached": attachment is not None, "has_pdf": pdf is not None,
                     "documents": documents},
            attachment=attachment,
            reason=planning.reason(gettext_noop("Minuta of %(session)s approved; participant."),
                                   session=session),
            group=session.group, session=session,
        ))
    planning.insert(drafts)
    queue_due(now=timezone.now())
    return len(drafts)


def _notify_decision(*, recipient, step: str, acuerdo, institution, context: dict) -> None:
    if recipient is None:
        return
    language = languages_for([recipient.user_id]).get(recipient.user_id, settings.LANGUAGE_CODE)
    draft = planning.draft(
        kind=Notification.Kind.DECISION,
        recipient=recipient,
        object_key=f"acuerdo:{acuerdo.pk}",
        step=step,
        language=language,
        template="decision",
        context={"acuerdo": acuerdo, "institution": institution, "url": acuerdo_url(acuerdo.pk),
                 **context},
        reason=planning.reason(
            gettext_noop("Decision on a report or due date request of %(number)s."),
            number=acuerdo.number),
        group=acuerdo.group,
        acuerdo=acuerdo,
    )
    planning.insert([draft])  # the unique key makes a second call for the same decision a no-op
    queue_due(now=timezone.now())


def notify_report_reviewed(*, report_id: int) -> None:
    """Tell whoever reported that the secretariat validated or returned the report."""
    report = ProgressReport.objects.select_related(
        "responsibility__acuerdo__group", "responsibility__institution", "actor__person"
    ).get(pk=report_id)
    part = report.responsibility
    _notify_decision(
        recipient=planning.user_recipient(report.actor),
        step=f"report:{report.pk}:{report.review}",
        acuerdo=part.acuerdo,
        institution=part.institution,
        context={"what": "report", "accepted": report.review == report.Review.VALIDATED,
                 "reason": report.return_reason},
    )


def notify_due_date_request_decided(*, request_id: int) -> None:
    """Tell the enlace who asked for a new due date whether it was approved."""
    request = DueDateRequest.objects.select_related(
        "responsibility__acuerdo__group", "responsibility__institution", "requested_by__person"
    ).get(pk=request_id)
    part = request.responsibility
    _notify_decision(
        recipient=planning.user_recipient(request.requested_by),
        step=f"date:{request.pk}:{request.state}",
        acuerdo=part.acuerdo,
        institution=part.institution,
        context={"what": "date", "accepted": request.state == request.State.APPROVED,
                 "reason": request.decision_note, "requested_date": request.requested_date},
    )
