"""The reference minuta: 5th ordinary session of the GTTIM, 3 June 2025 (../shared/reference/)."""

import datetime as dt

F, I = "federal", "international"

INSTITUTIONS = [
    ("UPMRIP", "Unidad de Política Migratoria, Registro e Identidad de Personas", F),
    ("OIM", "Organización Internacional para las Migraciones", I),
    ("SSPC", "Secretaría de Seguridad y Protección Ciudadana", F),
    ("CEAV", "Comisión Ejecutiva de Atención a Víctimas", F),
    ("CNB", "Comisión Nacional de Búsqueda de Personas", F),
    ("CNDH", "Comisión Nacional de los Derechos Humanos", F),
    ("FGR", "Fiscalía General de la República", F),
    ("INM", "Instituto Nacional de Migración", F),
    ("Guardia Nacional", "Guardia Nacional", F),
    ("ONUDC", "Oficina de las Naciones Unidas contra la Droga y el Delito", I),
    ("SEGOB", "Secretaría de Gobernación", F),
    ("Mujeres", "Secretaría de las Mujeres", F),
    ("Marina", "Secretaría de Marina", F),
    ("SNDIF", "Sistema Nacional para el Desarrollo Integral de la Familia", F),
    ("SEDENA", "Secretaría de la Defensa Nacional", F),
]

PARENT = {
    "acronym": "CCPM",
    "name": "Consejo Consultivo de Política Migratoria",
    "created_on": dt.date(2012, 10, 26),
}

GROUP = {
    "acronym": "GTTIM",
    "name": "Grupo de Trabajo sobre Tráfico Ilícito de personas en contextos de Movilidad",
    "convening_unit": "Coordinación del Centro de Estudios Migratorios",
    "drafting_unit": "Dirección de Investigación del Centro de Estudios Migratorios",
    "created_on": dt.date(2022, 7, 19),
    # As the reference writes them: "03 de junio del 2025", "5ª. Reunión ordinaria".
    "date_style": "official",
    "session_noun": "reunion",
}

# (name, cargo, institution), in the order of the minuta. Enlaces are marked in ENLACES.
PARTICIPANTS = [
    ("Jesús Nathaniel Rodríguez Ordoñez", "Coordinador del Centro de Estudios Migratorios", "UPMRIP"),
    ("Jeremy Mac Gillivray", "Jefe de Misión Adjunto", "OIM"),
    ("Raúl Salgado Martínez", "Director de Área", "UPMRIP"),
    ("Renée Cornu Solis", "Subdirectora de Investigación", "UPMRIP"),
    ("Vanessa Denise Foronda Texier",
     "Coordinadora de la Unidad contra la Trata de Personas y el Tráfico Ilícito de Migrantes", "OIM"),
    ("Félix Andrea Morales Ramírez", "Directora General de Vinculación Interinstitucional", "SSPC"),
    ("Patricia Bedolla Zamora", "Directora General de Asuntos Jurídicos", "CEAV"),
    ("Paola Aidde López Barrera", "Directora de Procedimientos de Derechos Humanos", "CEAV"),
    ("Dulce María Paletina Cartagena Rivero", "Directora de Búsqueda de Migrantes", "CNB"),
    ("Ashley Gómez Chávez", "Jefa de Departamento", "CNB"),
    ("Laura Ortiz Valdez", "Visitadora Adjunta", "CNDH"),
    ("Eder Ramírez Pavón", "Agente del Ministerio Público Federal", "FGR"),
    ("Fátima Mena Ortega", "Directora de Control Y Verificación Migratoria", "INM"),
    ("Inspector José Alfredo Villa Aburto", "Jefe de Servicio en la Subjefatura Operativa",
     "Guardia Nacional"),
    ("Carolina Morales Rojo", "Encargada del área contra el tráfico ilícito de migrantes", "ONUDC"),
    ("Tania Estefanhy López Domínguez", "Especialista en Flujos Migratorios", "ONUDC"),
    ("Marco Alejandro Cano", "Asociado de Proyecto", "OIM"),
    ("Daniela Gómez Romo", "Directora de Desarrollo de Programas", "SEGOB"),
    ("Alejandra Navarrete Torres", "Subdirectora de Articulación de Mujeres Migrantes", "Mujeres"),
    ("Alejandra Del Ángel Hernández",
     "Jefa de Departamento de Seguimiento de Mujeres Migrantes", "Mujeres"),
    ("Juan Pablo López Moreno", "Jefe de Departamento de Vinculación y Enlace Nacional", "Marina"),
    ("Andrea Campos Escobar", "Subdirectora", "SSPC"),
    ("Alejandra Flores Bautista",
     "Encargada de Despacho de la Dirección de Seguimiento a la Atención, Cuidado y Desarrollo "
     "Integral Infantil", "SNDIF"),
    ("Carlos Alberto Buenfil Amaya", "Encargado de la UAEVE", "SSPC"),
    ("Rafael Carrillo Madrigal", "Subjefe de operaciones", "SEDENA"),
    ("Dara J. Castañeda Arévalo", "Directora de Área", "UPMRIP"),
    ("María de los Ángeles Calderón San Martín", "Jefa de departamento de Investigación", "UPMRIP"),
    ("Jonathan Gerardo Hernández Camarillo", "Subdirector", "UPMRIP"),
]

