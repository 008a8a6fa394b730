"""Background work of the importer, queued with transaction.on_commit."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from documents.services import minuta_store_approved


@shared_task(
    name="imports.store_imported_minuta",
    autoretry_for=(OperationalError, InterfaceError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def store_imported_minuta(session_id: int) -> int:
    """Render and store the PDF of a minuta imported as approved history. Unlike an approval in
    the editor, nobody is e-mailed: the session happened long ago."""
    return minuta_store_approved(session_id=session_id).pk
