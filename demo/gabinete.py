"""The Gabinete de Seguridad family for the Informe: the MJ-MIGRACION and its sibling Mesas de
Judicialización by theme, sessions at Palacio Nacional and in the states (the hidrocarburos Mesa
meets interstate), governors attending some. Invented data with fixed dates (idempotent)."""

import datetime as dt

GABINETE = "GABSEG"

# (slug, name): the Gabinete's temas; each Mesa carries one.
THEMES = [
    ("tala-ilegal", "tala ilegal"),
    ("trata-de-personas", "trata de personas"),
    ("migracion", "migración"),
    ("hidrocarburos", "hidrocarburos"),
]

# key → (name, state)
VENUES = {
    "palacio": ("Palacio Nacional", "CDMX"),
    "culiacan": ("Palacio de Gobierno de Sinaloa", "SIN"),
    "chilpancingo": ("Palacio de Gobierno de Guerrero", "GRO"),
    "tampico": ("Centro de Convenciones de Tampico", "TAMPS"),
    "villahermosa": ("Centro de Mando de Villahermosa", "TAB"),
    "tapachula": ("Estación Migratoria Siglo XXI", "CHIS"),
}

# state → (institution acronym, institution name, governor, sex)
GOVERNORS = {
    "SIN": ("GOB-SIN", "Gobierno del Estado de Sinaloa", "Rubén Aguilar Medina", "male"),
    "GRO": ("GOB-GRO", "Gobierno del Estado de Guerrero", "Elena Salgado Ruiz", "female"),
    "TAMPS": ("GOB-TAMPS", "Gobierno del Estado de Tamaulipas", "Américo Lara Solís", "male"),
    "TAB": ("GOB-TAB", "Gobierno del Estado de Tabasco", "Javier Cruz Ocaña", "male"),
    "CHIS": ("GOB-CHIS", "Gobierno del Estado de Chiapas", "Marina Gómez Castillo", "female"),
    "VER": ("GOB-VER", "Gobierno del Estado de Veracruz", "Rocío Herrera Lagunes", "female"),
}

MEMBERS = ["SSPC", "FGR", "Guardia Nacional", "SEDENA", "Marina"]

# The Mesas beside MJ-MIGRACION: (acronym, name, theme slug, created on)
MESAS = [
    ("MJ-TALA", "Mesa de Judicialización contra la Tala Ilegal", "tala-ilegal",
     dt.date(2021, 9, 7)),
    ("MJ-TRATA", "Mesa de Judicialización contra la Trata de Personas", "trata-de-personas",
     dt.date(2021, 9, 7)),
    ("MJ-HIDROCARBUROS", "Mesa de Judicialización contra el Robo de Hidrocarburos",
     "hidrocarburos", dt.date(2021, 9, 7)),
]

# group → [(date, venue, scope, governors' states, acuerdos (responsable, fulfilled?))]
SESSIONS = {
    "GABSEG": [
        (dt.date(2025, 10, 6), "palacio", "national", ["VER"], [("SSPC", True)]),
        (dt.date(2025, 11, 3), "palacio", "national", [], [("SEDENA", True)]),
        (dt.date(2025, 12, 1), "culiacan", "national", ["SIN"], [("Guardia Nacional", False)]),
        (dt.date(2026, 2, 2), "palacio", "national", ["GRO", "VER"], [("FGR", False)]),
        (dt.date(2026, 3, 2), "chilpancingo", "national", ["GRO"], [("SSPC", False)]),
        (dt.date(2026, 4, 6), "palacio", "national", [], [("Marina", True)]),
    ],
    "MJ-TALA": [
        (dt.date(2025, 10, 14), "palacio", "national", [], [("FGR", True)]),
        (dt.date(2026, 1, 20), "palacio", "national", [], [("Guardia Nacional", False)]),
        (dt.date(2026, 4, 21), "palacio", "national", [], [("SEDENA", False)]),
    ],
    "MJ-TRATA": [
        (dt.date(2025, 11, 11), "palacio", "national", [], [("FGR", True)]),
        (dt.date(2026, 2, 10), "tapachula", "regional", ["CHIS"], [("SSPC", False)]),
    ],
    "MJ-HIDROCARBUROS": [
        (dt.date(2025, 9, 23), "tampico", "regional", ["TAMPS"], [("Marina", True)]),
        (dt.date(2025, 11, 25), "villahermosa", "regional", ["TAB"], [("SEDENA", True)]),
        (dt.date(2026, 1, 27), "tampico", "regional", ["TAMPS", "VER"], [("FGR", False)]),
        (dt.date(2026, 3, 24), "palacio", "national", [], [("SSPC", False)]),
        (dt.date(2026, 5, 26), "villahermosa", "regional", ["TAB"], [("Guardia Nacional", False)]),
    ],
}
