"""Background work for documents. Queued with transaction.on_commit by the services that need it."""

import logging

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError

from notifications.services.messages import notify_minuta_approved

from .integrity import stored_files_verify
from .services import minuta_store_approved

logger = logging.getLogger(__name__)


@shared_task(
    name="documents.render_approved_minuta",
    autoretry_for=(OperationalError, InterfaceError, OSError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def render_approved_minuta(session_id: int) -> int | None:
    """Render and store the PDF/A of an approved minuta, then send it to the participants;
    returns the MinutaDocument id. Both steps are idempotent, so a retry repeats nothing."""
    try:
        document = minuta_store_approved(session_id=session_id)
    except ValidationError:
        # Re-opened before the worker got to it: nothing to store, and retrying will not help.
        logger.warning("Session %s is no longer approved; minuta not stored.", session_id)
        return None
    with document.file.open("rb") as fh:
        notify_minuta_approved(session_id=session_id, pdf=(document.filename, fh.read()))
    return document.pk


@shared_task(
    name="documents.verify_stored_files",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
)
def verify_stored_files() -> int:
    """Nightly (tracker/schedules.py): check every stored file against its SHA-256; problems go to
    the audit log (staff page /audit/) and the error log. Returns how many problems were found."""
    return len(stored_files_verify().problems)
