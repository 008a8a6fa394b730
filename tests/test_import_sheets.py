"""imports.sheets: the one spreadsheet reader of the backlog import and the work plan's import.
Files that are not a table get the spreadsheet's own message (not a 500, not "Word document")."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from imports import backlog
from imports.sheets import detect_mapping, read_sheet
from workplan import imports as plan_imports

FIELDS = [("text", "Acuerdo", ("texto",)), ("due_date", "Fecha límite", ("plazo",))]


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_reads_an_xlsx_and_matches_headings_folded():
    sheet = read_sheet(_xlsx([["TEXTO", "Fecha Límite"], ["Uno", "2026-01-02"]]), "a.xlsx",
                       fields=FIELDS)
    assert sheet.mapping == {"text": 0, "due_date": 1}
    assert sheet.rows == [["Uno", "2026-01-02"]]


def test_it_reads_a_semicolon_csv_in_latin_1():
    data = "Acuerdo;Plazo\nRevisión;30/01/2026\n".encode("latin-1")
    sheet = read_sheet(data, "a.csv", fields=FIELDS)
    assert sheet.headers == ["Acuerdo", "Plazo"] and sheet.rows == [["Revisión", "30/01/2026"]]


@pytest.mark.parametrize("reader", [backlog.read_sheet, plan_imports.read_sheet])
def test_it_refuses_text_that_is_no_table(reader):
    # No delimiter the CSV sniffer trusts (a calendar file here): a message, not a 500.
    with translation.override("es-mx"), pytest.raises(ValidationError) as refused:
        reader(b"BEGIN:VCALENDAR\r\nDTSTAMP:20260101T000000Z\r\nEND:VCALENDAR", "datos.csv")
    assert "hoja de cálculo" in " ".join(refused.value.messages)


@pytest.mark.parametrize("reader", [backlog.read_sheet, plan_imports.read_sheet])
def test_it_names_a_false_xlsx_an_unreadable_spreadsheet(reader):
    with translation.override("es-mx"), pytest.raises(ValidationError) as refused:
        reader(b"PK\x03\x04 esto no es una hoja de calculo", "bitacora.xlsx")
    message = " ".join(refused.value.messages)
    assert "hoja de cálculo" in message and "Word" not in message


@pytest.mark.parametrize("reader", [backlog.read_sheet, plan_imports.read_sheet])
def test_it_refuses_an_empty_file(reader):
    with pytest.raises(ValidationError):
        reader(b"\n\n", "vacio.csv")


def test_each_column_serves_one_field_at_most():
    fields = [("a", "Texto", ()), ("b", "Otro", ("texto",))]
    assert detect_mapping(["Texto"], fields) == {"a": 0}
