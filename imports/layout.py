"""The layout rules of an official minuta (../shared/reference/): what each part of the Word file
holds, whatever the body that wrote it. Input: the blocks of docx_reader; output: ParsedMinuta,
plain data with what could not be read listed in `problems` (nothing is matched to the database
here: see matching.py)."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from meetings.states import State

from .docx_reader import Block
from .spanish import clean, fold, parse_date, parse_slot, parse_time, session_number_and_type

ALL_INSTITUTIONS = ("todas las instituciones", "todas las instancias", "todos los integrantes",
                    "todas las dependencias", "las instituciones integrantes")
HEADER_LABELS = {
    "asunto": "subject", "fecha": "date", "objetivo": "objective", "hora": "time",
    "convoca": "convoca", "numero": "number", "no": "number", "lugar": "place", "sede": "place",
    "modalidad": "modality",
}
SECTION_HEADINGS = {
    "participantes": "participants", "lista de asistencia": "participants",
    "asistentes": "participants", "orden del dia": "agenda", "asuntos relevantes": "narrative",
    "desarrollo de la sesion": "narrative", "desarrollo de la reunion": "narrative",
    "acuerdos": "acuerdos", "evidencia fotografica": "photos", "evidencia": "photos",
}
# Words that open a paragraph moving on to the next point of the agenda without a heading of its
# own ("Posteriormente se dio espacio a una ronda de presentación …").
TRANSITIONS = ("posteriormente", "a continuacion", "acto seguido", "enseguida", "despues",
               "sin mas comentarios", "finalmente", "para concluir", "al termino")
STOPWORDS = {"de", "del", "la", "las", "el", "los", "y", "e", "en", "a", "por", "para", "con",
             "sobre", "al", "un", "una"}


@dataclass
class Participant:
    name: str
    cargo: str
    institution: str


@dataclass
class Item:
    start: dt.time
    end: dt.time
    activity: str
    presenters: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)

    @property
    def narrative(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class AcuerdoRow:
    number: str
    text: str
    responsables: list[str]
    coadyuvantes: list[str]
    all_institutions: bool
    due_text: str
    due: dt.date | None


@dataclass
class Problem:
    section: str
    message: str
    severity: str = "error"  # "error": the import waits for a fix; "warning": shown, may proceed
    key: str = ""  # the decision that settles it, e.g. "due:2" (a date typed in the preview)


@dataclass
class ParsedMinuta:
    title: str = ""
    units: list[str] = field(default_factory=list)
    number: int | None = None
    type: str = "SO"
    subject: str = ""
    objective: str = ""
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    convoca: str = ""
    place_text: str = ""
    modality: str = "in_person"
    place: str = ""
    state: str = ""
    video_url: str = ""
    meeting_id: str = ""
    passcode: str = ""
    video_details: str = ""
    participants: list[Participant] = field(default_factory=list)
    agenda: list[Item] = field(default_factory=list)
    acuerdos: list[AcuerdoRow] = field(default_factory=list)
    photos: list[bytes] = field(default_factory=list)
    drafted_by: str = ""
    approved_by: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def looks_like_a_minuta(self) -> bool:
        return bool(self.participants or self.acuerdos or self.agenda)


def _heading(text: str) -> str | None:
    label = fold(text).strip(" :.-•*")
    return SECTION_HEADINGS.get(label)


def _header_key(cell: str) -> tuple[str | None, str]:
    """("Fecha:", "") → ("date", ""); ("Asunto: 5ª reunión", …) → ("subject", "5ª reunión")."""
    match = re.match(r"^\s*([A-Za-zÁÉÍÓÚáéíóúÑñ.º° ]{2,20}?)\s*:\s*(.*)$", cell, re.DOTALL)
    label, rest = (match.group(1), match.group(2)) if match else (cell, "")
    key = HEADER_LABELS.get(fold(label).strip(" .º°"))
    if key is None and not match:
        return None, ""
    return key, rest.strip()


def _table_kind(rows: list[list[str]]) -> str | None:
    if not rows:
        return None
    head = [fold(c) for c in rows[0]]
    joined = " | ".join(head)
    if "nombre" in joined and ("institucion" in joined or "dependencia" in joined):
        return "participants"
    if any(h.startswith("hora") for h in head) and any(
            "actividad" in h or "tema" in h for h in head):
        return "agenda"
    if any("acuerdo" in h for h in head) and any(
            h.strip(" .") in ("no", "num", "numero", "no. de acuerdo", "clave") for h in head):
        return "acuerdos"
    cells = [c for row in rows for c in row]
    if sum(1 for c in cells if _header_key(c)[0]) >= 2:
        return "header"
    if any(fold(c).startswith("elaboro") for c in cells):
        return "signoff"
    return None


def _column(head: list[str], *names: str) -> int | None:
    for index, cell in enumerate(head):
        if any(name in cell for name in names):
            return index
    return None


def parse_blocks(blocks: list[Block]) -> ParsedMinuta:
    parsed = ParsedMinuta()
    section = "title"
    last_table_kind = None
    narrative_paragraphs: list[Block] = []
    signoff_text: list[str] = []
    for block in blocks:
        if block.kind == "p":
            text = block.text.strip()
            if not text and not block.images:
                continue
            heading = _heading(text) if text else None
            if fold(text).startswith("elaboro"):
                section = "signoff"
            elif heading:
                section = heading
                last_table_kind = None
                continue
            if section == "title" and text:
                if fold(text) != "minuta":
                    parsed.units.append(text)
            elif section == "narrative":
                narrative_paragraphs.append(block)
            elif section == "signoff":
                signoff_text.append(text)
            if section in ("photos", "signoff") or parsed.acuerdos:
                parsed.photos.extend(block.images)
            continue
        kind = _table_kind(block.rows)
        if kind is None and last_table_kind in ("participants", "agenda", "acuerdos") and (
                block.rows and len(block.rows[0]) >= 2):
            # A table split across pages, without its header row repeated.
            kind, rows = last_table_kind, block.rows
        else:
            rows = block.rows[1:] if kind in ("participants", "agenda", "acuerdos") else block.rows
        if kind is None and section in ("participants", "agenda", "acuerdos"):
            kind = section
        if kind == "header":
            _read_header(parsed, rows)
        elif kind == "participants":
            _read_participants(parsed, block.rows if rows is block.rows else [block.rows[0]] + rows)
        elif kind == "agenda":
            _read_agenda(parsed, block.rows if rows is block.rows else [block.rows[0]] + rows)
        elif kind == "acuerdos":
            _read_acuerdos(parsed, block.rows if rows is block.rows else [block.rows[0]] + rows)
            section = "after_acuerdos"
        elif kind == "signoff":
            signoff_text.extend(c for row in block.rows for c in row if c)
        if section in ("photos", "signoff"):
            parsed.photos.extend(block.images)
        if kind in ("participants", "agenda", "acuerdos"):
            last_table_kind = kind
            if section == "title":
                section = kind
    _title(parsed)
    _split_narrative(parsed, narrative_paragraphs)
    _signoff(parsed, signoff_text)
    _finish(parsed)
    return parsed


# --- sections ---------------------------------------------------------------------------------

def _read_header(parsed: ParsedMinuta, rows):
    cells = [c for row in rows for c in row]
    values: dict[str, str] = {}
    index = 0
    while index < len(cells):
        key, rest = _header_key(cells[index])
        if key:
            if not rest and index + 1 < len(cells) and not _header_key(cells[index + 1])[0]:
                rest = cells[index + 1]
                index += 1
            values.setdefault(key, clean(rest))
        index += 1
    parsed.subject = values.get("subject", "")
    parsed.objective = values.get("objective", "")
    parsed.convoca = values.get("convoca", "")
    if values.get("date"):
        parsed.date = parse_date(values["date"])
        if parsed.date is None:
            parsed.problems.append(Problem("header", _("The date “%(text)s” could not be read.")
                                           % {"text": values["date"]}))
    if values.get("time"):
        parsed.start_time = parse_time(values["time"])
    if values.get("number"):
        digits = re.search(r"\d+", values["number"])
        parsed.number = int(digits.group()) if digits else None
    parsed.place_text = values.get("place", "")
    if values.get("modality"):
        parsed.place_text = (values["modality"] + " " + parsed.place_text).strip()
    _read_place(parsed)


def _read_place(parsed: ParsedMinuta):
    text = parsed.place_text
    folded = fold(text)
    url = re.search(r"https?://\S+", text)
    virtual = bool(url) or any(w in folded for w in ("virtual", "zoom", "teams", "meet", "webex",
                                                     "videoconferencia", "en linea"))
    physical = any(w in folded for w in ("presencial", "hibrid", "mixta"))
    parsed.modality = "hybrid" if virtual and physical else "virtual" if virtual else "in_person"
    if url:
        parsed.video_url = url.group().rstrip(".,;)")
    meeting = re.search(r"(?:ID de (?:la )?reuni[oó]n|Meeting ID|ID)\s*:?\s*([\d ]{6,}\d)", text,
                        re.IGNORECASE)
    if meeting:
        parsed.meeting_id = " ".join(meeting.group(1).split())
    code = re.search(r"(?:C[oó]digo de acceso|Contrase[ñn]a|Passcode|Clave)\s*:?\s*(\S+)", text,
                     re.IGNORECASE)
    if code:
        parsed.passcode = code.group(1).rstrip(".,;")
    if virtual:
        details = text
        for cut in (r"[ÚU]nase a la reuni[oó]n.*$", r"https?://\S+.*$"):
            details = re.sub(cut, "", details, flags=re.IGNORECASE | re.DOTALL)
        details = re.sub(r"^\s*(?:Virtual|Videoconferencia)\s*", "", details, flags=re.IGNORECASE)
        parsed.video_details = clean(details)
        if physical:
            parsed.place = clean(re.split(r"https?://", text)[0])
    else:
        parsed.place = clean(re.sub(r"^\s*(?:Presencial)\s*[,:-]?\s*", "", text,
                                    flags=re.IGNORECASE))
    for code_, label in State.choices:
        if fold(label) in folded:
            parsed.state = code_
            break


def _read_participants(parsed: ParsedMinuta, rows):
    head = [fold(c) for c in rows[0]]
    is_header = "nombre" in " ".join(head)
    name_col = _column(head, "nombre") if is_header else 0
    cargo_col = _column(head, "cargo", "puesto") if is_header else 1
    inst_col = _column(head, "institucion", "dependencia", "organismo") if is_header else 2
    for row in rows[1:] if is_header else rows:
        def cell(index):
            return clean(row[index]) if index is not None and index < len(row) else ""
        name = cell(name_col)
        if not name or fold(name) == "nombre":
            continue
        parsed.participants.append(Participant(name=name, cargo=cell(cargo_col),
                                               institution=cell(inst_col)))


def _read_agenda(parsed: ParsedMinuta, rows):
    head = [fold(c) for c in rows[0]]
    is_header = any(h.startswith("hora") for h in head)
    time_col = _column(head, "hora") if is_header else 0
    activity_col = _column(head, "actividad", "tema") if is_header else 1
    by_col = _column(head, "a cargo", "responsable", "presenta", "ponente") if is_header else None
    for row in rows[1:] if is_header else rows:
        if time_col is None or time_col >= len(row):
            continue
        slot = parse_slot(row[time_col])
        if slot is None:
            if row[time_col].strip():
                parsed.problems.append(Problem("agenda", _("The time slot “%(text)s” could not be "
                                                           "read.") % {"text": row[time_col]}))
            continue
        activity = row[activity_col] if activity_col is not None and activity_col < len(row) else ""
        presenters_text = row[by_col] if by_col is not None and by_col < len(row) else ""
        split = re.split(r"\bA cargo de:?\s*", activity, maxsplit=1, flags=re.IGNORECASE)
        if len(split) == 2:
            activity, presenters_text = split[0], (split[1] + "\n" + presenters_text).strip()
        parsed.agenda.append(Item(start=slot[0], end=slot[1], activity=clean(activity),
                                  presenters=[clean(p) for p in presenters_text.split("\n")
                                              if clean(p)]))


def _split_list(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\n|\s+y\s+|\s+e\s+)\s*", text)
    return [clean(p).strip(" .") for p in parts if clean(p).strip(" .")]


def _read_acuerdos(parsed: ParsedMinuta, rows):
    head = [fold(c) for c in rows[0]]
    number_col = _column(head, "no", "num", "clave")
    text_col = next((i for i, h in enumerate(head) if "acuerdo" in h and i != number_col), None)
    resp_col = _column(head, "responsable", "a cargo", "instancia")
    help_col = _column(head, "coadyuv", "apoyo")
    date_col = _column(head, "fecha", "plazo", "cumplimiento")
    for row in rows[1:]:
        def cell(index):
            return row[index].strip() if index is not None and index < len(row) else ""
        number, text = clean(cell(number_col)), clean(cell(text_col))
        if not text:
            continue
        responsables_text, coadyuvantes = cell(resp_col), []
        marked = re.split(r"\bcoadyuvantes?\s*:?\s*", responsables_text, maxsplit=1,
                          flags=re.IGNORECASE)
        if len(marked) == 2:
            responsables_text, coadyuvantes = marked[0], _split_list(marked[1])
        responsables = []
        for name in _split_list(responsables_text):
            flagged = re.match(r"(.+?)\s*\((?:coadyuvante|apoyo)\)$", name, re.IGNORECASE)
            (coadyuvantes if flagged else responsables).append(
                flagged.group(1) if flagged else name)
        if help_col is not None:
            coadyuvantes += _split_list(cell(help_col))
        all_institutions = any(fold(responsables_text).startswith(p) for p in ALL_INSTITUTIONS)
        due_text = clean(cell(date_col))
        parsed.acuerdos.append(AcuerdoRow(
            number=number, text=text, responsables=[] if all_institutions else responsables,
            coadyuvantes=coadyuvantes, all_institutions=all_institutions, due_text=due_text,
            due=None))


def _title(parsed: ParsedMinuta):
    for line in list(parsed.units):
        number, kind = session_number_and_type(line)
        if number or kind:
            parsed.title = line
            parsed.units.remove(line)
            if parsed.number is None:
                parsed.number = number
            parsed.type = kind or "SO"
            return
    if parsed.subject:
        number, kind = session_number_and_type(parsed.subject)
        parsed.title = parsed.subject
        parsed.number = parsed.number or number
        parsed.type = kind or "SO"


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in STOPWORDS]


def _matches_item(text: str, item: Item) -> bool:
    """A heading names an agenda item when its words appear in order in the activity
    ("Presentación del Grupo de Trabajo" ⊂ "Breve presentación del Grupo de trabajo")."""
    heading, activity = " ".join(_words(text)), " ".join(_words(item.activity))
    return bool(heading) and (heading in activity or activity in heading)


def _is_heading(block: Block, text: str) -> bool:
    return (text.startswith(("- ", "• ", "* ", "– ")) or block.bold
            or (len(text) < 220 and not text.endswith(".")))


def _split_narrative(parsed: ParsedMinuta, paragraphs: list[Block]):
    """Give each paragraph of the "Asuntos relevantes" to its agenda item: a heading that names an
    item moves on to it (a second heading of the same item stays in its text as a sub-heading);
    a paragraph that opens with a transition and names a later item that has no heading of its own
    moves on to that one."""
    items = parsed.agenda
    if not items:
        if paragraphs:
            parsed.problems.append(Problem("narrative", _(
                "There is no agenda to attach the narrative to."), "warning"))
        return
    headed = set()
    for block in paragraphs:
        text = block.text.strip().lstrip("-•*– ").strip()
        for index, item in enumerate(items):
            if _is_heading(block, block.text.strip()) and _matches_item(text, item):
                headed.add(index)
                break
    current, current_heading = 0, None
    for block in paragraphs:
        raw = block.text.strip()
        text = raw.lstrip("-•*– ").strip()
        if not text:
            continue
        target = None
        if _is_heading(block, raw):
            target = next((i for i, item in enumerate(items) if i >= current
                           and _matches_item(text, item)), None)
            if target is None:
                target = next((i for i, item in enumerate(items) if _matches_item(text, item)),
                              None)
        if target is not None:
            if target == current and current_heading is not None:
                items[current].paragraphs.append(text)  # a sub-heading of the same item
            current, current_heading = target, text
            continue
        if fold(text).startswith(TRANSITIONS):
            words = set(_words(text))
            later = next((i for i in range(current + 1, len(items)) if i not in headed
                          and _words(items[i].activity)
                          and _words(items[i].activity)[0] in words), None)
            if later is not None:
                current, current_heading = later, None
        items[current].paragraphs.append(text)


def _signoff(parsed: ParsedMinuta, lines: list[str]):
    """"Elaboró: **Name** Visto Bueno: **Name**" in one paragraph, or a table whose cells hold the
    label, the name and the cargo on lines of their own: the name is the first line after each
    label."""
    text = "\n".join(lines).replace("*", "")
    found = {}
    for key, pattern in (("drafted_by", r"Elabor[oó]"),
                         ("approved_by", r"(?:Visto\s+Bueno|Vo\.?\s*Bo\.?)")):
        match = re.search(pattern + r"\s*:?\s*(.*?)(?=Visto\s+Bueno|Vo\.?\s*Bo\.?|Elabor[oó]|$)",
                          text, re.IGNORECASE | re.DOTALL)
        if match:
            name = next((clean(line) for line in match.group(1).split("\n") if clean(line)), "")
            found[key] = name.strip(" .:")
    parsed.drafted_by = found.get("drafted_by", "")
    parsed.approved_by = found.get("approved_by", "")
    if lines and not (parsed.drafted_by and parsed.approved_by):
        parsed.problems.append(Problem("signoff", _("The sign-off (Elaboró / Visto Bueno) could "
                                                    "not be read."), "warning"))


def _finish(parsed: ParsedMinuta):
    year = parsed.date.year if parsed.date else None
    for n, row in enumerate(parsed.acuerdos):
        if row.due_text:
            row.due = parse_date(row.due_text, default_year=year)
            if row.due is None:
                parsed.problems.append(Problem("acuerdos", _(
                    "The due date “%(text)s” of %(number)s could not be read.") % {
                        "text": row.due_text, "number": row.number or row.text[:40]},
                    key=f"due:{n}"))
    if parsed.agenda:
        parsed.start_time = parsed.start_time or parsed.agenda[0].start
        parsed.end_time = max(i.end for i in parsed.agenda)
    if parsed.date is None:
        parsed.problems.append(Problem("header", _("The minuta has no date that could be read.")))
    if parsed.number is None:
        parsed.problems.append(Problem("header", _("The session number could not be read.")))
    if not parsed.participants:
        parsed.problems.append(Problem("participants", _("No list of participants was found."),
                                       "warning"))
