"""A plan's actividades from a spreadsheet (XLSX or CSV): one row per actividad with its eje,
description, entregable, dates, indicator, goal, states, responsables and coadyuvantes. Every row
is read and checked before anything is saved; one wrong row and nothing is imported. The file is
read by the shared spreadsheet reader (imports.sheets: size limits, CSV dialects) and
institutions are matched by its directory index (acronym, name or alias; fuzzy matches are only
proposed in the message). The writes are workplan.services calls, as on the plan page.

The plan's XLSX export (workplan.documents_xlsx) uses headings this import reads, so last year's
plan can be exported, edited and imported into this year's."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from imports import sheets
from imports.backlog import ALL
from imports.matching import InstitutionIndex
from imports.sheets import Sheet
from imports.sheets import as_date as _as_date
from imports.sheets import cell as _cell
from imports.spanish import fold
from meetings.states import State

__all__ = ["FIELDS", "REQUIRED", "Checked", "Row", "check", "detect_mapping", "import_refusal",
           "plan_import", "read_sheet", "template_headings"]

# (field, heading of the template, other headings that mean the same, folded)
# The headings' translation context is written out at each call: makemessages only finds a
# literal one.
FIELDS = [
    ("eje", pgettext_lazy("work plan import", "Eje"),
     ("eje", "eje tematico", "eje de trabajo", "linea de accion")),
    ("description", pgettext_lazy("work plan import", "Actividad"),
     ("actividad", "actividades", "descripcion", "accion", "acciones", "activity")),
    ("entregable", pgettext_lazy("work plan import", "Expected product"),
     ("entregable", "producto", "producto esperado", "entregables", "expected product")),
    ("start_date", pgettext_lazy("work plan import", "Start date"),
     ("fecha de inicio", "inicio", "desde", "start date")),
    ("end_date", pgettext_lazy("work plan import", "End or target date"),
     ("fecha de termino", "fecha meta", "fecha de conclusion", "termino", "hasta",
      "fecha limite", "end date", "end or target date")),
    ("indicator", pgettext_lazy("work plan import", "Indicator"),
     ("indicador", "indicadores", "indicator")),
    ("goal", pgettext_lazy("work plan import", "Goal"), ("meta", "metas", "goal")),
    ("states", pgettext_lazy("work plan import", "States"),
     ("entidades", "entidades federativas", "estados", "estados que cubre", "states")),
    ("responsables", gettext_lazy("Responsible"), ("responsable", "responsables",
                                                   "instancia responsable",
                                                   "instancias responsables")),
    ("coadyuvantes", gettext_lazy("Supporting"), ("coadyuvante", "coadyuvantes",
                                                  "instancia coadyuvante",
                                                  "instancias coadyuvantes")),
]
REQUIRED = ("eje", "description")
TEXT_LIMITS = {"eje": 300, "indicator": 300, "goal": 300}
_STATES = {**{fold(s.label): s.value for s in State}, **{fold(s.value): s.value for s in State},
           "edomex": "MEX", "estado de mexico": "MEX", "cdmx": "CDMX", "df": "CDMX",
           "san luis potosi": "SLP", "veracruz de ignacio de la llave": "VER",
           "michoacan de ocampo": "MICH", "coahuila de zaragoza": "COAH"}
_NATIONAL = ("nacional", "todo el pais", "todas", "todos", "")
# A responsables cell that names nobody yet (the plan's documents print "Por definir").
_NOBODY = ("por definir", "pendiente", "-", "—", "n/a", "tbd")


@dataclass
class Row:
    line: int
    eje: str = ""
    eje_id: int | None = None  # an eje of the plan with this title or number, else a new one
    description: str = ""
    entregable: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    indicator: str = ""
    goal: str = ""
    states: list[str] = field(default_factory=list)
    responsables: list = field(default_factory=list)  # Institution
    coadyuvantes: list = field(default_factory=list)
    all_institutions: bool = False

    @property
    def states_label(self) -> str:
        return ", ".join(State(code).label for code in self.states)


@dataclass
class Checked:
    rows: list[Row]
    errors: list[tuple[int, str]]  # (line of the file, message)
    warnings: list[tuple[int, str]]
    new_ejes: list[str] = field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        return [_("Row %(line)s: %(message)s") % {"line": line, "message": message}
                for line, message in self.errors]


def read_sheet(data: bytes, filename: str) -> Sheet:
    """The first sheet of an XLSX, or a CSV, with its headings matched to the plan's fields."""
    return sheets.read_sheet(data, filename, fields=FIELDS)


