"""Dates as a Mexican minuta writes them, whatever the interface language: "3 de junio de 2025"."""

import datetime

MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)


def date_in_words(day: datetime.date, *, year: bool = True) -> str:
    text = f"{day.day} de {MONTHS[day.month - 1]}"
    return f"{text} de {day.year}" if year else text


def due_date_in_words(due: datetime.date | None, session_date: datetime.date) -> str:
    """Due dates omit the year when it is the session's ("11 de junio")."""
    if due is None:
        return ""
    return date_in_words(due, year=due.year != session_date.year)


def time_slot(start: datetime.time, end: datetime.time | None) -> str:
    """ "12:00 a 12:05" """
    if end is None:
        return f"{start:%H:%M}"
    return f"{start:%H:%M} a {end:%H:%M}"