# One enlace per institution: the participant who answers for its acuerdos.
ENLACES = {
    "UPMRIP": "Jonathan Gerardo Hernández Camarillo",
    "OIM": "Marco Alejandro Cano",
    "SSPC": "Carlos Alberto Buenfil Amaya",
    "CEAV": "Paola Aidde López Barrera",
    "CNB": "Ashley Gómez Chávez",
    "CNDH": "Laura Ortiz Valdez",
    "FGR": "Eder Ramírez Pavón",
    "INM": "Fátima Mena Ortega",
    "Guardia Nacional": "Inspector José Alfredo Villa Aburto",
    "ONUDC": "Tania Estefanhy López Domínguez",
    "SEGOB": "Daniela Gómez Romo",
    "Mujeres": "Alejandra Del Ángel Hernández",
    "Marina": "Juan Pablo López Moreno",
    "SNDIF": "Alejandra Flores Bautista",
    "SEDENA": "Rafael Carrillo Madrigal",
}

SESSION = {
    "number": 5,
    "type": "SO",
    "title": "5ª. REUNIÓN ORDINARIA DEL GRUPO DE TRABAJO DE TRÁFICO DE PERSONAS EN CONTEXTOS "
    "DE MOVILIDAD",
    "subject": "5ª. Reunión ordinaria del grupo de trabajo de tráfico de personas en contextos "
    "de movilidad",
    "date": dt.date(2025, 6, 3),
    "start_time": dt.time(12, 0),
    "end_time": dt.time(13, 35),
    "modality": "virtual",
    "video_details": "Zoom. Tema: 5ta Reunión Grupo de Trabajo sobre Tráfico Ilícito de personas "
    "en contextos de Movilidad (GTTIM). Hora: 3 jun 2025 12:00 p. m. Ciudad de México",
    "video_url": "https://us06web.zoom.us/j/89156509733?pwd=iUben0yRx6iLP8t1yHUmR0OO5NpyEG.1",
    "meeting_id": "891 5650 9733",
    "passcode": "633252",
    "objective": "Fortalecer los procesos de generación, recolección e intercambio de información y "
    "datos relativos al Tráfico Ilícito de Personas Migrantes en la Administración Pública Federal",
    "status": "held",
}

NATHANIEL = ("Jesús Nathaniel Rodríguez Ordoñez",
             "Nathaniel Rodríguez, Coordinador del Centro de Estudios Migratorios")
RAUL = ("Raúl Salgado Martínez", "Raúl Salgado, Director de Investigación para Políticas Públicas")

