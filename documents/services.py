"""Writes for documents: keep the exact file of an approved minuta."""

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from meetings.models import Session

from .models import MinutaDocument
from .render import render_minuta_pdf

logger = logging.getLogger(__name__)


@transaction.atomic
def minuta_store_approved(*, session_id: int) -> MinutaDocument:
    """Render the approved minuta of the session's current revision as PDF/A and store it with its
    SHA-256. Idempotent: when that revision is already stored, the stored row is returned and
    nothing is rendered again."""
    # The session row lock serialises two workers (or a worker and a download) storing the same
    # revision: the second one waits, then finds the first one's row.
    session = Session.objects.select_for_update().get(pk=session_id)
    if session.minuta_status != Session.MinutaStatus.APPROVED:
        raise ValidationError(_("Only an approved minuta is stored as a file."))
    existing = MinutaDocument.objects.filter(
        session=session, revision=session.revision, format=MinutaDocument.Format.PDF
    ).first()
    if existing is not None:
        return existing
    data = render_minuta_pdf(session)
    document = MinutaDocument(
        session=session,
        revision=session.revision,
        format=MinutaDocument.Format.PDF,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
    document.file.save(document.filename, ContentFile(data), save=False)
    # Should the row not commit, do not leave the file behind.
    name, storage = document.file.name, document.file.storage
    try:
        document.save()
    except Exception:
        storage.delete(name)
        raise
    logger.info("Stored %s (%s bytes, sha256 %s)", document, document.size, document.sha256)
    return document
