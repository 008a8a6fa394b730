"""The backlog of acuerdos a secretariat keeps in a spreadsheet (XLSX or CSV): reading it, mapping
its columns, checking every row before anything is saved, then importing it through the same
services as the session editor and the follow-up (fulfilled acuerdos become validated history)."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Acuerdo, Responsibility
from agreements.services import (
    acuerdo_cancel,
    acuerdo_create,
    responsibility_change_status,
)
from followup.services import fulfilment_record_on_behalf
from meetings.models import Session
from meetings.services import session_plan

from . import sheets
from .matching import InstitutionIndex
from .sheets import Sheet
from .sheets import as_date as _as_date
from .sheets import cell as _cell
from .spanish import fold, parse_time

# (field, heading of the template, other headings that mean the same)
FIELDS = [
    ("session_number", gettext_lazy("Session"), ("sesion", "no. sesion", "numero de sesion",
                                                 "no. de sesion", "num. sesion")),
    ("session_type", gettext_lazy("Session type (SO/SE)"), ("tipo", "tipo de sesion")),
    ("session_date", gettext_lazy("Session date"), ("fecha de la sesion", "fecha sesion",
                                                    "fecha de sesion")),
    ("session_time", gettext_lazy("Session time"), ("hora", "hora de la sesion")),
    ("number", gettext_lazy("Acuerdo number"), ("numero de acuerdo", "no.", "no", "numero",
                                                "clave", "no. de acuerdo", "acuerdo no.")),
    ("text", gettext_lazy("Acuerdo"), ("acuerdo", "texto", "texto del acuerdo", "descripcion")),
    ("responsables", gettext_lazy("Responsible"), ("responsable", "responsables",
                                                   "instancia responsable", "a cargo de")),
    ("coadyuvantes", gettext_lazy("Supporting"), ("coadyuvante", "coadyuvantes",
                                                  "instancias coadyuvantes")),
    ("due_date", gettext_lazy("Due date"), ("fecha de cumplimiento", "plazo", "fecha compromiso",
                                            "fecha limite")),
    ("status", gettext_lazy("Status"), ("estado", "estatus", "situacion", "status")),
    ("fulfilled_on", gettext_lazy("Fulfilled on"), ("fecha de cumplido", "cumplido el",
                                                    "fecha en que se cumplio", "fecha de atencion")),
]
REQUIRED = ("text", "responsables")
STATUS_WORDS = {
    "cumplido": "fulfilled", "cumplida": "fulfilled", "atendido": "fulfilled",
    "atendida": "fulfilled", "concluido": "fulfilled", "concluida": "fulfilled",
    "fulfilled": "fulfilled", "en proceso": "in_progress", "en curso": "in_progress",
    "in progress": "in_progress", "pendiente": "pending", "vencido": "pending",
    "vencida": "pending", "pending": "pending", "": "pending", "sin efecto": "cancelled",
    "cancelado": "cancelled", "cancelada": "cancelled", "cancelled": "cancelled",
}
NUMBER = re.compile(r"^\s*(\d+)\s*/\s*(SO|SE)\s*-\s*(\d+)\s*$", re.IGNORECASE)
ALL = ("todas las instituciones", "todas las instancias", "todas")
DEFAULT_TIME = dt.time(9, 0)  # a backlog rarely says when a session started


@dataclass
class Row:
    line: int
    session_number: int | None = None
    session_type: str = "SO"
    session_date: dt.date | None = None
    session_time: dt.time | None = None
    number: str = ""
    sequence: int | None = None
    text: str = ""
    responsables: list = field(default_factory=list)
    coadyuvantes: list = field(default_factory=list)
    all_institutions: bool = False
    due_date: dt.date | None = None
    status: str = "pending"
    fulfilled_on: dt.date | None = None

    @property
    def status_label(self) -> str:
        return Acuerdo.Status(self.status).label


@dataclass
class Checked:
    rows: list[Row]
    errors: list[tuple[int, str]]  # (line of the file, message)
    warnings: list[tuple[int, str]]
    sessions_new: int = 0


def template_headings() -> list[str]:
    return [str(label) for _f, label, _aliases in FIELDS]


def read_sheet(data: bytes, filename: str) -> Sheet:
    """The first sheet of an XLSX, or a CSV, with its headings matched to the backlog's fields."""
    return sheets.read_sheet(data, filename, fields=FIELDS)


