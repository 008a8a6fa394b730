"""The Informe's breakdowns as plain tables (title, headers, rows), in Spanish: one source for the
XLSX sheets, the CSV and the DOCX tables."""

from followup.exports import ACUERDO_STATUS_ES

SCOPE_ES = {"national": "Nacional", "regional": "Interestatal / regional",
            "bilateral": "Bilateral", "international": "Internacional"}
MODALITY_ES = {"in_person": "Presencial", "virtual": "Virtual", "hybrid": "Híbrida"}
TYPE_ES = {"SO": "Ordinaria", "SE": "Extraordinaria"}
CATEGORY_ES = {"": "Sin categoría", "titular": "Titular", "suplente": "Suplente",
               "governor": "Gobernador/a", "state_rep": "Representante estatal",
               "guest": "Invitado/a", "international": "Organismo internacional"}
SEX_ES = {"female": "Mujer", "male": "Hombre", "other": "No binario / otro",
          "unspecified": "No especificado"}


def summary_rows(scope, figures) -> list[list]:
    s, a, att = figures["sessions"], figures["acuerdos"], figures["attendance"]
    return [
        ["Periodo: desde", scope.start], ["Periodo: hasta", scope.end],
        ["Estado de los acuerdos al", scope.today],
        ["Grupos", ", ".join(g.acronym for g in scope.groups)],
        ["Sesiones realizadas", s["held"]], ["Sesiones canceladas", s["cancelled"]],
        ["Acuerdos adoptados", a["adopted"]], ["Acuerdos cumplidos", a["fulfilled"]],
        ["Acuerdos en proceso", a["in_progress"]], ["Acuerdos pendientes", a["pending"]],
        ["Acuerdos vencidos", a["overdue"]], ["Acuerdos sin efecto", a["cancelled"]],
        ["Tasa de cumplimiento (%)", a["compliance"]],
        ["Participantes distintos", att["people"]],
        ["Instituciones distintas", att["institutions"]],
        ["Entidades federativas representadas", att["states"]],
    ]


def breakdowns(scope, figures) -> list[tuple[str, list[str], list[list]]]:
    s, att = figures["sessions"], figures["attendance"]
    tables = [
        ("Resumen", ["Cifra", "Valor"], summary_rows(scope, figures)),
        ("Sesiones por tipo", ["Tipo", "Sesiones"],
         [[TYPE_ES.get(r["key"], r["label"]), r["count"]] for r in s["by_type"]]),
        ("Sesiones por modalidad", ["Modalidad", "Sesiones"],
         [[MODALITY_ES.get(r["key"], r["label"]), r["count"]] for r in s["by_modality"]]),
        ("Sesiones por ámbito", ["Ámbito", "Sesiones"],
         [[SCOPE_ES.get(r["key"], r["label"]), r["count"]] for r in s["by_scope"]]),
        ("Sesiones por sede", ["Sede", "Sesiones"],
         [[r["label"], r["count"]] for r in s["by_venue"]]),
        ("Sesiones por entidad", ["Entidad federativa", "Sesiones"],
         [[r["label"], r["count"]] for r in s["by_state"]]),
        ("Sesiones por país", ["País", "Sesiones"],
         [[r["label"], r["count"]] for r in s["by_country"]]),
        ("Acuerdos por estado", ["Estado", "Acuerdos"],
         [[ACUERDO_STATUS_ES[k], figures["acuerdos"][k]] for k in ACUERDO_STATUS_ES]),
        ("Asistencia por categoría", ["Categoría", "Personas", "Sesiones", "Entidades"],
         [[CATEGORY_ES.get(r["key"], r["label"]), r["people"], r["sessions"], r["states"]]
          for r in att["by_category"]]),
        ("Asistencia por entidad", ["Entidad federativa", "Personas", "Sesiones"],
         [[r["label"], r["people"], r["sessions"]] for r in att["by_state"]]),
        ("Asistencia por sexo", ["Sexo", "Personas"],
         [[SEX_ES.get(r["key"], r["label"]), r["people"]] for r in att["by_sex"]]),
        ("Categoría por entidad", ["Categoría", "Entidad federativa", "Sesiones", "Personas"],
         [[CATEGORY_ES.get(cat, cat), r["label"], r["sessions"], r["people"]]
          for cat, states in sorted(figures["category_states"].items()) for r in states]),
        ("Por tema", ["Tema", "Sesiones", "Interestatales", "Acuerdos", "Cumplidos"],
         [[r["label"], r["sessions_held"], r["sessions_regional"], r["acuerdos_adopted"],
           r["acuerdos_fulfilled"]] for r in figures["themes"]]),
        ("Por grupo", ["Grupo", "Nombre", "Sesiones", "Interestatales", "Acuerdos", "Cumplidos",
                       "Tasa de cumplimiento (%)"],
         [[r["label"], r["name"], r["sessions_held"], r["sessions_regional"],
           r["acuerdos_adopted"], r["acuerdos_fulfilled"], r["compliance"]]
          for r in figures["groups"]]),
        ("Por mes", ["Mes", "Sesiones", "Acuerdos"],
         [[r["month"], r["sessions"], r["acuerdos"]] for r in figures["months"]]),
        ("Por institución", ["Institución", "Partes", "Cumplidas", "Tasa de cumplimiento (%)"],
         [[r["label"], r["parts"], r["fulfilled"], r["compliance"]]
          for r in figures["institutions"]]),
    ]
    return tables