def template_headings() -> list[str]:
    return [str(label) for _f, label, _aliases in FIELDS]


def detect_mapping(headers: list[str]) -> dict[str, int]:
    return sheets.detect_mapping(headers, FIELDS)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _names(value) -> list[str]:
    text = "" if value is None else str(value)
    return [p.strip(" .") for p in re.split(r"\s*(?:,|;|\n|\s+y\s+|\s+e\s+)\s*", text)
            if p.strip(" .")]


def _eje_key(text: str) -> str:
    """ "Eje 1", "1", "1. Generación de conocimiento" and "Generación de conocimiento" name the
    same eje: compared by number when the cell is a number, else by title."""
    folded = fold(text)
    match = re.fullmatch(r"(?:eje\s*)?(\d+)[.)]?", folded)
    if match:
        return f"#{int(match.group(1))}"
    return re.sub(r"^(?:eje\s*)?\d+[.)]?\s*", "", folded).strip(" .:")


def check(sheet: Sheet, *, plan, mapping: dict[str, int] | None = None) -> Checked:
    """Every row read and checked against the plan and the directory; nothing is written."""
    mapping = detect_mapping(sheet.headers) if mapping is None else mapping
    missing = [str(label) for name, label, _a in FIELDS if name in REQUIRED and name not in
               mapping]
    if missing:
        return Checked([], [(1, _("No column for: %(list)s. Use the template's headings.") % {
            "list": ", ".join(missing)})], [])
    errors, warnings, rows = [], [], []
    ejes = list(plan.ejes.order_by("order", "id"))
    by_key = {}
    for number, eje in enumerate(ejes, start=1):
        by_key.setdefault(f"#{number}", eje)
        by_key.setdefault(_eje_key(eje.title), eje)
    existing = {(a.eje_id, fold(a.description)) for a in
                plan.actividades.only("eje_id", "description")}
    new_ejes: dict[str, str] = {}
    members = None  # the group's member institutions, read once if a row names them all
    seen = set()
    index = InstitutionIndex()
    year = plan.year
    period = (plan.period_start or dt.date(year, 1, 1), plan.period_end or dt.date(year, 12, 31))
    for line, raw in enumerate(sheet.rows, start=2):
        row = Row(line=line)
        problems = []

        def get(name, raw=raw):
            return _cell(raw, mapping.get(name))

        row.eje = _text(get("eje"))
        row.description = " ".join(str(get("description") or "").split())
        row.entregable = " ".join(str(get("entregable") or "").split())
        row.indicator, row.goal = _text(get("indicator")), _text(get("goal"))
        if not row.description:
            errors.append((line, _("The actividad has no description.")))
            continue
        if not row.eje:
            errors.append((line, _("The eje is missing: write its number or its title.")))
            continue
        key = _eje_key(row.eje)
        eje = by_key.get(key)
        if eje is not None:
            row.eje_id = eje.pk
        elif key.startswith("#"):
            problems.append(_("The plan has no eje %(number)s: write the title of a new eje "
                              "instead of a number.") % {"number": key[1:]})
        else:
            new_ejes.setdefault(key, row.eje)
        for name, limit in TEXT_LIMITS.items():
            if len(getattr(row, name)) > limit:
                problems.append(_("%(field)s is longer than %(n)s characters.") % {
                    "field": str(dict((f, lbl) for f, lbl, _a in FIELDS)[name]), "n": limit})
        for name in ("start_date", "end_date"):
            value = get(name)
            parsed = _as_date(value, year)
            if value not in (None, "") and parsed is None:
                problems.append(_("The date “%(text)s” could not be read (write it as "
                                  "31/12/%(year)s).") % {"text": value, "year": year})
            setattr(row, name, parsed)
        if row.start_date and row.end_date and row.start_date > row.end_date:
            problems.append(_("The start date is after the end date."))
        for day in (row.start_date, row.end_date):
            if day and not period[0] <= day <= period[1]:
                warnings.append((line, _("%(date)s is outside the plan's period.") % {
                    "date": day.strftime("%d/%m/%Y")}))
                break
        unknown_states = []
        states_cell = get("states")
        for name in ([] if fold(str(states_cell or "")) in _NATIONAL else _names(states_cell)):
            code = _STATES.get(fold(name))
            if code is None:
                unknown_states.append(name)
            elif code not in row.states:
                row.states.append(code)
        if unknown_states:
            problems.append(_("Unknown state: %(list)s.") % {"list": ", ".join(unknown_states)})
        responsables = [n for n in _names(get("responsables")) if fold(n) not in _NOBODY]
        unknown = []
        if len(responsables) == 1 and fold(responsables[0]) in ALL:
            row.all_institutions = True
            responsables = []
            if members is None:
                members = set(plan.group.member_institutions().values_list("pk", flat=True))
            if not members:
                problems.append(_("“Todas las instituciones”, but the group has no member "
                                  "institutions."))
        for target, names in ((row.responsables, responsables),
                              (row.coadyuvantes, _names(get("coadyuvantes")))):
            for name in names:
                choice = index.choice(name)
                if choice.match is None:
                    unknown.append(name + (f" (¿{choice.proposals[0].acronym}?)"
                                           if choice.proposals else ""))
                elif choice.match not in target:
                    target.append(choice.match)
        if unknown:
            problems.append(_("Not in the directory: %(list)s.") % {"list": ", ".join(unknown)})
        leading = members if row.all_institutions and members else {
            i.pk for i in row.responsables}
        both = leading & {i.pk for i in row.coadyuvantes}
        if both:
            problems.append(_("An institution cannot be both responsible and supporting in the "
                              "same actividad: %(list)s.") % {"list": ", ".join(
                                  i.acronym for i in row.coadyuvantes if i.pk in both)})
        duplicate = (row.eje_id or key, fold(row.description))
        if row.eje_id and (row.eje_id, fold(row.description)) in existing:
            problems.append(_("This actividad is already in the plan under that eje."))
        elif duplicate in seen:
            problems.append(_("This actividad appears twice in the file under the same eje."))
        seen.add(duplicate)
        errors += [(line, message) for message in problems]
        if not problems:
            rows.append(row)
    if not sheet.rows:
        errors.append((1, _("The spreadsheet has headings but no actividades.")))
    return Checked(rows=rows, errors=errors, warnings=warnings, new_ejes=list(new_ejes.values()))


