"""Writes of the importer: a Word minuta uploaded for review, then imported in one transaction
through the same services the session editor uses (so history rows and numbers are the usual
ones), or discarded."""

import hashlib
import io
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from agreements.services import acuerdo_create
from directory.models import Institution, Person
from directory.services import person_create
from meetings.drafting import photo_add, record_event
from meetings.models import Attendance, Membership, MinutaEvent, Session
from meetings.services import agenda_item_add, attendance_add, session_plan

from .docx_reader import UnreadableFile, read_blocks
from .layout import ParsedMinuta, parse_blocks
from .models import InstitutionAlias, MinutaImport
from .plan import NEW, ImportPlan, build_plan
from .spanish import fold
from .tasks import store_imported_minuta


def parse_minuta_file(data: bytes) -> ParsedMinuta:
    """The minuta a Word file holds; UnreadableFile when it holds none."""
    parsed = parse_blocks(read_blocks(data))
    if not parsed.looks_like_a_minuta:
        raise UnreadableFile(_("No minuta was found in this document: it has no list of "
                               "participants, agenda or acuerdos in the official layout."))
    return parsed


def _duplicate(sha256: str) -> MinutaImport | None:
    return MinutaImport.objects.filter(sha256=sha256, status=MinutaImport.Status.IMPORTED) \
        .select_related("session").first()


def duplicate_message(first: MinutaImport) -> str:
    return _("This file was already imported on %(date)s as session %(session)s.") % {
        "date": timezone.localtime(first.imported_at).strftime("%d/%m/%Y"),
        "session": first.session or "—"}


@transaction.atomic
def minuta_import_upload(*, group, data: bytes, filename: str, actor) -> MinutaImport:
    """Keep an uploaded minuta for review. Refuses what is not a minuta, and a file already
    imported (ValidationError with the message; nothing is stored)."""
    try:
        parse_minuta_file(data)
    except UnreadableFile as exc:
        raise ValidationError(str(exc)) from None
    sha256 = hashlib.sha256(data).hexdigest()
    first = _duplicate(sha256)
    if first is not None:
        raise ValidationError(duplicate_message(first), code="duplicate",
                              params={"session_id": first.session_id})
    draft = MinutaImport(group=group, uploaded_by=actor, filename=filename[:255], sha256=sha256,
                         size=len(data))
    draft.file.save(filename or "minuta.docx", ContentFile(data), save=False)
    draft.save()
    return draft


def minuta_import_plan(*, draft: MinutaImport, decisions: dict | None = None) -> ImportPlan:
    with draft.file.open("rb") as fh:
        parsed = parse_minuta_file(fh.read())
    return build_plan(parsed, group=draft.group, decisions=decisions)


@transaction.atomic
def minuta_import_discard(*, draft: MinutaImport) -> None:
    MinutaImport.objects.filter(pk=draft.pk, status=MinutaImport.Status.PENDING).update(
        status=MinutaImport.Status.DISCARDED)


def _institutions(plan: ImportPlan, decisions: dict) -> dict[str, Institution]:
    found = {}
    for folded, choice in plan.institutions.items():
        value = plan.resolved[folded]
        if value == NEW:
            label = choice.label.strip()
            value = Institution.objects.create(acronym=label[:60], name=label)
        elif decisions.get(choice.key, "").isdigit() and folded not in (
                fold(value.acronym), fold(value.name)):
            # The secretary confirmed a proposal: the next import recognises the name at once.
            InstitutionAlias.objects.get_or_create(alias=folded, defaults={"institution": value})
        found[folded] = value
    return found


def _photo(data: bytes, n: int):
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
    except (UnidentifiedImageError, OSError):
        return None
    types = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
    if kind not in types:
        return None
    content_type, ext = types[kind]
    return SimpleUploadedFile(f"evidencia-{n}.{ext}", data, content_type=content_type)


