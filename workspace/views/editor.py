"""The session editor: one page, each section re-rendered in place by htmx after a save.

Every write goes through a service; its ValidationError lands next to the field it names. Without
JavaScript the same forms post normally and the page comes back whole."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from agreements import services as acuerdo_services
from agreements.models import Acuerdo
from directory.models import Person
from directory.services import person_create
from meetings import drafting
from meetings.completeness import minuta_completeness
from tracker import access
from meetings.models import AgendaItem, Attendance, SessionPhoto
from meetings.services import agenda_item_add, attendance_add
from workplan import selectors as plan_selectors
from workplan import services as plan_services

from .. import selectors
from ..concurrency import StaleWrite, token
from ..forms import (
    ReasonForm,
    ReturnForm,
    ALL,
    AcuerdoEditForm,
    AcuerdoForm,
    AgendaItemForm,
    HeaderForm,
    InstitutionsForm,
    NarrativeForm,
    AttendanceInfoForm,
    PersonCreateForm,
    PersonSearchForm,
    PhotoCaptionForm,
    PhotoForm,
    SessionDocumentForm,
)
from .common import apply_errors, back_to_editor, draft_error, is_htmx

def _agenda_initial(item):
    return {
        "start_time": item.start_time, "end_time": item.end_time, "activity": item.activity,
        "presenters": [str(p.attendance_id) for p in item.presenters.all()
                       if p.attendance_id and not p.text],
        "presenters_text": "\n".join(p.text for p in item.presenters.all() if p.text),
    }


def _acuerdo_institution_choices(member_choices, parts):
    """The group's members, plus any institution the acuerdo names that is not one of them (so a
    save does not drop it silently)."""
    known = {pk for pk, _label in member_choices}
    extra = sorted({(str(p.institution_id), p.institution.acronym) for p in parts
                    if str(p.institution_id) not in known}, key=lambda c: c[1])
    return list(member_choices) + extra


def editor_context(request, session, bound=None, errors=None):
    """Everything the editor shows; `bound` replaces a form by one with the user's input and
    errors, `errors` adds messages on top of a section."""
    bound = bound or {}
    data = selectors.session_editor(session)
    can_edit = access.can_edit_group(request.user, session.group)
    editable = can_edit and session.minuta_status == session.MinutaStatus.DRAFT
    participant_choices = [(str(a.pk), f"{a.name} ({a.institution.acronym})")
                           for a in data["attendances"]]
    institution_choices = [(str(i.pk), i.acronym) for i in data["institutions"]]
    present, absent = selectors.participant_groups(data["attendances"])
    for item in data["items"]:
        item.form = bound.get(("agenda", item.pk)) or AgendaItemForm(
            instance=item, initial=_agenda_initial(item), prefix=f"a{item.pk}",
            participant_choices=participant_choices)
        item.narrative_form = bound.get(("narrative", item.pk)) or NarrativeForm(
            instance=item, initial={"narrative": item.narrative}, prefix=f"n{item.pk}")
    for acuerdo in data["acuerdos"]:
        acuerdo.form = bound.get(("acuerdo", acuerdo.pk)) or AcuerdoEditForm(
            instance=acuerdo, initial={"text": acuerdo.text, "due_date": acuerdo.due_date,
                                       "kind": acuerdo.kind},
            prefix=f"c{acuerdo.pk}")
        parts = list(acuerdo.responsibilities.all())
        acuerdo.responsables = [r.institution for r in parts if r.role == "responsable"]
        acuerdo.coadyuvantes = [r.institution for r in parts if r.role == "coadyuvante"]
        if editable:
            acuerdo.institutions_form = bound.get(("institutions", acuerdo.pk)) or InstitutionsForm(
                prefix=f"i{acuerdo.pk}",
                institution_choices=_acuerdo_institution_choices(institution_choices, parts),
                initial={
                    "responsables": [ALL] if acuerdo.all_institutions else [
                        str(i.pk) for i in acuerdo.responsables],
                    "coadyuvantes": [str(i.pk) for i in acuerdo.coadyuvantes],
                })
    for photo in data["photos"]:
        photo.form = bound.get(("photo", photo.pk)) or PhotoCaptionForm(
            instance=photo, initial={"caption": photo.caption}, prefix=f"p{photo.pk}")
    # The completeness check (no queries): the workflow panel shows it to a draft's editors, the
    # section index to everybody.
    check = minuta_completeness(session=session, attendances=data["attendances"],
                                items=data["items"], acuerdos=data["acuerdos"])
    if editable:
        data["check"] = check
    data["section_index"] = selectors.section_index(
        session, data, check if session.minuta_status == session.MinutaStatus.DRAFT else None)
    data.update(
        session=session,
        group=session.group,
        can_edit=can_edit,
        editable=editable,
        # Deleting renumbers the others: only before the numbers are published by an approval.
        can_delete_acuerdos=editable and session.revision == 1,
        can_approve=access.can_approve_minuta(request.user, session.group),
        # Only asked while in review (the approve button); usually no query: access cached
        # the user's directory entry.
        can_sign_off=session.minuta_status == session.MinutaStatus.IN_REVIEW
        and access.can_sign_off(request.user),
        # The service refuses the drafter's own visto bueno: do not offer it.
        is_drafter=session.minuta_status == session.MinutaStatus.IN_REVIEW
        and session.drafted_by_id is not None
        and session.drafted_by.user_id == request.user.pk,
        present=present,
        absent=absent,
        header_form=bound.get("header") or HeaderForm.for_session(session),
        search_form=PersonSearchForm(),
        person_form=bound.get("person") or PersonCreateForm(prefix="person",
                                                           initial={"institution": None}),
        agenda_form=bound.get("agenda_new") or AgendaItemForm(
            prefix="new", participant_choices=participant_choices),
        acuerdo_form=bound.get("acuerdo_new") or AcuerdoForm(
            prefix="acuerdo", institution_choices=institution_choices,
            actividad_choices=data["actividad_choices"]),
        photo_form=bound.get("photo_new") or PhotoForm(prefix="photo"),
        document_form=bound.get("document_new") or _document_form(session, can_edit),
        reason_form=bound.get("reason") or ReasonForm(prefix="rev"),
        return_form=bound.get("return") or ReturnForm(prefix="ret"),
        errors=errors or {},
        institution_choices=institution_choices,
    )
    return data


def _document_form(session, can_edit):
    choices = selectors.document_acuerdo_choices(session) if can_edit else ()
    return SessionDocumentForm(prefix="doc", acuerdo_choices=choices)


def respond(request, session, section, bound=None, errors=None, status=200, saved=False):
    """htmx: the section alone (plus out-of-band sections it affects); otherwise the whole page
    when there are errors to show, or a redirect back to the section.

    A write refused because the minuta stopped being a draft (another tab sent it to review or
    approved it) answers 409 with the reason as text: re-rendering the section would show it
    read-only and the user's input would vanish; workspace.js shows the reason next to the form
    and leaves the input where it is."""
    if not is_htmx(request):
        if bound or errors:
            return render(request, "workspace/session.html",
                          editor_context(request, session, bound, errors), status=422)
        return back_to_editor(session, section)
    session.refresh_from_db()
    # Documents are attached after approval too (the presentation sent later): not a draft write.
    if (bound or errors) and session.minuta_status != session.MinutaStatus.DRAFT \
            and section != "documents":
        return HttpResponse(draft_error(session), status=409, content_type="text/plain; charset=utf-8")
    if saved:
        errors = {f"{section}_saved": True}
    context = editor_context(request, session, bound, errors)
    context["oob"] = {"agenda": ("narrative",), "participants": ("agenda",),
                      "followup": ("agenda", "narrative")}.get(section, ())
    if section == "followup":
        section, context["oob"] = "agenda", ("narrative",)
    response = render(request, f"workspace/partials/{section}.html", context, status=status)
    # The section index's completeness changes with every save: swapped out of band.
    response.write(render_to_string("workspace/partials/toc.html", {**context, "oob_swap": True},
                                    request=request))
    return response


def _form_save(request, session, section, form, key, write, *, saved=False):
    """The editor's one shape: a valid form goes to `write(cleaned_data)` (a service call); the
    service's ValidationError lands on the form, which comes back with the user's input under
    `key` in the section."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except StaleWrite as exc:  # saved meanwhile by someone else: show theirs, keep ours
            form.refuse_stale(exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return respond(request, session, section, saved=saved)
    return respond(request, session, section, bound={key: form})


def _act(request, session, section, write, *, errors_key=None):
    """A button without a form (move, remove, add): the service's refusal goes on top of the
    section."""
    try:
        write()
    except ValidationError as exc:
        return respond(request, session, section,
                       errors={errors_key or section: exc.messages})
    return respond(request, session, section)


def _write(request, session_id):
    return access.access_session(request.user, session_id, write=True)


@login_required
def session(request, session_id):
    session = access.access_session(request.user, session_id)
    return render(request, "workspace/session.html", editor_context(request, session))


# --- header -----------------------------------------------------------------------------------


@login_required
@require_POST
def header_save(request, session_id):
    session = _write(request, session_id)
    form = HeaderForm.for_session(session, request.POST)

    def write(data):
        changes = {name: data[name] for name in form.versioned_fields}
        drafting.session_update(session=session, actor=request.user, **changes)

    return _form_save(request, session, "header", form, "header", write, saved=True)


# --- participants -----------------------------------------------------------------------------


@login_required
@require_GET
def people_search(request, session_id):
    session = _write(request, session_id)
    form = PersonSearchForm(request.GET)
    people = []
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if len(query) >= 2:
        people = list(
            Person.objects.filter(
                # Accent- and case-insensitive (tracker/search.py): "jose perez" finds "José Pérez".
                Q(name__search_contains=query) | Q(cargo__search_contains=query)
                | Q(institution__acronym__search_contains=query)
                | Q(institution__name__search_contains=query)
            )
            .exclude(attendances__session=session)
            .select_related("institution").order_by("name")[:15]
        )
    return render(request, "workspace/partials/search_results.html",
                  {"session": session, "people": people, "query": query,
                   "info_form": AttendanceInfoForm(auto_id=False)})


@login_required
@require_POST
def participant_add(request, session_id):
    session = _write(request, session_id)
    person = get_object_or_404(Person, pk=request.POST.get("person") or 0)
    return _act(request, session, "participants",
                lambda: attendance_add(session=session, person=person, actor=request.user,
                                       **AttendanceInfoForm(request.POST).attendance_fields()))


@login_required
@require_POST
def person_create_view(request, session_id):
    session = _write(request, session_id)
    form = PersonCreateForm(request.POST, prefix="person")

    def write(data):
        person = person_create(**form.person_fields())
        attendance_add(session=session, person=person, actor=request.user,
                       **form.attendance_fields())

    return _form_save(request, session, "participants", form, "person", write)


def _attendance(session, attendance_id):
    return get_object_or_404(Attendance, pk=attendance_id, session=session)


@login_required
@require_POST
def participant_update(request, session_id, attendance_id):
    session = _write(request, session_id)
    attendance = _attendance(session, attendance_id)
    action = request.POST.get("action", "")

    def write():
        if action in ("present", "absent"):
            drafting.attendance_set_present(attendance=attendance, present=action == "present",
                                            actor=request.user)
        elif action in ("up", "down"):
            drafting.attendance_move(attendance=attendance, direction=action, actor=request.user)
        elif action == "remove":
            drafting.attendance_remove(attendance=attendance, actor=request.user)

    return _act(request, session, "participants", write)


# --- agenda and narrative ---------------------------------------------------------------------


def _presenters(session, form):
    by_id = {str(a.pk): a for a in session.attendances.all()}
    chosen = [by_id[pk] for pk in form.cleaned_data["presenters"] if pk in by_id]
    typed = [line.strip() for line in form.cleaned_data["presenters_text"].splitlines()
             if line.strip()]
    return chosen + typed


def _participant_choices(session):
    return [(str(a.pk), a.name) for a in session.attendances.all()]


@login_required
@require_POST
def agenda_add(request, session_id):
    session = _write(request, session_id)
    form = AgendaItemForm(request.POST, prefix="new",
                          participant_choices=_participant_choices(session))

    def write(data):
        agenda_item_add(session=session, start_time=data["start_time"],
                        end_time=data["end_time"], activity=data["activity"],
                        presenters=_presenters(session, form), actor=request.user)

    return _form_save(request, session, "agenda", form, "agenda_new", write)


@login_required
@require_POST
def agenda_update(request, session_id, item_id):
    session = _write(request, session_id)
    item = get_object_or_404(AgendaItem, pk=item_id, session=session)
    action = request.POST.get("action", "save")
    if action == "remove":
        return _act(request, session, "agenda",
                    lambda: drafting.agenda_item_remove(item=item, actor=request.user))
    if action in ("up", "down"):
        return _act(request, session, "agenda", lambda: drafting.agenda_item_move(
            item=item, direction=action, actor=request.user))
    form = AgendaItemForm(request.POST, instance=item, prefix=f"a{item.pk}",
                          participant_choices=_participant_choices(session))

    def write(data):
        drafting.agenda_item_update(item=item, start_time=data["start_time"],
                                    end_time=data["end_time"], activity=data["activity"],
                                    presenters=_presenters(session, form), actor=request.user)

    return _form_save(request, session, "agenda", form, ("agenda", item.pk), write)


@login_required
@require_POST
def followup_add(request, session_id):
    session = _write(request, session_id)
    return _act(request, session, "followup",
                lambda: drafting.agenda_followup_add(session=session, actor=request.user),
                errors_key="agenda")


@login_required
@require_POST
def narrative_save(request, session_id, item_id):
    """Autosave. The reply goes into the status line under the text box only: the text the user
    typed stays in the page whatever happens, and a failed save says so there."""
    session = _write(request, session_id)
    item = get_object_or_404(AgendaItem, pk=item_id, session=session)
    form = NarrativeForm(request.POST, instance=item, prefix=f"n{item.pk}")
    saved = False
    if form.is_valid():
        try:
            item = drafting.agenda_narrative_save(
                item=item, narrative=form.cleaned_data["narrative"],
                version=form.sent_token("narrative"), actor=request.user)
        except StaleWrite as exc:
            form.refuse_stale(exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            saved = True
            form.tokens["narrative"] = token(item.narrative)
    if not is_htmx(request):
        return respond(request, session, "narrative",
                       bound=None if saved else {("narrative", item.pk): form})
    return render(request, "workspace/partials/narrative_status.html", {
        "item": item, "form": form, "saved": saved, "now": timezone.localtime()})


# --- acuerdos ---------------------------------------------------------------------------------


def _member_institutions(session) -> dict:
    return {str(i.pk): i
            for i in session.group.member_institutions(on=session.date).order_by("acronym")}


@login_required
@require_POST
def acuerdo_add(request, session_id):
    session = _write(request, session_id)
    institutions = _member_institutions(session)
    actividades = plan_selectors.open_actividades(group=session.group)
    form = AcuerdoForm(request.POST, prefix="acuerdo",
                       institution_choices=[(pk, i.acronym) for pk, i in institutions.items()],
                       actividad_choices=plan_selectors.as_choices(actividades))

    @transaction.atomic
    def write(data):
        chosen = data["responsables"]
        drafting.ensure_minuta_draft(session)
        acuerdo = acuerdo_services.acuerdo_create(
            session=session, text=data["text"], due_date=data["due_date"],
            all_institutions=ALL in chosen,
            responsables=[institutions[pk] for pk in chosen if pk != ALL],
            coadyuvantes=[institutions[pk] for pk in data["coadyuvantes"]],
            kind=data["kind"] or Acuerdo.Kind.COMMITMENT, actor=request.user)
        if data["actividades"]:
            plan_services.acuerdo_set_actividades(
                acuerdo=acuerdo, actividades=[a for a in actividades
                                              if str(a.pk) in data["actividades"]],
                actor=request.user)

    return _form_save(request, session, "acuerdos", form, "acuerdo_new", write)


@login_required
@require_POST
def acuerdo_update(request, session_id, acuerdo_id):
    session = _write(request, session_id)
    acuerdo = get_object_or_404(Acuerdo, pk=acuerdo_id, session=session)
    action = request.POST.get("action", "save")
    if action in ("up", "down"):
        def move():
            drafting.ensure_minuta_draft(session)
            acuerdo_services.acuerdo_move(acuerdo=acuerdo, direction=action, actor=request.user)
        return _act(request, session, "acuerdos", move)
    form = AcuerdoEditForm(request.POST, instance=acuerdo, prefix=f"c{acuerdo.pk}")

    def write(data):
        drafting.ensure_minuta_draft(session)
        acuerdo_services.acuerdo_change_text(acuerdo=acuerdo, text=data["text"],
                                             version=form.sent_token("text"),
                                             actor=request.user)
        acuerdo_services.acuerdo_change_kind(acuerdo=acuerdo, kind=data["kind"] or acuerdo.kind,
                                             actor=request.user)
        if data["due_date"] != acuerdo.due_date:
            acuerdo_services.acuerdo_change_due_date(
                acuerdo=acuerdo, due_date=data["due_date"], reason=data["reason"],
                actor=request.user)

    return _form_save(request, session, "acuerdos", form, ("acuerdo", acuerdo.pk), write)


@login_required
@require_POST
def acuerdo_institutions(request, session_id, acuerdo_id):
    """Change the responsables and coadyuvantes of an acuerdo of a draft minuta."""
    session = _write(request, session_id)
    acuerdo = get_object_or_404(Acuerdo, pk=acuerdo_id, session=session)
    institutions = _member_institutions(session)
    for part in acuerdo.responsibilities.select_related("institution"):
        institutions.setdefault(str(part.institution_id), part.institution)
    form = InstitutionsForm(request.POST, prefix=f"i{acuerdo.pk}",
                            institution_choices=[(pk, i.acronym) for pk, i in institutions.items()])

    def write(data):
        chosen = data["responsables"]
        drafting.ensure_minuta_draft(session)
        acuerdo_services.acuerdo_change_responsibilities(
            acuerdo=acuerdo, all_institutions=ALL in chosen,
            responsables=[institutions[pk] for pk in chosen if pk != ALL],
            coadyuvantes=[institutions[pk] for pk in data["coadyuvantes"]],
            actor=request.user)

    return _form_save(request, session, "acuerdos", form, ("institutions", acuerdo.pk), write)


@login_required
@require_POST
def acuerdo_delete(request, session_id, acuerdo_id):
    """Delete an acuerdo of a draft minuta never approved; the others are renumbered."""
    session = _write(request, session_id)
    acuerdo = get_object_or_404(Acuerdo, pk=acuerdo_id, session=session)
    return _act(request, session, "acuerdos",
                lambda: acuerdo_services.acuerdo_delete(acuerdo=acuerdo, actor=request.user))


# --- photos -----------------------------------------------------------------------------------


@login_required
@require_POST
def photo_add(request, session_id):
    session = _write(request, session_id)
    form = PhotoForm(request.POST, request.FILES, prefix="photo")
    upload = request.FILES.get("photo-image")
    if upload is not None:
        # Our own check first: it names the allowed types and the size limit.
        try:
            drafting.validate_photo(upload)
        except ValidationError as exc:
            form.is_valid()
            form.errors.pop("image", None)
            apply_errors(form, exc)
            return respond(request, session, "photos", bound={"photo_new": form})

    def write(data):
        drafting.photo_add(session=session, image=data["image"], caption=data["caption"],
                           actor=request.user)

    return _form_save(request, session, "photos", form, "photo_new", write)


@login_required
@require_POST
def photo_update(request, session_id, photo_id):
    session = _write(request, session_id)
    photo = get_object_or_404(SessionPhoto, pk=photo_id, session=session)
    action = request.POST.get("action", "save")
    if action in ("up", "down"):
        return _act(request, session, "photos", lambda: drafting.photo_move(
            photo=photo, direction=action, actor=request.user))
    if action == "remove":
        return _act(request, session, "photos",
                    lambda: drafting.photo_remove(photo=photo, actor=request.user))
    form = PhotoCaptionForm(request.POST, instance=photo, prefix=f"p{photo.pk}")
    return _form_save(request, session, "photos", form, ("photo", photo.pk),
                      lambda data: drafting.photo_update(photo=photo, caption=data["caption"],
                                                         actor=request.user))
