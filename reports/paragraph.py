"""The paragraph a coordinator pastes into the Informe, in Spanish whatever the UI language: it is
text for an official Mexican report, written like the sentences of the public reports
(numbers in figures, lists joined with "y", counts per state in parentheses when more than one)."""

import datetime
import unicodedata

from django.utils import formats, translation

from meetings.places import Category, Country
from meetings.states import State

FEMININE_HEADS = ("mesa", "comisión", "conferencia", "junta", "red", "coordinación", "asamblea",
                  "secretaría", "unidad", "instancia", "subcomisión", "alianza")


def join_es(items: list[str]) -> str:
    """"a, b y c"; "y" becomes "e" before a word sounding /i/ ("migración e hidrocarburos")."""
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    last = items[-1]
    plain = unicodedata.normalize("NFD", last.casefold())
    conj = "e" if (plain.startswith("i") or plain.startswith("hi")) and not \
        plain.startswith(("hia", "hie", "hio", "hiu")) else "y"
    return f"{', '.join(items[:-1])} {conj} {last}"


def date_es(day: datetime.date) -> str:
    with translation.override("es"):
        return formats.date_format(day, r"j \d\e F \d\e Y")


def of_group(name: str) -> str:
    """"del Gabinete de Seguridad", "de la Mesa de Judicialización"."""
    head = name.split(" ", 1)[0].casefold()
    return f"de la {name}" if head in FEMININE_HEADS else f"del {name}"


def _n(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _with_counts(rows: list[dict], count_key: str) -> str:
    """"Sinaloa (4), Sonora y Zacatecas"; a single item needs no count (it is the total)."""
    if len(rows) == 1:
        return rows[0]["label"]
    return join_es([f"{r['label']} ({r[count_key]})" if r[count_key] > 1 else r["label"]
                    for r in rows])


def _groups_phrase(scope) -> str:
    """"del Gabinete de Seguridad", "del Gabinete de Seguridad y sus 4 grupos", "del X y de la Y"."""
    groups = {g.pk: g for g in scope.groups}
    chosen = [groups[pk] for pk in scope.chosen_ids if pk in groups] or list(scope.groups)
    under = len(groups) - len(chosen)
    phrase = join_es([of_group(g.name) for g in chosen])
    if under > 0:
        phrase += f" y {'su grupo' if under == 1 else f'sus {under} grupos'}" if len(chosen) == 1 \
            else f" y {_n(under, 'grupo', 'grupos')} que los integran"
    return phrase


def _places_clause(figures: dict) -> str:
    """", de las cuales 184 fueron en Palacio Nacional y 4 en las entidades federativas de …"""
    s = figures["sessions"]
    held = s["held"]
    parts = []
    top = s["by_venue"][0] if s["by_venue"] else None
    if top and held > 1:
        parts.append(f"{top['count']} {'fue' if top['count'] == 1 else 'fueron'} en {top['label']}")
    # The rest held in Mexican states (not at the main venue), then abroad, then virtual.
    others: dict[str, dict] = {}
    abroad: dict[str, dict] = {}
    virtual = 0
    for r in s["rows"]:
        if top and r["venue_id"] == top["key"]:
            continue
        if r["ctry"] and r["ctry"] != "MX":
            a = abroad.setdefault(r["ctry"], {"label": _country(s, r["ctry"]), "count": 0})
            a["count"] += r["n"]
        elif r["st"]:
            o = others.setdefault(r["st"], {"label": _state(s, r["st"]), "count": 0})
            o["count"] += r["n"]
        else:
            virtual += r["n"]
    if not parts and not abroad and not virtual and len(others) <= 1:
        return ""  # all in one place, or nothing to say
    if others:
        rows = sorted(others.values(), key=lambda o: _plain(o["label"]))
        total = sum(o["count"] for o in rows)
        where = "la entidad federativa de" if len(rows) == 1 else "las entidades federativas de"
        parts.append(f"{total} en {where} {_with_counts(rows, 'count')}")
    if abroad:
        rows = sorted(abroad.values(), key=lambda o: _plain(o["label"]))
        parts.append(f"{sum(o['count'] for o in rows)} en el extranjero "
                     f"({_with_counts(rows, 'count')})")
    if virtual:
        parts.append(f"{virtual} a distancia o sin sede registrada")
    return ", de las cuales " + join_es(parts) if parts else ""


def _plain(text):
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold())
                   if unicodedata.category(c) != "Mn")


