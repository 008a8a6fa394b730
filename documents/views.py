"""Downloads of the minuta. Who may see a session is decided by tracker.access only."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.services import Action, audit_record

from tracker.access import access_session
from meetings.models import Session

from .docx import render_minuta_docx
from .integrity import StoredFileError, open_verified
from .models import MinutaDocument
from .render import render_minuta_pdf
from .selectors import minuta_document_current
from .services import minuta_store_approved

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _base_name(session: Session) -> str:
    return f"minuta-{session.group.acronym}-{session.number}{session.type}".replace(" ", "-")


def stored_file_error(request, exc: StoredFileError) -> HttpResponse:
    """A stored file that is missing or altered: a page that says so, never its bytes."""
    return render(request, "documents/stored_file_error.html",
                  {"message": exc.message, "kind": exc.kind}, status=exc.status)


def _stored_response(request, document: MinutaDocument) -> HttpResponse:
    try:
        handle = open_verified(document, actor=request.user, request=request)
    except StoredFileError as exc:
        return stored_file_error(request, exc)
    audit_record(action=Action.DOWNLOAD, actor=request.user, obj=document, request=request,
                 detail=document.filename)
    response = FileResponse(
        handle,
        as_attachment=False,
        filename=document.filename.replace(" ", "-"),
        content_type=PDF if document.format == MinutaDocument.Format.PDF else DOCX,
    )
    response["ETag"] = f'"{document.sha256}"'
    response["X-Content-SHA256"] = document.sha256
    return response


@login_required
@require_GET
def minuta_pdf(request, session_id):
    """Approved: the stored file of the current revision (stored now if the task has not run yet).
    Otherwise a preview rendered on demand, with the BORRADOR watermark."""
    session = access_session(request.user, session_id)
    if session.minuta_status == Session.MinutaStatus.APPROVED:
        document = minuta_document_current(session) or minuta_store_approved(session_id=session.pk)
        return _stored_response(request, document)
    audit_record(action=Action.DOWNLOAD, actor=request.user, obj=session, request=request,
                 detail=f"{_base_name(session)}-borrador.pdf")
    response = HttpResponse(render_minuta_pdf(session), content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{_base_name(session)}-borrador.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def minuta_docx(request, session_id):
    """The same content as an editable Word file, always rendered on demand."""
    session = access_session(request.user, session_id)
    response = HttpResponse(render_minuta_docx(session), content_type=DOCX)
    suffix = "" if session.minuta_status == Session.MinutaStatus.APPROVED else "-borrador"
    audit_record(action=Action.DOWNLOAD, actor=request.user, obj=session, request=request,
                 detail=f"{_base_name(session)}{suffix}.docx")
    response["Content-Disposition"] = f'attachment; filename="{_base_name(session)}{suffix}.docx"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def minuta_file(request, document_id):
    """One stored revision, byte for byte; older revisions stay downloadable."""
    document = MinutaDocument.objects.filter(pk=document_id).select_related(
        "session", "session__group"
    ).first()
    if document is None:
        raise Http404
    # Stored files are approved revisions: members read them even during a correction.
    access_session(request.user, document.session_id, approved_record=True)
    return _stored_response(request, document)
