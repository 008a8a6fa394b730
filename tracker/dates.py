"""Dates in words, the one way the whole tracker writes them: pages, the minuta (PDF and DOCX),
e-mails and calendar invitations. Spanish writes months and weekdays in lower case ("martes 5 de
agosto de 2025"); Django's es-MX catalogue capitalises them ("5 de Agosto de 2025"), so the words
come from the tables below, not from the DATE_FORMAT of the active locale.

Forms: "long" 5 de agosto de 2025 · "weekday" martes 5 de agosto de 2025 · "day_month" 5 de agosto
· "datetime" 5 de agosto de 2025, 13:30. English: 5 August 2025 · Tuesday 5 August 2025 · ...
A group may ask for the style of its official minutas ("official": 05 de agosto del 2025).
"""

import datetime as dt

from django.utils import timezone, translation

PLAIN, OFFICIAL = "plain", "official"
FORMS = ("long", "weekday", "day_month", "datetime")

MONTHS = {
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
WEEKDAYS = {
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "es").lower()
    return "es" if code.startswith("es") else "en"


def format_date(
    value: dt.date | dt.datetime | None,
    form: str = "long",
    *,
    style: str = PLAIN,
    language: str | None = None,
) -> str:
    """`value` in words in `language` (the active language when omitted); "" for None. An aware
    datetime is shown in the site's time zone."""
    if value is None or value == "":
        return ""
    if form not in FORMS:
        raise ValueError(f"unknown date form {form!r}; one of {FORMS}")
    time = None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        time, value = value.time(), value.date()
    lang = _language(language)
    month = MONTHS[lang][value.month - 1]
    if lang == "es":
        day = f"{value.day:02d}" if style == OFFICIAL else str(value.day)
        text = f"{day} de {month}"
        if form != "day_month":
            text += f" {'del' if style == OFFICIAL else 'de'} {value.year}"
    else:
        text = f"{value.day} {month}" + ("" if form == "day_month" else f" {value.year}")
    if form == "weekday":
        text = f"{WEEKDAYS[lang][value.weekday()]} {text}"
    if form == "datetime" and time is not None:
        text += f", {time:%H:%M}"
    return text


# Django's date format characters that only print a number: the ones of the SHORT_DATE_FORMATs
# ("d/m/Y" in es-MX, "m/d/Y" in English), as str.format fields.
_NUMERIC = {"d": "{0.day:02d}", "j": "{0.day}", "m": "{0.month:02d}", "n": "{0.month}",
            "Y": "{0.year:04d}", "y": "{1:02d}"}


def numeric_date_formatter(format_string: str):
    """A function writing a date as `dateformat.format(value, format_string)` does (the |date
    filter), for lists that format a hundred dates a page: a format of numbers and separators
    only is compiled once into a str.format (dateformat parses the format and builds a formatter
    object per date, ~20 µs each). Any other format, or a value that is not a plain date (a
    datetime's time zone), goes to dateformat itself. tests/test_dates.py compares the two."""
    from django.utils import dateformat

    def slow(value):
        return dateformat.format(value, format_string)

    if "\\" in format_string or "{" in format_string or "}" in format_string:
        return slow
    pieces = dateformat.re_formatchars.split(format_string)
    if any(piece not in _NUMERIC for piece in pieces[1::2]):
        return slow
    template = "".join(_NUMERIC[piece] if i % 2 else piece for i, piece in enumerate(pieces))

    def fast(value):
        if type(value) is not dt.date:
            return slow(value)
        return template.format(value, value.year % 100)

    return fast
