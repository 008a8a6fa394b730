"""Reading what Spanish minutas write: dates in words, ordinals, Roman numerals, times."""

import datetime as dt
import re
import unicodedata

MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6, "jul": 7, "ago": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dic": 12,
}

# Ordinal words as bodies write session names ("Quincuagésima Sesión Ordinaria"), masculine and
# feminine, without accents (see fold()).
_UNITS = {"primer": 1, "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercer": 3,
          "tercero": 3, "tercera": 3, "cuarto": 4, "cuarta": 4, "quinto": 5, "quinta": 5,
          "sexto": 6, "sexta": 6, "septimo": 7, "septima": 7, "setimo": 7, "setima": 7,
          "octavo": 8, "octava": 8, "noveno": 9, "novena": 9}
_TENS = {"decimo": 10, "decima": 10, "vigesimo": 20, "vigesima": 20, "trigesimo": 30,
         "trigesima": 30, "cuadragesimo": 40, "cuadragesima": 40, "quincuagesimo": 50,
         "quincuagesima": 50, "sexagesimo": 60, "sexagesima": 60, "septuagesimo": 70,
         "septuagesima": 70, "octogesimo": 80, "octogesima": 80, "nonagesimo": 90,
         "nonagesima": 90, "centesimo": 100, "centesima": 100}
# "Undécima", "duodécima": the old forms of 11th and 12th.
_SPECIAL = {"undecimo": 11, "undecima": 11, "duodecimo": 12, "duodecima": 12}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def fold(text: str) -> str:
    """Lower case without accents or repeated spaces: how names and labels are compared."""
    text = unicodedata.normalize("NFKD", text.replace("\u00a0", " "))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def clean(text: str) -> str:
    """Cell and paragraph text with non-breaking spaces, tabs and runs of spaces made single."""
    return " ".join(text.replace("\u00a0", " ").replace("\u200b", "").split())


def ordinal_words(text: str) -> int | None:
    """The number an ordinal phrase names: "quincuagésima" 50, "vigésima primera" 21,
    "décimo segunda" 12, "decimoquinta" 15. None when the text holds no ordinal word."""
    words = fold(text).replace("-", " ").split()
    total, seen = 0, False
    for word in words:
        for prefix, value in (("decimo", 10), ("decima", 10)):
            # "decimoquinta", "decimotercero": tens and unit written as one word.
            if word.startswith(prefix) and word[len(prefix):] in _UNITS:
                total += value + _UNITS[word[len(prefix):]]
                seen = True
                break
        else:
            if word in _SPECIAL:
                total, seen = total + _SPECIAL[word], True
            elif word in _TENS:
                total, seen = total + _TENS[word], True
            elif word in _UNITS:
                total, seen = total + _UNITS[word], True
            elif seen:
                break
    return total if seen else None


def roman(text: str) -> int | None:
    if not text or not re.fullmatch(r"[IVXLCDM]+", text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total


SESSION_WORDS = r"(?i:sesi[oó]n|reuni[oó]n)"


def session_number_and_type(title: str) -> tuple[int | None, str | None]:
    """("5ª. REUNIÓN ORDINARIA DEL …") → (5, "SO"); "Segunda Sesión Extraordinaria" → (2, "SE");
    "Quincuagésima Sesión Ordinaria" → (50, "SO"); "III Reunión Bilateral" → (3, None)."""
    folded = fold(title)
    kind = "SE" if "extraordinaria" in folded else "SO" if "ordinaria" in folded else None
    match = re.search(r"(\d+)\s*(?:ª|º|a\b|o\b|ta\b|va\b|ra\b|da\b|na\b|\.)?\.?\s*"
                      + SESSION_WORDS, title, re.IGNORECASE)
    if match:
        return int(match.group(1)), kind
    match = re.search(r"\b([IVXLCDM]+)\s+" + SESSION_WORDS, title)
    if match and roman(match.group(1)):
        return roman(match.group(1)), kind
    before = re.split(SESSION_WORDS, folded.replace("sesion", "sesión").replace(
        "reunion", "reunión"), maxsplit=1)[0]
    number = ordinal_words(" ".join(before.split()[-3:])) if before else None
    return number, kind


def parse_time(text: str) -> dt.time | None:
    """"12:00", "12:00 hrs.", "9.30", "1:05 p. m." → a time."""
    match = re.search(r"(\d{1,2})\s*[:.h]\s*(\d{2})\s*(a\.?\s*m\.?|p\.?\s*m\.?)?", text,
                      re.IGNORECASE)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    suffix = (match.group(3) or "").lower().replace(".", "").replace(" ", "")
    if suffix == "pm" and hour < 12:
        hour += 12
    if suffix == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def parse_slot(text: str) -> tuple[dt.time, dt.time] | None:
    """"12:00 a 12:05", "12:00 - 12:05", "12:00–12:05 hrs" → (start, end)."""
    parts = re.split(r"\s*(?:\ba\b|-|–|—|al)\s*", clean(text), maxsplit=1)
    if len(parts) != 2:
        return None
    start, end = parse_time(parts[0]), parse_time(parts[1])
    return (start, end) if start and end else None


def parse_date(text: str, *, default_year: int | None = None) -> dt.date | None:
    """"03 de junio del 2025", "3 de junio de 2025", "11 de junio" (the session's year),
    "11/06/2025", "2025-06-11", "miércoles 3 de junio". None when nothing reads as a date."""
    folded = fold(text)
    match = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", folded)
    if match:
        return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = re.search(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b", folded)
    if match:
        year = int(match.group(3))
        return _date(year + 2000 if year < 100 else year, int(match.group(2)), int(match.group(1)))
    for match in re.finditer(r"\b(\d{1,2})\s*(?:de\s+)?([a-z]+)\.?(?:\s+(?:de|del)?\s*(\d{4}))?",
                             folded):
        month = MONTHS.get(match.group(2))
        if month:
            year = int(match.group(3)) if match.group(3) else default_year
            return _date(year, month, int(match.group(1))) if year else None
    return None


def _date(year, month, day) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
