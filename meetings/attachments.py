"""Writes of a session's documents (presentations, annexes, the plan draft). Each writes its
history row (MinutaEvent) in the same function; who may call them is checked by the caller
(tracker.access.access_session(write=True): the group's secretariat and staff)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.models import Acuerdo, Responsibility
from documents.integrity import upload_sha256
from followup.evidence import check_evidence_files
from followup.services import fulfilment_record_on_behalf

from .history import record_event
from .models import Session, SessionDocument


def fulfillable_acuerdos(session: Session):
    """The session's acuerdos a document can fulfil: live commitments with a responsable part
    not yet validated (an informational acuerdo is fulfilled already)."""
    return (Acuerdo.objects.filter(session=session, kind=Acuerdo.Kind.COMMITMENT,
                                   cancelled_at__isnull=True,
                                   responsibilities__role=Responsibility.Role.RESPONSABLE)
            .exclude(responsibilities__status=Responsibility.Status.FULFILLED,
                     responsibilities__role=Responsibility.Role.RESPONSABLE)
            .distinct().order_by("sequence"))


@transaction.atomic
def session_document_attach(*, session: Session, upload, title: str = "", fulfils=None,
                            actor) -> SessionDocument:
    """Store a file checked like evidence (size, content, macros, polyglots, antivirus) with its
    SHA-256. `fulfils`, an open acuerdo of the session ("Se enviará la presentación"): each of its
    open responsable parts is recorded fulfilled on the institution's behalf, the comment naming
    the document (followup.services.fulfilment_record_on_behalf, with its history rows)."""
    if upload is None:
        raise ValidationError({"file": _("Choose the file to attach.")})
    # Refusals first, before the file is written to the storage.
    if fulfils is not None and (fulfils.session_id != session.pk or not fulfillable_acuerdos(
            session).filter(pk=fulfils.pk).exists()):
        raise ValidationError({"fulfils": _(
            "Choose an open commitment of this session for the document to fulfil.")})
    try:
        [(upload, content_type)] = check_evidence_files([upload])
    except ValidationError as exc:  # the editor's field is "file"
        raise ValidationError({"file": exc.messages}) from None
    name = (upload.name or "")[:255]
    document = SessionDocument.objects.create(
        session=session, file=upload, title=(title or "").strip()[:300], original_name=name,
        content_type=content_type, size=upload.size, sha256=upload_sha256(upload),
        uploaded_by=actor,
    )
    record_event(session, actor=actor, what="document", new=document.label)
    if fulfils is not None:
        comment = _("Fulfilled with the document “%(name)s” attached to session %(session)s.") % {
            "name": document.label, "session": session.code}
        for part in fulfils.responsibilities.filter(role="responsable").exclude(
                status="fulfilled"):
            fulfilment_record_on_behalf(responsibility=part, comment=comment, actor=actor)
    return document


@transaction.atomic
def session_document_remove(*, document: SessionDocument, actor) -> None:
    """Remove a document attached by mistake; the history keeps its name and fingerprint."""
    session = document.session
    record_event(session, actor=actor, what="document", old=document.label,
                 note=f"SHA-256 {document.sha256}")
    storage, name = document.file.storage, document.file.name
    document.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(name))
