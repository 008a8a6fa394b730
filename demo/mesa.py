"""A second, invented group with overdue acuerdos, so that lists and dashboards show something.
Dates are fixed (not relative to today) so that `load_demo` stays idempotent."""

import datetime as dt

PARENT = {"acronym": "GABSEG", "name": "Gabinete de Seguridad", "created_on": dt.date(2018, 12, 1)}

GROUP = {
    "acronym": "MJ-MIGRACION",
    "name": "Mesa de Judicialización para la Atención Integral del Fenómeno Migratorio",
    "convening_unit": "Dirección General de Vinculación Interinstitucional",
    "drafting_unit": "Secretaría de Seguridad y Protección Ciudadana",
    "created_on": dt.date(2021, 9, 7),
    "convening_institution": "SSPC",
}

MEMBERS = ["SSPC", "FGR", "INM", "Guardia Nacional", "SEDENA", "Marina", "CNDH", "UPMRIP"]

PARTICIPANTS = [
    "Félix Andrea Morales Ramírez",
    "Andrea Campos Escobar",
    "Eder Ramírez Pavón",
    "Fátima Mena Ortega",
    "Inspector José Alfredo Villa Aburto",
    "Rafael Carrillo Madrigal",
    "Juan Pablo López Moreno",
    "Laura Ortiz Valdez",
    "Jonathan Gerardo Hernández Camarillo",
]

DRAFTED_BY = "Andrea Campos Escobar"
APPROVED_BY = "Félix Andrea Morales Ramírez"

ALL = "Todas las instituciones"

# (number, type, date, place, state, minuta status, [acuerdos]); an acuerdo is
# (text, responsables, coadyuvantes, due date, fulfilled by, in progress by).
SESSIONS = [
    (1, "SO", dt.date(2026, 2, 17), "Palacio Nacional", "CDMX", "approved", [
        ("Las instituciones compartirán su diagnóstico de casos de tráfico ilícito de migrantes "
         "judicializados en 2025.", ALL, [], dt.date(2026, 3, 31), ALL, []),
        ("La FGR presentará el protocolo de atención a personas migrantes víctimas de delito.",
         ["FGR"], ["CNDH"], dt.date(2026, 4, 30), [], ["FGR"]),
        ("El INM y la Guardia Nacional definirán un mecanismo de intercambio de información sobre "
         "rutas de tráfico.", ["INM", "Guardia Nacional"], ["SSPC"], dt.date(2026, 5, 15),
         ["INM"], []),
    ]),
    (2, "SO", dt.date(2026, 5, 19), "Palacio Nacional", "CDMX", "approved", [
        ("La SSPC circulará el tablero de seguimiento de carpetas de investigación.", ["SSPC"], [],
         dt.date(2026, 6, 2), ["SSPC"], []),
        ("La SEDENA y la Marina informarán de los operativos conjuntos en la frontera sur.",
         ["SEDENA", "Marina"], [], dt.date(2026, 7, 31), [], ["Marina"]),
        ("Las instituciones designarán a su enlace permanente ante la Mesa.", ALL, [],
         dt.date(2026, 6, 30), ["SSPC", "FGR", "INM", "CNDH", "UPMRIP"], []),
    ]),
    (1, "SE", dt.date(2026, 7, 7), "Tapachula", "CHIS", "approved", [
        ("La FGR dará seguimiento a las carpetas abiertas por el caso de Tapachula e informará en "
         "la siguiente sesión.", ["FGR"], ["Guardia Nacional"], dt.date(2026, 9, 15), [], []),
    ]),
    (3, "SO", dt.date(2026, 9, 15), "Palacio Nacional", "CDMX", "in_review", [
        ("La UPMRIP compartirá las cifras de eventos de personas en situación migratoria irregular "
         "del primer semestre.", ["UPMRIP"], [], dt.date(2026, 10, 15), [], []),
        ("Las instituciones revisarán el proyecto de lineamientos de la Mesa.", ALL, [],
         dt.date(2026, 12, 11), [], ["SSPC"]),
    ]),
]

PLANNED = [(4, dt.date(2026, 12, 8))]
