"""Pages: an enlace confirms attendance; the secretariat sends the convocatoria, reminds and
pre-fills (buttons in the session editor's Convocatoria panel)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import Person
from tracker import access

from . import services
from .models import Confirmation, ConfirmedAttendee


def _back(session):
    return redirect(reverse("workspace:session", args=[session.pk]) + "#convocatoria")


def _act(request, session, write, done: str):
    try:
        result = write()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"n": result} if "%(n)" in done else done)
    return _back(session)


@login_required
@require_POST
def send(request, session_id):
    session = access.access_session(request.user, session_id, write=True)
    return _act(request, session,
                lambda: services.convocatoria_send(session=session, actor=request.user),
                _("Convocatoria sent to the member institutions and the participants."))


@login_required
@require_POST
def remind(request, session_id):
    session = access.access_session(request.user, session_id, write=True)
    return _act(request, session,
                lambda: services.rsvp_reminders_send(session=session, actor=request.user),
                _("Reminder sent: %(n)s message(s)."))


@login_required
@require_POST
def prefill(request, session_id):
    session = access.access_session(request.user, session_id, write=True)
    return _act(request, session,
                lambda: services.participants_prefill(session=session, actor=request.user),
                _("%(n)s confirmed person(s) added to the participants."))


@login_required
def confirm(request, session_id):
    session, institution = access.access_confirmation(request.user, session_id)
    people = list(Person.objects.filter(institution=institution).order_by("name"))
    current = Confirmation.objects.filter(session=session, institution=institution).first()
    roles = {a.person_id: a.role for a in current.attendees.all()} if current else {}
    data, errors, status = None, [], 200
    if request.method == "POST":
        data = request.POST
        by_pk = {p.pk: p for p in people}
        attendees = [(by_pk[pk], data.get(f"role-{pk}")) for pk in by_pk
                     if data.get(f"role-{pk}")]
        new_person = {k: data.get(f"new-{k}", "") for k in ("name", "cargo", "email", "role")}
        try:
            services.confirmation_save(
                session=session, institution=institution, actor=request.user,
                answer=data.get("answer", ""), attendees=attendees, new_person=new_person,
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            errors, status = exc.messages, 422
        else:
            messages.success(request, _("Thank you: your answer was saved."))
            return redirect("convocatorias:confirm", session_id=session.pk)
        roles = {p.pk: r for p, r in attendees}
    return render(request, "convocatorias/confirm.html", {
        "session": session, "group": session.group, "institution": institution,
        "rows": [(p, roles.get(p.pk, "")) for p in people], "current": current,
        "answer": (data.get("answer") if data else (current.answer if current else "")),
        "new": {k: (data or {}).get(f"new-{k}", "") for k in ("name", "cargo", "email")},
        "errors": errors, "roles": ConfirmedAttendee.Role.choices,
        "answers": Confirmation.Answer.choices,
    }, status=status)
