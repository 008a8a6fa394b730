"""The work plan as a spreadsheet: one row per actividad (sheet "Actividades") and the calendar
(sheet "Calendario"). Headings in Spanish, as the other exports (followup.exports), dates as date
cells, user text never a live formula. The actividades sheet reads back through the plan import
(workplan.imports): its headings are among the import's."""

from followup.exports import xlsx_response

from .documents import PlanContent

ACTIVIDAD_HEADERS = [
    "No.", "Eje", "Actividad", "Entregable", "Fecha de inicio", "Fecha de término", "Indicador",
    "Meta", "Entidades", "Instancias responsables", "Instancias coadyuvantes", "Avance",
    "Con atraso", "Acuerdos",
]
CALENDAR_HEADERS = ["Sesión", "Fecha", "Modalidad", "Nota"]


def actividad_rows(p: PlanContent):
    for eje in p.ejes:
        for a in eje.actividades:
            yield [a.number, eje.title, a.description, a.entregable, a.start, a.end, a.indicator,
                   a.goal, a.states, a.responsables, a.coadyuvantes, a.progress,
                   "Sí" if a.late else "No", a.acuerdos]


def calendar_rows(p: PlanContent):
    for s in p.calendar:
        yield [s.name, s.day, s.modality, s.note]


def plan_xlsx_response(content: PlanContent, filename: str):
    return xlsx_response(filename, [
        ("Actividades", ACTIVIDAD_HEADERS, actividad_rows(content)),
        ("Calendario", CALENDAR_HEADERS, calendar_rows(content)),
    ])
