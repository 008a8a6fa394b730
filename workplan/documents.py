"""What the work plan's documents say, as plain data: the one source for the PDF template
(workplan/documents_pdf.py), the DOCX writer (documents_docx.py) and the XLSX sheet
(documents_xlsx.py), so the three print the same content. Spanish whatever the interface language:
the plan is an official document of the group, sent to the institutions for comments.

`plan_content(plan)` reads a plan loaded by `plan_document_plan` (workplan.documents_selectors),
with no further queries."""

import datetime as dt
from dataclasses import dataclass, field

from tracker.dates import MONTHS, PLAIN, format_date

ALL_INSTITUTIONS = "Todas las instituciones"
NO_ACTIVIDADES = "Sin actividades."
NOBODY_YET = "Por definir"  # an empty responsables column, as the reference leaves it to fill in


def period_in_words(start: dt.date | None, end: dt.date | None, *, style: str = PLAIN) -> str:
    """ "junio a diciembre de 2025", "3 de junio de 2025" (one day), "hasta el 30 de septiembre de
    2025" (only an end), "desde el 1 de julio de 2025" (only a start), "" (no dates). A period
    that starts and ends on the first and last day of months is written with months only."""
    if start is None and end is None:
        return ""
    if start is None:
        return f"hasta el {format_date(end, style=style, language='es')}"
    if end is None:
        return f"desde el {format_date(start, style=style, language='es')}"
    if start == end:
        return format_date(start, style=style, language='es')
    whole_months = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    if whole_months:
        first, last = MONTHS["es"][start.month - 1], MONTHS["es"][end.month - 1]
        if start.year == end.year:
            if start.month == end.month:
                return f"{first} de {start.year}"
            return f"{first} a {last} de {end.year}"
        return f"{first} de {start.year} a {last} de {end.year}"
    if start.year == end.year:
        return (f"{format_date(start, 'day_month', style=style, language='es')} al "
                f"{format_date(end, style=style, language='es')}")
    return (f"{format_date(start, style=style, language='es')} al "
            f"{format_date(end, style=style, language='es')}")


@dataclass
class ActividadRow:
    number: str  # "1.2": eje, then the actividad's place in it
    description: str
    entregable: str = ""
    period: str = ""  # period_in_words
    start: dt.date | None = None
    end: dt.date | None = None
    indicator: str = ""
    goal: str = ""
    states: str = ""  # "Veracruz, Tamaulipas, Oaxaca, San Luis Potosí"
    responsables: str = ""
    coadyuvantes: str = ""
    progress: str = ""  # "Sin iniciar", "En proceso", "Concluida", "Cancelada"
    progress_key: str = ""  # the model's value, for the CSS class
    late: bool = False
    acuerdos: str = ""  # "6/SO-2, 7/SO-1": the acuerdos linked to it

    @property
    def cancelled(self) -> bool:
        return self.progress_key == "cancelada"


@dataclass
class EjeBlock:
    number: int
    title: str
    description: str = ""
    actividades: list[ActividadRow] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"Eje {self.number}. {self.title}"

    @property
    def summary(self) -> str:
        """ "4 actividades: 1 concluida, 2 en proceso, 1 sin iniciar; 1 con atraso." """
        return summary_line(self.actividades)


@dataclass
class CalendarRow:
    name: str  # "5ª. reunión ordinaria"
    date: str  # in words, with the weekday
    day: dt.date | None = None
    modality: str = ""
    note: str = ""


@dataclass
class PlanContent:
    group: str  # acronym
    group_name: str
    group_of_the: str  # "del Grupo de Trabajo…" (meetings.naming.of_the)
    title: str  # "Plan de Trabajo Anual 2025"
    period: str  # "enero a diciembre de 2025"
    status: str  # "Borrador", "En consulta", "Aprobado"
    status_key: str
    convening_unit: str = ""
    drafting_unit: str = ""
    introduction: list[str] = field(default_factory=list)
    # "Aprobado mediante el acuerdo 6/SO-1 (6ª. reunión ordinaria, 5 de agosto de 2025)"
    approval: str = ""
    version: int = 0  # the approved version in force; 0 before the first approval
    ejes: list[EjeBlock] = field(default_factory=list)
    calendar: list[CalendarRow] = field(default_factory=list)
    created: str = ""  # ISO timestamp of the rendering, for the PDF metadata
    as_of: str = ""  # "Avance al 2 de diciembre de 2026"

    @property
    def draft(self) -> bool:
        return self.status_key != "approved"

    @property
    def watermark(self) -> str:
        """A plan that is not approved is marked as such on every page."""
        return "" if not self.draft else ("EN CONSULTA" if self.status_key == "consultation"
                                          else "BORRADOR")

    @property
    def version_label(self) -> str:
        return str(self.version) if self.version else "—"

    @property
    def document_title(self) -> str:
        return f"{self.title} {self.group}"

    @property
    def actividades(self) -> list[ActividadRow]:
        return [a for eje in self.ejes for a in eje.actividades]

    @property
    def summary(self) -> str:
        return summary_line(self.actividades)


# workplan.models.Actividad.Progress values, in the order a summary names them.
PROGRESS_ORDER = ("concluida", "en_proceso", "sin_iniciar", "cancelada")
PROGRESS_PLURAL = {"concluida": "concluidas", "en_proceso": "en proceso",
                   "sin_iniciar": "sin iniciar", "cancelada": "canceladas"}
PROGRESS_SINGULAR = {"concluida": "concluida", "en_proceso": "en proceso",
                     "sin_iniciar": "sin iniciar", "cancelada": "cancelada"}


def summary_line(actividades: list[ActividadRow]) -> str:
    if not actividades:
        return NO_ACTIVIDADES
    counts = {key: 0 for key in PROGRESS_ORDER}
    for a in actividades:
        counts[a.progress_key] = counts.get(a.progress_key, 0) + 1
    parts = [f"{n} {(PROGRESS_SINGULAR if n == 1 else PROGRESS_PLURAL).get(key, key)}"
             for key, n in counts.items() if n]
    total = len(actividades)
    line = f"{total} {'actividad' if total == 1 else 'actividades'}: {', '.join(parts)}"
    late = sum(1 for a in actividades if a.late)
    if late:
        line += f"; {late} con atraso"
    return line + "."
