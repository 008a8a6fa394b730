"""Names of sessions as bodies write them: "5ª. sesión ordinaria del Grupo de Trabajo…",
"Quincuagésima Sesión Ordinaria del Consejo Nacional…", "III Reunión Ordinaria de la Mesa…".

A group chooses its style (ordinal number, ordinal word, Roman numeral) and its noun ("sesión" or
"reunión"). The ordinals are written here rather than taken from num2words: its Spanish ordinals
(0.5.14) write 11 as "décimoprimero" and take no gender. We follow the Diccionario panhispánico de
dudas: compound ordinals in two words, both parts agreeing with the noun ("vigésima primera
sesión"), "primer"/"tercer" before a masculine noun; 11 and 12 as "décima primera", "décima
segunda", as Mexican federal bodies title their sessions.
"""

FEMININE, MASCULINE = "f", "m"

_UNITS = ("", "primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo", "octavo",
          "noveno")
_TENS = ("", "décimo", "vigésimo", "trigésimo", "cuadragésimo", "quincuagésimo", "sexagésimo",
         "septuagésimo", "octogésimo", "nonagésimo")
_HUNDREDS = ("", "centésimo", "ducentésimo", "tricentésimo", "cuadringentésimo", "quingentésimo",
             "sexcentésimo", "septingentésimo", "octingentésimo", "noningentésimo")
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))

# Nouns a body's name starts with, by gender, for "de la Mesa" / "del Consejo".
_FEMININE_NOUNS = {
    "mesa", "comisión", "junta", "conferencia", "red", "asamblea", "coordinación", "secretaría",
    "reunión", "alianza", "unidad", "instancia", "cámara", "coalición", "plataforma", "subcomisión",
    "submesa", "estrategia", "oficina", "dirección", "fiscalía", "procuraduría", "región",
    "iniciativa", "agencia", "célula", "sesión", "subsecretaría", "federación",
}
_MASCULINE_NOUNS = {
    "grupo", "consejo", "gabinete", "comité", "subcomité", "sistema", "programa", "pleno",
    "secretariado", "mecanismo", "foro", "colectivo", "observatorio", "instituto", "centro",
    "órgano", "equipo", "diálogo", "subgrupo", "frente", "plan",
}


def ordinal_word(number: int, gender: str = FEMININE, *, before_noun: bool = True) -> str:
    """1 → "primera" (f), "primer" (m, before a noun); 21 → "vigésima primera"; 50 →
    "quincuagésima"; 100 → "centésima"; 1–999."""
    if not 1 <= number <= 999:
        raise ValueError("ordinal words are written for 1 to 999")
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words = [w for w in (_HUNDREDS[hundreds], _TENS[tens], _UNITS[units]) if w]
    if gender == FEMININE:
        return " ".join(w[:-1] + "a" for w in words)
    if before_noun and words[-1] in ("primero", "tercero"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def ordinal_number(number: int, gender: str = FEMININE) -> str:
    """5 → "5ª." (f) or "5º." (m), as the reference minuta writes it."""
    return f"{number}{'ª' if gender == FEMININE else 'º'}."


def roman(number: int) -> str:
    if not 1 <= number <= 3999:
        raise ValueError("Roman numerals are written for 1 to 3999")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def name_gender(name: str) -> str:
    """The gender of a body's name, from its first word ("Mesa de…" f, "Grupo de…" m)."""
    first = (name.split() or [""])[0].lower()
    known = _FEMININE_NOUNS | _MASCULINE_NOUNS
    singular = first[:-1] if first.endswith("s") and first[:-1] in known else first
    if singular in _FEMININE_NOUNS:
        return FEMININE
    if singular in _MASCULINE_NOUNS:
        return MASCULINE
    if singular.endswith(("ión", "dad", "tad", "tud", "umbre", "a")):
        return FEMININE
    return MASCULINE


def of_the(name: str) -> str:
    """ "del Grupo…", "de la Mesa…", "de las Mesas…", "de los Grupos…"; a name that already starts
    with an article keeps it ("de La Paz…" stays as written)."""
    first = (name.split() or [""])[0]
    if first.lower() in ("el", "la", "los", "las"):
        return f"de {name}" if first.lower() != "el" else f"del {name[3:]}"
    plural = first.lower().endswith("s") and first.lower()[:-1] in _FEMININE_NOUNS | _MASCULINE_NOUNS
    if name_gender(name) == FEMININE:
        return f"de {'las' if plural else 'la'} {name}"
    return f"de los {name}" if plural else f"del {name}"


# The style of a group's names (WorkingGroup.SessionNaming values) and its nouns.
ORDINAL_NUMBER, ORDINAL_WORD, ROMAN = "ordinal_number", "ordinal_word", "roman"
NOUNS = {"sesion": "sesión", "reunion": "reunión"}  # both feminine
KINDS = {"SO": "ordinaria", "SE": "extraordinaria"}


def session_name(*, number: int, type: str, style: str = ORDINAL_NUMBER,
                 noun: str = "sesion") -> str:
    """ "5ª. sesión ordinaria", "Quincuagésima Sesión Ordinaria", "III Reunión Extraordinaria".
    An ordinal number is followed by lower case, as the body of a text writes it; ordinal words and
    Roman numerals are titles, each word capitalised, as bodies write them."""
    noun_word = NOUNS.get(noun, noun)
    kind = KINDS.get(type, type)
    if style == ORDINAL_WORD:
        words = [*ordinal_word(number, FEMININE).split(), noun_word, kind]
        return " ".join(w[:1].upper() + w[1:] for w in words)
    if style == ROMAN:
        return f"{roman(number)} {noun_word.capitalize()} {kind.capitalize()}"
    return f"{ordinal_number(number, FEMININE)} {noun_word} {kind}"


def session_title(group, *, number: int, type: str) -> str:
    """The default title of a group's session: its name and "of the" group, with the article
    agreeing with the group's name."""
    name = session_name(number=number, type=type, style=group.session_naming,
                        noun=group.session_noun)
    return f"{name} {of_the(group.name)}"