def detect_mapping(headers: list[str]) -> dict[str, int]:
    return sheets.detect_mapping(headers, FIELDS)


def _names(value) -> list[str]:
    text = "" if value is None else str(value)
    return [p.strip(" .") for p in re.split(r"\s*(?:,|;|\n|\s+y\s+)\s*", text) if p.strip(" .")]


def check(sheet: Sheet, *, group, mapping: dict[str, int] | None = None) -> Checked:
    """Every row read and checked against the group and the directory; nothing is written."""
    mapping = sheet.mapping if mapping is None else mapping
    errors, warnings, rows = [], [], []
    missing = [str(label) for name, label, _a in FIELDS if name in REQUIRED and name not in
               mapping]
    if "session_number" not in mapping and "number" not in mapping:
        missing.append(str(FIELDS[0][1]))
    if missing:
        return Checked([], [(1, _("Choose the column for: %(list)s.") % {
            "list": ", ".join(missing)})], [])
    index = InstitutionIndex()
    member_ids: dict[dt.date, set[int]] = {}
    existing_numbers = set(Acuerdo.objects.filter(group=group).values_list("number", flat=True))
    sessions = {(s.type, s.number): s for s in Session.objects.filter(group=group)}
    seen_numbers, new_sessions = set(), set()
    for offset, raw in enumerate(sheet.rows, start=2):
        row = Row(line=offset)

        def get(name):
            return _cell(raw, mapping.get(name))

        row.number = str(get("number") or "").strip()
        parsed_number = NUMBER.match(row.number) if row.number else None
        number_value = get("session_number")
        if number_value not in (None, ""):
            digits = re.search(r"\d+", str(number_value))
            row.session_number = int(digits.group()) if digits else None
        elif parsed_number:
            row.session_number = int(parsed_number.group(1))
        type_value = fold(str(get("session_type") or ""))
        row.session_type = ("SE" if type_value.startswith(("se", "extra")) else "SO") \
            if type_value else (parsed_number.group(2).upper() if parsed_number else "SO")
        if parsed_number:
            row.sequence = int(parsed_number.group(3))
        row.session_date = _as_date(get("session_date"))
        time_value = get("session_time")
        row.session_time = time_value if isinstance(time_value, dt.time) else \
            parse_time(str(time_value)) if time_value else None
        row.text = " ".join(str(get("text") or "").split())
        if not row.text:
            errors.append((offset, _("The acuerdo has no text.")))
            continue
        if row.session_number is None:
            errors.append((offset, _("The session number is missing.")))
            continue
        session = sessions.get((row.session_type, row.session_number))
        if session is None:
            if row.session_date is None:
                errors.append((offset, _("Session %(number)s/%(type)s is not in the group yet: "
                                         "give its date.") % {"number": row.session_number,
                                                              "type": row.session_type}))
                continue
            new_sessions.add((row.session_type, row.session_number))
        day = session.date if session else row.session_date
        due_value = get("due_date")
        row.due_date = _as_date(due_value, default_year=day.year)
        if due_value not in (None, "") and row.due_date is None:
            errors.append((offset, _("The due date “%(text)s” could not be read.") % {
                "text": due_value}))
        elif row.due_date and row.due_date < day:
            errors.append((offset, _("The due date is before the session date.")))
        row.status = STATUS_WORDS.get(fold(str(get("status") or "")))
        if row.status is None:
            errors.append((offset, _("Unknown status “%(text)s”: use pendiente, en proceso, "
                                     "cumplido or sin efecto.") % {"text": get("status")}))
            continue
        row.fulfilled_on = _as_date(get("fulfilled_on"), default_year=day.year)
        responsables = _names(get("responsables"))
        if len(responsables) == 1 and fold(responsables[0]) in ALL:
            row.all_institutions = True
            if day not in member_ids:
                member_ids[day] = set(group.member_institutions(on=day).values_list("pk",
                                                                                    flat=True))
            if not member_ids[day]:
                errors.append((offset, _("“Todas las instituciones”, but the group has no member "
                                         "institutions on %(date)s.") % {"date": day}))
        unknown = []
        for name in ([] if row.all_institutions else responsables):
            choice = index.choice(name)
            (row.responsables.append(choice.match) if choice.match else unknown.append(
                name + (f" (¿{choice.proposals[0].acronym}?)" if choice.proposals else "")))
        for name in _names(get("coadyuvantes")):
            choice = index.choice(name)
            (row.coadyuvantes.append(choice.match) if choice.match else unknown.append(
                name + (f" (¿{choice.proposals[0].acronym}?)" if choice.proposals else "")))
        if unknown:
            errors.append((offset, _("Not in the directory: %(list)s.") % {
                "list": ", ".join(unknown)}))
        if row.all_institutions and day not in member_ids:
            member_ids[day] = set(group.member_institutions(on=day).values_list("pk", flat=True))
        responsible_ids = member_ids[day] if row.all_institutions else {
            i.pk for i in row.responsables}
        if responsible_ids & {i.pk for i in row.coadyuvantes}:
            errors.append((offset, _("An institution cannot be both responsible and supporting "
                                     "in the same acuerdo.")))
        if not row.all_institutions and not row.responsables and not unknown:
            errors.append((offset, _("The acuerdo names no responsible institution.")))
        if row.number:
            if row.number in existing_numbers:
                errors.append((offset, _("Acuerdo %(number)s already exists in the group.") % {
                    "number": row.number}))
            if row.number in seen_numbers:
                errors.append((offset, _("Acuerdo %(number)s appears twice in the file.") % {
                    "number": row.number}))
            seen_numbers.add(row.number)
        rows.append(row)
    return Checked(rows=rows, errors=errors, warnings=warnings, sessions_new=len(new_sessions))


