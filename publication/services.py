"""Writes of the publication app: the group's opt-in, publication marks, the stored PDF of a
versión pública. Each mark change writes its audit row (who, when, old, new) here."""

import datetime
import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import Action, audit_record
from documents.render import render_minuta_pdf
from meetings.models import Session, WorkingGroup

from .models import GroupPublication, PublicMinutaDocument, Reservation
from .selectors import Marks

logger = logging.getLogger(__name__)


def _state(row) -> dict:
    if row is None:
        return {"status": Reservation.Status.PUBLIC, "legal_basis": "", "reserved_until": None}
    return {"status": row.status, "legal_basis": row.legal_basis,
            "reserved_until": row.reserved_until.isoformat() if row.reserved_until else None}


def clean_mark(*, status: str, legal_basis: str, reserved_until) -> tuple[str, str, object]:
    """A reservation says why and until when; a public mark keeps neither."""
    if status not in Reservation.Status.values:
        raise ValidationError(_("Choose a publication status."))
    legal_basis = (legal_basis or "").strip()
    if status == Reservation.Status.RESERVED:
        errors = {}
        if not legal_basis:
            errors["legal_basis"] = _("A reservation needs its legal basis.")
        if not reserved_until:
            errors["reserved_until"] = _("A reservation needs the date it ends.")
        if errors:
            raise ValidationError(errors)
    if status == Reservation.Status.PUBLIC:
        return status, "", None
    if status == Reservation.Status.CONFIDENTIAL:
        reserved_until = None
    return status, legal_basis, reserved_until


@transaction.atomic
def group_publication_set(*, group: WorkingGroup, publishes: bool, actor) -> GroupPublication:
    row, _created = GroupPublication.objects.select_for_update().get_or_create(group=group)
    old = row.publishes if not _created else False
    row.publishes, row.updated_by, row.updated_at = publishes, actor, timezone.now()
    row.save()
    if old != publishes:
        audit_record(action=Action.PUBLICATION, actor=actor, obj=group,
                     changes={"publishes": [old, publishes]})
    return row


@transaction.atomic
def mark_set(*, model, target: dict, status: str, legal_basis: str = "",
             reserved_until: datetime.date | None = None, actor):
    """Set the publication mark of one object (`target`, e.g. {"session": s}); a public mark on
    a paragraph or photo deletes the row (public is the default)."""
    status, legal_basis, reserved_until = clean_mark(
        status=status, legal_basis=legal_basis, reserved_until=reserved_until)
    row = model.objects.select_for_update().filter(**target).first()
    old = _state(row)
    row = row or model(**target)
    row.status, row.legal_basis, row.reserved_until = status, legal_basis, reserved_until
    row.updated_by, row.updated_at = actor, timezone.now()
    new = _state(row)
    if old == new:
        return row
    if status == Reservation.Status.PUBLIC and getattr(model, "DELETE_WHEN_PUBLIC", False):
        if row.pk:
            row.delete()
    else:
        row.save()
    audit_record(action=Action.PUBLICATION, actor=actor, obj=next(iter(target.values())),
                 changes={k: [old[k], new[k]] for k in new if old[k] != new[k]},
                 detail=model.__name__ + (f" ¶{target['index'] + 1}" if "index" in target else ""))
    return row


@transaction.atomic
def public_minuta_store(*, session_id: int, marks: Marks) -> PublicMinutaDocument:
    """Render the versión pública of the session's approved minuta and store it with its
    SHA-256, once per revision and set of withheld parts (the caller checked it is public)."""
    session = Session.objects.select_for_update().get(pk=session_id)
    if session.minuta_status != Session.MinutaStatus.APPROVED:
        raise ValidationError(_("Only an approved minuta has a public version."))
    existing = PublicMinutaDocument.objects.filter(
        session=session, revision=session.revision, variant=marks.fingerprint).first()
    if existing is not None:
        return existing
    data = render_minuta_pdf(session, marks=marks)
    document = PublicMinutaDocument(
        session=session, revision=session.revision, variant=marks.fingerprint,
        sha256=hashlib.sha256(data).hexdigest(), size=len(data),
    )
    document.file.save(document.filename, ContentFile(data), save=False)
    name, storage = document.file.name, document.file.storage
    try:
        document.save()
    except Exception:
        storage.delete(name)
        raise
    logger.info("Stored %s (%s bytes, sha256 %s)", document, document.size, document.sha256)
    return document
