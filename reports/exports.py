"""XLSX (a sheet per breakdown, dates as dates), CSV (one long table) and DOCX (the paragraph and
the tables) of an Informe."""

import datetime
import io

from django.http import HttpResponse

from followup.exports import csv_response, xlsx_response

from .tables import breakdowns

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def filename(scope) -> str:
    groups = "-".join(g.acronym for g in scope.groups[:3]) or "grupos"
    return f"informe-{groups}-{scope.start.isoformat()}-{scope.end.isoformat()}"


def export(fmt, *, scope, figures, paragraph):
    name = filename(scope)
    tables = breakdowns(scope, figures)
    if fmt == "xlsx":
        # A few hundred cells in all: in memory (see xlsx_response).
        return xlsx_response(name, [("Párrafo", ["Texto"], [[paragraph]])] + tables,
                             write_only=False)
    if fmt == "csv":
        rows = [["Párrafo", "Texto", paragraph]]
        for title, headers, table in tables:
            for row in table:
                rows.append([title, *row])
        return csv_response(name, ["Desglose", "Concepto", "Valor", "Valor 2", "Valor 3",
                                   "Valor 4", "Valor 5", "Valor 6"], rows)
    return _docx(name, scope, paragraph, tables)


def _cell(value) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return "—" if value is None else str(value)


def _docx(name, scope, paragraph, tables) -> HttpResponse:
    from docx import Document

    document = Document()
    document.add_heading("Informe", level=1)
    document.add_paragraph(paragraph)
    for title, headers, rows in tables:
        if not rows:
            continue
        document.add_heading(title, level=2)
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers):
            cell.text = header
        for row in rows:
            for cell, value in zip(table.add_row().cells, row):
                cell.text = _cell(value)
    buffer = io.BytesIO()
    document.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response
