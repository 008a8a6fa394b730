"""Reading a spreadsheet (XLSX or CSV) into a header row and raw rows, and matching its headings
to an import's fields. Shared by the backlog import (imports.backlog) and the work plan's import
of actividades (workplan.imports): one reader, so size limits, CSV dialects and the messages for
an unreadable file are the same in both."""

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .docx_reader import UnreadableFile, check_zip_sizes
from .spanish import fold, parse_date


@dataclass
class Sheet:
    headers: list[str]
    rows: list[list]  # raw values, as read
    mapping: dict[str, int]  # field → column index


def _unreadable() -> ValidationError:
    return ValidationError(_("This spreadsheet could not be read: save it as .xlsx or .csv and "
                             "try again."))


def _xlsx_values(data: bytes) -> list[list]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _unreadable()  # check_zip_sizes would speak of a Word document
    try:
        check_zip_sizes(data)
    except UnreadableFile as exc:
        raise ValidationError(str(exc)) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise _unreadable() from None
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def _csv_values(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if not text.strip():
        return []
    try:
        # Every import needs two columns at least: text in which the sniffer finds no
        # delimiter (one column, a calendar file, prose) is not a table to import.
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        return [row for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error:
        raise _unreadable() from None


def read_sheet(data: bytes, filename: str, *, fields) -> Sheet:
    """The first sheet of an XLSX, or a CSV (UTF-8 or Latin-1, comma, semicolon or tab), with its
    headings matched to `fields` (detect_mapping)."""
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        values = _xlsx_values(data)
    else:
        values = _csv_values(data)
    values = [row for row in values if any(v not in (None, "") for v in row)]
    if not values:
        raise ValidationError(_("The spreadsheet is empty."))
    headers = ["" if v is None else str(v).strip() for v in values[0]]
    return Sheet(headers=headers, rows=values[1:], mapping=detect_mapping(headers, fields))


def detect_mapping(headers: list[str], fields) -> dict[str, int]:
    """field → column: a heading equal to the field's template heading or one of its aliases,
    compared folded (no accents, lower case); each column serves one field at most."""
    mapping = {}
    folded = [fold(h).strip(" :") for h in headers]
    for name, label, aliases in fields:
        wanted = {fold(str(label))} | {fold(a) for a in aliases}
        for index, heading in enumerate(folded):
            if index not in mapping.values() and heading in wanted:
                mapping[name] = index
                break
    return mapping


def cell(raw, index):
    if index is None or index >= len(raw):
        return None
    value = raw[index]
    return value.strip() if isinstance(value, str) else value


def as_date(value, default_year=None):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value in (None, ""):
        return None
    return parse_date(str(value), default_year=default_year)