# Choices.values builds a new list on every read: these are read once per state and sentence.
STATE_CODES, COUNTRY_CODES = frozenset(State.values), frozenset(Country.values)


def _state(s, code):
    return State(code).label if code in STATE_CODES else code


def _country(s, code):
    return Country(code).label if code in COUNTRY_CODES else code


def _governors_sentence(figures: dict) -> str:
    """"A 25 sesiones asistieron 14 gobernadoras y gobernadores de los estados de …"."""
    cat = next((c for c in figures["attendance"]["by_category"]
                if c["key"] == Category.GOVERNOR), None)
    if not cat or not cat["sessions"]:
        return ""
    states = figures["category_states"].get(Category.GOVERNOR, [])
    people = cat["people"]
    if people == 1:
        women = sum(s["women"] for s in states)
        men = sum(s["men"] for s in states)
        who = "1 gobernadora" if women and not men else "1 gobernador" if men and not women \
            else "1 gobernadora o gobernador"
    else:
        who = f"{people} gobernadoras y gobernadores"
    verb = "asistió" if people == 1 else "asistieron"
    sentence = f"A {_n(cat['sessions'], 'sesión', 'sesiones')} {verb} {who}"
    if states:
        where = "del estado de" if len(states) == 1 else "de los estados de"
        sentence += f" {where} {_with_counts(states, 'sessions')}"
    return sentence + "."


def _representatives_sentence(figures: dict) -> str:
    """"Participaron 87 representantes de 29 entidades federativas."""
    cat = next((c for c in figures["attendance"]["by_category"]
                if c["key"] == Category.STATE_REP), None)
    if not cat or not cat["people"]:
        return ""
    states = cat["states"]
    sentence = f"Participaron {_n(cat['people'], 'representante', 'representantes')}"
    if states:
        sentence += f" de {_n(states, 'entidad federativa', 'entidades federativas')}"
    return sentence + "."


def _acuerdos_sentence(figures: dict) -> str:
    a = figures["acuerdos"]
    if not a["adopted"]:
        return "No se adoptaron acuerdos."
    verb = "el acuerdo" if a["adopted"] == 1 else f"{a['adopted']} acuerdos"
    sentence = f"Esta coordinación permitió alcanzar {verb}"
    if a["adopted"] > 1:
        sentence += f", de los cuales se han cumplido {a['fulfilled']}" if a["fulfilled"] else ""
        if a["cancelled"]:
            sentence += f" y {a['cancelled']} quedaron sin efecto"
    return sentence + "."


def _themes_sentence(figures: dict) -> str:
    rows = [t for t in figures["themes"] if t["sessions_held"]]
    if len(rows) < 2 and not any(t["sessions_regional"] for t in rows):
        return ""
    items = []
    for t in rows:
        text = f"{t['label']} ({_n(t['sessions_held'], 'sesión', 'sesiones')}"
        if t["sessions_regional"]:
            text += f", {t['sessions_regional']} interestatal" + \
                ("es" if t["sessions_regional"] > 1 else "")
        items.append(text + ")")
    return f"Por tema: {join_es(items)}."


def informe_paragraph(*, scope, figures: dict) -> str:
    held = figures["sessions"]["held"]
    period = f"Del {date_es(scope.start)} al {date_es(scope.end)}"
    groups = _groups_phrase(scope)
    if not held:
        return f"{period} no se realizaron sesiones {groups}."
    verb = "se realizó" if held == 1 else "se realizaron"
    first = f"{period} {verb} {_n(held, 'sesión', 'sesiones')} {groups}{_places_clause(figures)}."
    sentences = [first, _governors_sentence(figures), _representatives_sentence(figures),
                 _acuerdos_sentence(figures), _themes_sentence(figures)]
    return " ".join(s for s in sentences if s)
