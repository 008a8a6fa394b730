"""Dates as a Mexican minuta writes them, whatever the interface language: "3 de junio de 2025",
or "03 de junio del 2025" for a group that asks for the style of its official minutas. The words
come from tracker.dates, the one date formatting function of the tracker."""

import datetime

from tracker.dates import PLAIN, format_date


def date_in_words(day: datetime.date, *, year: bool = True, style: str = PLAIN) -> str:
    return format_date(day, "long" if year else "day_month", style=style, language="es")


def due_date_in_words(
    due: datetime.date | None, session_date: datetime.date, *, style: str = PLAIN
) -> str:
    """Due dates omit the year when it is the session's ("11 de junio", never zero-padded, as the
    reference's acuerdos table writes them)."""
    if due is None:
        return ""
    if due.year == session_date.year:
        return date_in_words(due, year=False)
    return date_in_words(due, style=style)


def time_slot(start: datetime.time, end: datetime.time | None) -> str:
    """ "12:00 a 12:05" """
    if end is None:
        return f"{start:%H:%M}"
    return f"{start:%H:%M} a {end:%H:%M}"
