"""Private files that have no page of their own: a session's photos (the editor's thumbnails)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from meetings.models import SessionPhoto

from .access import access_session
from .private_files import private_file_response


@login_required
@require_GET
def session_photo(request, photo_id):
    """A photo is read by whoever may read its session (404 otherwise, as for the session)."""
    photo = get_object_or_404(SessionPhoto.objects.only("session_id", "image"), pk=photo_id)
    access_session(request.user, photo.session_id)
    return private_file_response(photo.image)


@login_required
@require_GET
def session_document(request, document_id):
    """A session's document (presentation, annex), checked against its SHA-256 before it leaves:
    an altered or missing file is refused and logged (documents.integrity)."""
    from documents.integrity import StoredFileError, verified_file_response

    from .access import access_session_document

    document = access_session_document(request.user, document_id)
    try:
        return verified_file_response(document, actor=request.user, request=request,
                                      content_type=document.content_type,
                                      filename=document.original_name, as_attachment=True)
    except StoredFileError as exc:
        from django.http import HttpResponse

        return HttpResponse(str(exc.message), status=exc.status,
                            content_type="text/plain; charset=utf-8")
