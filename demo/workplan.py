"""The GTTIM's Plan de Trabajo Anual 2025 as the reference minuta narrates it ("Propuesta de
creación del Plan de Trabajo Anual", 5ª sesión ordinaria, 3 June 2025): three ejes, ten
actividades, the calendar 5ª–8ª approved by 5/SO-4; in consultation after 5/SO-2 and 5/SO-3."""

import datetime as dt

YEAR = 2025
TITLE = "Plan de Trabajo Anual 2025"
DESCRIPTION = (
    "Elaborado por la UPMRIP con perspectiva de género y juventudes, enfoque de derechos humanos y "
    "pertinencia cultural. Las instituciones indican dónde pueden coordinar (instancias "
    "responsables) o coadyuvar (instancias coadyuvantes)."
)
CONSULTATION_UNTIL = dt.date(2025, 6, 11)

# (eje title, [(actividad, entregable, end date, states)])
EJES = [
    ("Generación de conocimiento y capacitación", [
        ("Elaborar un resumen ejecutivo del diagnóstico de instituciones que participan en la "
         "prevención y atención del tráfico ilícito de personas en contextos de movilidad, para "
         "identificar acciones, programas y buenas prácticas y construir un paquete de "
         "capacitaciones dirigido a las funcionarias y los funcionarios con atribuciones para "
         "atenderlo.", "Resumen ejecutivo y paquete de capacitaciones", dt.date(2025, 9, 18), []),
        ("Construir una guía para que las instituciones documenten sus acciones, fortalezcan el "
         "conocimiento sobre el tráfico ilícito y las mejores prácticas para medirlo, de modo que "
         "se puedan visibilizar, contabilizar y sistematizar.", "Guía de documentación",
         dt.date(2025, 11, 27), []),
        ("Realizar una campaña nacional de comunicación dirigida a la población para la prevención "
         "del delito de tráfico ilícito, con perspectiva de género, de juventudes y pertinencia "
         "cultural.", "Campaña nacional de comunicación", dt.date(2025, 11, 27), []),
        ("Llevar a cabo un foro internacional presencial sobre tráfico ilícito para compartir "
         "experiencias entre personas expertas, analizar causas, consecuencias y tendencias, y "
         "fortalecer la cooperación internacional.", "Foro internacional y su relatoría",
         dt.date(2025, 11, 27), []),
    ]),
    ("Coordinación efectiva", [
        ("Diseñar una estrategia de difusión de los documentos elaborados en el seno del grupo "
         "para socializarlos con las distintas instituciones y espacios estratégicos.",
         "Estrategia de difusión", dt.date(2025, 8, 5), []),
        ("Diseñar un protocolo o ruta de atención interinstitucional con las acciones para el "
         "combate al tráfico ilícito y la atención de las personas objeto del mismo o víctimas de "
         "delitos conexos, con perspectiva de género, de juventudes y pertinencia cultural.",
         "Protocolo de atención interinstitucional", dt.date(2025, 11, 27), []),
        ("Crear un directorio por dependencia de las personas responsables de concentrar la "
         "información sobre acciones relativas al tráfico ilícito, con sus cargos y correos "
         "electrónicos.", "Directorio interinstitucional", dt.date(2025, 8, 5), []),
    ]),
    ("Fortalecimiento de las capacidades en las entidades federativas", [
        ("Invitar a las autoridades estatales a una reunión de trabajo para conocer las rutas de "
         "atención a personas objeto de tráfico ilícito o víctimas de delitos conexos, sus avances "
         "y retos, y fortalecer la actividad en territorio.", "Reunión con autoridades estatales",
         dt.date(2025, 9, 18), []),
        ("Brindar capacitaciones a nivel estatal y municipal en detección, atención y canalización "
         "de posibles casos de tráfico ilícito en contextos de movilidad.",
         "Capacitaciones estatales y municipales", dt.date(2025, 11, 27), []),
        ("Impulsar la implementación de las rutas locales de protección y atención a personas "
         "objeto de tráfico ilícito de migrantes en Veracruz, Tamaulipas, Oaxaca y San Luis "
         "Potosí.", "Rutas locales de protección implementadas", dt.date(2025, 11, 27),
         ["VER", "TAMPS", "OAX", "SLP"]),
    ]),
]

# Institutions already named when the plan went out (UPMRIP drafted it).
PARTS = {(2, 1): [("UPMRIP", "responsable")], (2, 3): [("UPMRIP", "responsable")]}

# (eje, actividad, institution, role, comment, decision: None pending / "accepted" / "declined")
PROPOSALS = [
    (1, 1, "OIM", "coadyuvante", "La OIM elaboró el diagnóstico con la UPMRIP; puede aportar "
     "la hoja de ruta y el indicador.", "accepted"),
    (1, 1, "UPMRIP", "responsable", "Coordinamos el resumen ejecutivo.", "accepted"),
    (3, 2, "ONUDC", "coadyuvante", "ONUDC tiene manuales, guías y protocolos que pueden sumar "
     "a las capacitaciones.", None),
    (1, 4, "OIM", "responsable", "Podemos organizar el foro con la cooperación internacional.",
     None),
]

# The calendar (5/SO-4): the 5ª is the session that approves it.
CALENDAR = [(5, dt.date(2025, 6, 3)), (6, dt.date(2025, 8, 5)), (7, dt.date(2025, 9, 18)),
            (8, dt.date(2025, 11, 27))]

# Acuerdos of the 5ª about the plan as a whole; 5/SO-4 approves the calendar.
PLAN_ACUERDOS = [2, 3]
CALENDAR_ACUERDO = 4
