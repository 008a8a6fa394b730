"""The minuta's workflow: send to review, approve (Visto Bueno), return with comments, open a
correction after approval. Plain POSTs that come back to the whole page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tracker import access
from meetings.completeness import UnacceptedWarnings, minuta_send_to_review
from meetings.services import (
    minuta_approve_by,
    minuta_open_revision,
    minuta_return,
)

from ..forms import ReasonForm, ReturnForm
from .common import apply_errors, back_to_editor
from .editor import respond


@login_required
@require_POST
def submit(request, session_id):
    session = access.access_session(request.user, session_id, write=True)
    try:
        minuta_send_to_review(session=session, user=request.user,
                              accept_warnings=request.POST.get("accept_warnings") == "1")
    except UnacceptedWarnings:
        return respond(request, session, "workflow", errors={"workflow_confirm": True})
    except ValidationError as exc:
        return respond(request, session, "workflow", errors={"workflow": exc.messages})
    messages.success(request, _("The minuta was sent to review."))
    return back_to_editor(session)


@login_required
@require_POST
def approve(request, session_id):
    session = access.access_session_for_approval(request.user, session_id)
    try:
        minuta_approve_by(session=session, user=request.user)
    except ValidationError as exc:
        return respond(request, session, "workflow", errors={"workflow": exc.messages})
    messages.success(request, _("The minuta is approved (visto bueno) and locked."))
    return back_to_editor(session)


@login_required
@require_POST
def return_(request, session_id):
    session = access.access_session_for_approval(request.user, session_id)
    form = ReturnForm(request.POST, prefix="ret")
    if form.is_valid():
        try:
            minuta_return(session=session, user=request.user,
                          comments=form.cleaned_data["comments"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The minuta went back to draft with your comments."))
            return back_to_editor(session)
    return respond(request, session, "workflow", bound={"return": form})


@login_required
@require_POST
def reopen(request, session_id):
    session = access.access_session(request.user, session_id, write=True)
    form = ReasonForm(request.POST, prefix="rev")
    if form.is_valid():
        try:
            minuta_open_revision(session=session, user=request.user,
                                 reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Revision %(number)s is open as a draft.")
                             % {"number": session.revision + 1})
            return back_to_editor(session)
    return respond(request, session, "workflow", bound={"reason": form})
