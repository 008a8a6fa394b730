"""The session editor's documents section: attach a presentation or annex (optionally fulfilling
an open acuerdo of the session), remove one attached by mistake."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from meetings import attachments
from meetings.models import SessionDocument

from .. import selectors
from ..forms import SessionDocumentForm
from .editor import _act, _form_save, _write


@login_required
@require_POST
def document_add(request, session_id):
    session = _write(request, session_id)
    choices = selectors.document_acuerdo_choices(session)
    form = SessionDocumentForm(request.POST, request.FILES, prefix="doc", acuerdo_choices=choices)

    def write(data):
        fulfils = (session.acuerdos.get(pk=data["fulfils"]) if data["fulfils"] else None)
        attachments.session_document_attach(session=session, upload=data["file"],
                                            title=data["title"], fulfils=fulfils,
                                            actor=request.user)

    return _form_save(request, session, "documents", form, "document_new", write)


@login_required
@require_POST
def document_remove(request, session_id, document_id):
    session = _write(request, session_id)
    document = get_object_or_404(SessionDocument, pk=document_id, session=session)
    return _act(request, session, "documents",
                lambda: attachments.session_document_remove(document=document,
                                                            actor=request.user))