@transaction.atomic
def minuta_import_commit(*, draft: MinutaImport, decisions: dict, actor,
                         as_approved: bool = True, add_members: bool = True) -> Session:
    """Create the session the minuta describes, in one transaction: header, participants (people
    created where the secretary chose "new"), agenda with presenters and narrative, acuerdos with
    their responsables and dates, photos, and — when the file names both and as_approved — the
    minuta approved with its Elaboró and Visto Bueno. The original file stays with the session."""
    draft = MinutaImport.objects.select_for_update().select_related("group").get(pk=draft.pk)
    if draft.status != MinutaImport.Status.PENDING:
        raise ValidationError(_("This upload was already imported or discarded."))
    first = _duplicate(draft.sha256)
    if first is not None:
        raise ValidationError(duplicate_message(first))
    plan = minuta_import_plan(draft=draft, decisions=decisions)
    if plan.errors:
        raise ValidationError([p.message for p in plan.errors])
    parsed, group = plan.parsed, draft.group
    institutions = _institutions(plan, decisions)

    def institution(label):
        return institutions[fold(label)]

    if add_members:
        members = set(group.member_institutions(on=parsed.date).values_list("pk", flat=True))
        for inst in {institution(p.institution).pk: institution(p.institution)
                     for p in parsed.participants}.values():
            if inst.pk not in members:
                Membership.objects.create(group=group, institution=inst, joined_on=parsed.date)

    session = session_plan(
        group=group, date=parsed.date, start_time=parsed.start_time, type=parsed.type,
        number=parsed.number, end_time=parsed.end_time, title=parsed.title[:300],
        subject=parsed.subject[:300], objective=parsed.objective, modality=parsed.modality,
        place=parsed.place[:300], state=parsed.state, video_url=parsed.video_url[:500],
        meeting_id=parsed.meeting_id[:60], passcode=parsed.passcode[:60],
        video_details=parsed.video_details,
        convoca=institution(parsed.convoca) if parsed.convoca else group.convening_institution,
        status=Session.Status.HELD,
    )
    attendances = []
    for row in plan.people:
        inst = institution(row.institution.label)
        decided = row.decision
        if decided and decided != NEW and decided.isdigit():
            person = Person.objects.get(pk=int(decided), institution=inst)
        elif row.match is not None and decided != NEW:
            person = row.match
        else:
            person = person_create(name=row.name, cargo=row.cargo, institution=inst)
        attendance = attendance_add(session=session, person=person, actor=actor)
        # The minuta reads as the file wrote it, whatever the directory says today.
        Attendance.objects.filter(pk=attendance.pk).update(name=row.name[:200],
                                                           cargo=row.cargo[:255])
        attendance.name, attendance.cargo = row.name, row.cargo
        attendances.append(attendance)
    for item, presenters in zip(parsed.agenda, plan.presenters):
        agenda_item_add(
            session=session, start_time=item.start, end_time=item.end, activity=item.activity,
            narrative=item.narrative, actor=actor,
            presenters=[(attendances[i], label[:300]) if i is not None else label[:300]
                        for i, label in presenters])
    for row in parsed.acuerdos:
        acuerdo_create(
            session=session, text=row.text, due_date=row.due, actor=actor,
            all_institutions=row.all_institutions,
            responsables=[institution(n) for n in row.responsables],
            coadyuvantes=[institution(n) for n in row.coadyuvantes])
    for n, data in enumerate(parsed.photos, start=1):
        upload = _photo(data, n)
        if upload is not None:
            photo_add(session=session, image=upload, actor=actor)
    drafted = attendances[plan.drafted_by].person if plan.drafted_by is not None else None
    approved = attendances[plan.approved_by].person if plan.approved_by is not None else None
    record_event(session, actor=actor, what=_("imported from %(file)s") % {
        "file": draft.filename}, new=draft.sha256)
    if as_approved and drafted and approved and drafted.pk != approved.pk:
        # Approved history: the file is the approved record, so nobody is asked again and nobody
        # is e-mailed; the PDF is stored as for any approved minuta.
        Session.objects.filter(pk=session.pk).update(
            minuta_status=Session.MinutaStatus.APPROVED, drafted_by=drafted,
            approved_by=approved, approved_at=timezone.now())
        session.refresh_from_db()
        record_event(session, actor=actor, kind=MinutaEvent.Kind.APPROVED,
                     note=_("Approved minuta imported from %(file)s") % {"file": draft.filename})
        transaction.on_commit(partial(store_imported_minuta.delay, session.pk))
    draft.status, draft.session, draft.imported_at = (MinutaImport.Status.IMPORTED, session,
                                                      timezone.now())
    try:
        with transaction.atomic():
            draft.save(update_fields=["status", "session", "imported_at"])
    except IntegrityError:
        raise ValidationError(_("This file was imported at the same moment by someone else."))
    return session


@transaction.atomic
def session_import(*, group, session: dict, attendance: list[dict], agenda: list[dict],
                   acuerdos: list[dict], actor) -> Session:
    """A session from another system (the API's /imports/sessions/), in one transaction, through
    the editor's services: the session (held or planned), its participants (directory people),
    its agenda with presenters (participants or text) and narrative, and its acuerdos."""
    made = session_plan(group=group, **session)
    by_person = {}
    for row in attendance:
        by_person[row["person"].pk] = attendance_add(session=made, person=row["person"],
                                                     present=row.get("present", True),
                                                     actor=actor)
    for item in agenda:
        presenters = []
        for presenter in item.get("presenters", []):
            person = presenter.get("person")
            if person is not None and person.pk not in by_person:
                raise ValidationError({"agenda": _("%(name)s presents an item but is not among "
                                                   "the participants.") % {"name": person.name}})
            attendance_row = by_person.get(person.pk) if person else None
            text = presenter.get("text", "")
            presenters.append((attendance_row, text) if attendance_row and text
                              else attendance_row or text)
        agenda_item_add(session=made, start_time=item["start_time"], end_time=item["end_time"],
                        activity=item["activity"], narrative=item.get("narrative", ""),
                        presenters=presenters, actor=actor)
    for row in acuerdos:
        acuerdo_create(session=made, text=row["text"], due_date=row.get("due_date"),
                       responsables=row.get("responsables", []),
                       coadyuvantes=row.get("coadyuvantes", []),
                       all_institutions=row.get("all_institutions", False), actor=actor)
    return made


@transaction.atomic
def acuerdos_import(*, session: Session, acuerdos: list[dict], actor) -> list:
    """Acuerdos into an existing session (the API's /imports/acuerdos/), numbered after its last
    one by the group's pattern; all of them or none."""
    return [
        acuerdo_create(session=session, text=row["text"], due_date=row.get("due_date"),
                       responsables=row.get("responsables", []),
                       coadyuvantes=row.get("coadyuvantes", []),
                       all_institutions=row.get("all_institutions", False), actor=actor)
        for row in acuerdos
    ]