@transaction.atomic
def backlog_import(*, group, sheet: Sheet, mapping=None, actor, source: str) -> Checked:
    """Import every row, or none: a row that fails here undoes the whole file."""
    checked = check(sheet, group=group, mapping=mapping)
    if checked.errors:
        raise ValidationError([f"{_('Row')} {line}: {message}" for line, message in
                               checked.errors])
    sessions = {(s.type, s.number): s for s in Session.objects.filter(group=group)}
    # Within a session, acuerdos take the order of their numbers in the file (else its order).
    ordered = sorted(checked.rows, key=lambda r: (r.session_type, r.session_number,
                                                  r.sequence or 10**6, r.line))
    for row in ordered:
        key = (row.session_type, row.session_number)
        if key not in sessions:
            sessions[key] = session_plan(
                group=group, date=row.session_date, start_time=row.session_time or DEFAULT_TIME,
                type=row.session_type, number=row.session_number, status=Session.Status.HELD)
        acuerdo = acuerdo_create(
            session=sessions[key], text=row.text, due_date=row.due_date,
            responsables=row.responsables, coadyuvantes=row.coadyuvantes,
            all_institutions=row.all_institutions, actor=actor)
        if row.number and acuerdo.number != row.number:
            checked.warnings.append((row.line, _(
                "%(file)s was numbered %(ours)s by the group's pattern.") % {
                    "file": row.number, "ours": acuerdo.number}))
        _record_status(acuerdo, row, actor=actor, source=source)
    return checked


def _record_status(acuerdo, row: Row, *, actor, source: str):
    if row.status == "cancelled":
        acuerdo_cancel(acuerdo=acuerdo, actor=actor,
                       reason=_("Without effect according to %(source)s") % {"source": source})
        return
    parts = acuerdo.responsibilities.filter(role=Responsibility.Role.RESPONSABLE)
    for part in parts:
        if row.status == "fulfilled":
            when = (_(" on %(date)s") % {"date": row.fulfilled_on.strftime("%d/%m/%Y")}
                    if row.fulfilled_on else "")
            fulfilment_record_on_behalf(
                responsibility=part, actor=actor,
                comment=_("Fulfilled%(when)s according to %(source)s (imported)") % {
                    "when": when, "source": source})
        elif row.status == "in_progress":
            responsibility_change_status(
                responsibility=part, status=Responsibility.Status.IN_PROGRESS, actor=actor,
                note=_("In progress according to %(source)s (imported)") % {"source": source})