# (start, end, activity, [(participant, "as written in the minuta")], narrative file)
AGENDA = [
    ("12:00", "12:05", "Bienvenida",
     [NATHANIEL, ("Jeremy Mac Gillivray", "Jeremy Mac Gillivray, Jefe de Misión Adjunto de OIM México")],
     "01.txt"),
    ("12:05", "12:10", "Ronda de presentación de personas asistentes", [RAUL], "02.txt"),
    ("12:10", "12:15", "Breve presentación del Grupo de trabajo", [NATHANIEL], "03.txt"),
    ("12:15", "12:35",
     "Recapitulación de los documentos realizados para generar Estrategias, Acciones e Información "
     "de las Instituciones Mexicanas en Materia de Tráfico Ilícito de Personas Migrantes y "
     "Presentación del Estudio: Perfiles de personas involucradas en la facilitación del tráfico "
     "ilícito de migrantes en Centroamérica, México y la República Dominicana",
     [("Vanessa Denise Foronda Texier",
       "Vanessa Foronda, Coordinadora de la Unidad contra la Trata de Personas y Tráfico Ilícito "
       "de Migrantes de OIM México")],
     "04.txt"),
    ("12:35", "12:55", "Presentación del balance de los trabajos de las Mesas de Judicialización",
     [("Félix Andrea Morales Ramírez",
       "Andrea Morales Ramírez, Directora General de Vinculación Interinstitucional de la SSPC")],
     "05.txt"),
    ("12:55", "13:10", "Propuesta de creación del Plan de Trabajo Anual",
     [("Renée Cornu Solis", "Renée Cornu Solis, Subdirectora de Investigación")], "06.txt"),
    ("13:10", "13:20", "Diálogo entre instituciones", [NATHANIEL], "07.txt"),
    ("13:20", "13:30", "Acuerdos finales y cierre de la actividad", [RAUL], "08.txt"),
    ("13:30", "13:35", "Clausura", [NATHANIEL], None),
]

ALL = "Todas las instituciones"

# (text, responsables, due date, institutions that have fulfilled their part by now)
ACUERDOS = [
    ("Las y los integrantes del grupo de trabajo se dan por enteradas de la creación del plan de "
     "trabajo 2025.", ALL, dt.date(2025, 6, 3), ALL),
    ("La unidad de política migratoria enviará a todas las instancias la propuesta del plan de "
     "trabajo por correo para su retroalimentación.", ["UPMRIP"], dt.date(2025, 6, 4), ["UPMRIP"]),
    ("Las instituciones emitirán comentarios e indicarán las actividades en las que podrán "
     "participar en un plazo no mayor a una semana a partir del envío.", ALL, dt.date(2025, 6, 11),
     ["UPMRIP", "OIM", "SSPC", "CEAV", "CNDH", "ONUDC", "SEGOB", "Mujeres", "SNDIF"]),
    ("Las instituciones conocen la calendarización de las reuniones del grupo de trabajo y "
     "aprueban las fechas propuestas.", ALL, dt.date(2025, 6, 3), ALL),
    ("Se enviará la presentación utilizada en la reunión", ["UPMRIP"], dt.date(2025, 6, 4),
     ["UPMRIP"]),
]

# Sequences of the acuerdos that are informational/approval ("se dan por enteradas", "aprueban
# las fechas propuestas"): fulfilled at adoption, no parts to report (5/SO-1 and 5/SO-4).
INFORMATIONAL = {1, 4}

DRAFTED_BY = "María de los Ángeles Calderón San Martín"
APPROVED_BY = "Raúl Salgado Martínez"
APPROVED_AT = dt.datetime(2025, 6, 6, 10, 0)

# The calendar approved in the session (6ª, 7ª, 8ª ordinarias).
PLANNED = [(6, dt.date(2025, 8, 5)), (7, dt.date(2025, 9, 18)), (8, dt.date(2025, 11, 27))]

# The 5th session's "Evidencia fotográfica": (file name, caption, what the drawing shows).
PHOTOS = [
    ("gttim-5so-galeria.png", "Captura de pantalla de la sesión virtual",
     "gallery"),
    ("gttim-5so-plan-de-trabajo.png", "Presentación de la propuesta del Plan de Trabajo Anual",
     "slide"),
]
SLIDE = (
    "Plan de Trabajo Anual 2025",
    ["Eje 1. Generación de conocimiento y capacitación",
     "Eje 2. Coordinación efectiva",
     "Eje 3. Fortalecimiento de capacidades en las entidades",
     "Calendario: 5 ago · 18 sep · 27 nov"],
    "Renée Cornu Solis",
)
