"""CSV and XLSX exports of the follow-up lists. Headers and labels are Spanish whatever the UI
language: the files go to reports and spreadsheets that are kept in Spanish. Dates are dates: ISO
(YYYY-MM-DD) in CSV, date cells in XLSX.

Text typed by users (an acuerdo's text, a name) may start with a character a spreadsheet takes for
a formula (`=HYPERLINK(...)`, `+`, `-`, `@`, a tab or carriage return): it is neutralised in every
export — in CSV with a leading apostrophe (OWASP's advice), in XLSX as a text cell with Excel's
quote prefix, so the cell shows the text and never runs it."""

import csv
import datetime
import io
import zipfile

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ROLE_ES = {"responsable": "Responsable", "coadyuvante": "Coadyuvante"}
PART_STATUS_ES = {
    "pending": "Pendiente", "in_progress": "En proceso",
    "reported": "Cumplimiento reportado (por validar)", "fulfilled": "Cumplido (validado)",
}
ACUERDO_STATUS_ES = {
    "pending": "Pendiente", "in_progress": "En proceso", "overdue": "Vencido",
    "fulfilled": "Cumplido", "cancelled": "Sin efecto",
}

PART_HEADERS = [
    "Número", "Grupo", "Sesión", "Fecha de la sesión", "Acuerdo", "Institución", "Papel",
    "Estado de la institución", "Estado del acuerdo", "Fecha de cumplimiento", "Días restantes",
    "Días de atraso",
]

COMPLIANCE_HEADERS = [
    "Adoptados", "Cumplidos (validados)", "En proceso", "Vencidos", "Sin efecto",
    "Tasa de cumplimiento (%)",
]


def part_row(row) -> list:
    a = row.acuerdo
    return [
        a.number, a.group.acronym, a.session.code, a.session.date, a.text, row.institution.acronym,
        ROLE_ES.get(row.role, row.role), PART_STATUS_ES.get(row.status, row.status),
        ACUERDO_STATUS_ES.get(row.overall, row.overall), a.due_date,
        row.days_left if row.days_left is not None and row.days_left >= 0 else None,
        row.days_overdue,
    ]


def compliance_rows(rows, key: str) -> list[list]:
    return [[r[f"{key}__acronym"], r[f"{key}__name"], r["adopted"], r["fulfilled"],
             r["in_process"], r["overdue"], r["cancelled"], r["rate"]] for r in rows]


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_safe(value):
    """A CSV cell a spreadsheet shows as text: a leading apostrophe before a formula lead."""
    return "'" + value if is_formula_like(value) else value


class _Echo:
    def write(self, value):
        return value


def _csv_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else csv_safe(value)


def csv_response(filename: str, headers: list[str], rows) -> StreamingHttpResponse:
    """Streamed, so that a list of any length is exported in constant memory. UTF-8 with BOM so
    that Excel opens accents correctly."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([csv_safe(h) for h in headers])
        for row in rows:
            yield writer.writerow([_csv_value(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, sheets: list[tuple[str, list[str], object]], *,
                  write_only: bool = True) -> HttpResponse:
    """sheets: (title, headers, rows). Write-only workbook: rows are streamed into the file
    (through a temporary file per sheet). write_only=False keeps the cells in memory instead,
    for many small sheets (the Informe's 18, 1,521 cells), and writes each sheet's XML in
    memory too (_save_in_memory). Both write the same cells."""
    book = Workbook(write_only=write_only)
    if not write_only:
        book.remove(book.active)  # the default empty sheet; write-only books start with none
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(headers)
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, datetime.date):
                    cell.number_format = "dd/mm/yyyy"
                elif is_formula_like(value):
                    cell.data_type = "s"  # openpyxl would store "=…" as a formula
                    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    if write_only:
        book.save(buffer)
    else:
        _save_in_memory(book, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


class _InMemoryExcelWriter(ExcelWriter):
    """openpyxl's writer of a (not write-only) workbook, each sheet's XML written into memory.
    Workbook.save serialises every sheet into a temporary file it then copies into the zip and
    removes: for the Informe's 18 small sheets that was ~8 ms of the save's ~25 ms of CPU
    (alternated in process, bench/informe_scale.py's XLSX). The same XML goes into the same
    archive members; only their zip timestamps differ, as between any two saves."""

    def write_worksheet(self, ws):
        # ExcelWriter.write_worksheet (openpyxl 3.1) with an in-memory out for WorksheetWriter,
        # which supports it (WorksheetWriter.read); tests/test_xlsx_memory.py compares the
        # archives' members with Workbook.save's.
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = WorksheetWriter(ws, out=io.BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


def _save_in_memory(book: Workbook, buffer) -> None:
    """book.save(buffer) without temporary files: openpyxl's save_workbook with the writer of
    _InMemoryExcelWriter."""
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    book.properties.modified = datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)
    _InMemoryExcelWriter(book, archive).save()