def import_refusal(plan) -> str | None:
    if plan.status == plan.Status.APPROVED:
        return _("The plan is approved: its actividades are changed one by one, each with its "
                 "reason (a new version). Import into a draft plan or one in consultation.")
    return None


@transaction.atomic
def plan_import(*, plan, sheet: Sheet, actor, mapping=None) -> Checked:
    """Import every row, or none: the plan is locked, the rows checked again, then created through
    the plan's services (eje_add for new ejes, actividad_add with the institutions); a service
    that refuses a row undoes the whole file."""
    from .services import actividad_add, eje_add

    plan = type(plan).objects.select_for_update().select_related("group").get(pk=plan.pk)
    refusal = import_refusal(plan)
    if refusal:
        raise ValidationError(refusal)
    checked = check(sheet, plan=plan, mapping=mapping)
    if checked.errors:
        raise ValidationError(checked.messages)
    ejes = {eje.pk: eje for eje in plan.ejes.all()}
    new_ejes = {}
    for row in checked.rows:
        if row.eje_id is None:
            key = _eje_key(row.eje)
            if key not in new_ejes:
                new_ejes[key] = eje_add(plan=plan, title=row.eje, actor=actor)
            eje = new_ejes[key]
        else:
            eje = ejes[row.eje_id]
        try:
            actividad_add(
                eje=eje, description=row.description, entregable=row.entregable,
                start_date=row.start_date, end_date=row.end_date, indicator=row.indicator,
                goal=row.goal, states=row.states, responsables=row.responsables,
                coadyuvantes=row.coadyuvantes, all_institutions=row.all_institutions,
                actor=actor)
        except ValidationError as exc:
            raise ValidationError([_("Row %(line)s: %(message)s") % {
                "line": row.line, "message": message} for message in exc.messages]) from None
    return checked
