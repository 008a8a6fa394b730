"""Helpers shared by the workspace views: service errors onto forms, htmx-or-redirect replies."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse

from tracker import access
from meetings.drafting import ensure_minuta_draft


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the matching fields (else on top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def editable_session(request, session_id):
    """The session for a write: 404 outside the user's groups, and a draft minuta only."""
    session = access.access_session(request.user, session_id, write=True)
    return session


def draft_error(session) -> str | None:
    try:
        ensure_minuta_draft(session)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


def back_to_editor(session, anchor=""):
    return redirect(reverse("workspace:session", args=[session.pk]) + (f"#{anchor}" if anchor else ""))
