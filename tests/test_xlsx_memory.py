"""xlsx_response(write_only=False) (the Informe's export) saves its workbook without openpyxl's
temporary file per sheet (followup.exports._save_in_memory): the archive must hold the same
members, in the same order, with the same bytes as Workbook.save gives (docProps/core.xml carries
the save's time, so only its shape is compared)."""

import datetime
import io
import re
import zipfile

import openpyxl

from followup.exports import xlsx_response

SHEETS = [
    ("Párrafo", ["Texto"], [["En el periodo se realizaron 12 sesiones…"]]),
    ("Resumen", ["Cifra", "Valor"], [["Periodo: desde", datetime.date(2024, 9, 1)],
                                     ["Tasa de cumplimiento (%)", 87.5], ["Vacía", None],
                                     ["Sesiones", 12]]),
    ("Fórmulas", ["Texto", "Otro"], [['=HYPERLINK("http://x.example","y")', "+52 55"],
                                      ["-1+1", "@SUM(A1:A9)"]]),
    ("Un nombre de hoja de más de treinta y un caracteres", ["A"], []),
]


def _members(body: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return [(info.filename, archive.read(info.filename)) for info in archive.infolist()]


def _reference(sheets) -> bytes:
    """What xlsx_response(write_only=False) wrote before: the same cells, Workbook.save."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from followup.exports import is_formula_like

    book = Workbook()
    book.remove(book.active)
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
                    cell.data_type = "s"
                    cell.quotePrefix = True
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_in_memory_save_writes_the_members_workbook_save_writes():
    fast = _members(xlsx_response("x", SHEETS, write_only=False).content)
    reference = _members(_reference(SHEETS))
    assert [name for name, _ in fast] == [name for name, _ in reference]
    assert any(name.startswith("xl/worksheets/sheet") for name, _ in fast)
    for (name, body), (_, expected) in zip(fast, reference):
        if name == "docProps/core.xml":  # the created and modified times of the save
            def times(xml):
                return re.sub(rb">[0-9T:\-.Z]+<", b"><", xml)
            assert times(body) == times(expected)
            assert b"dcterms:modified" in body
        else:
            assert body == expected, name


def test_the_in_memory_save_opens_with_the_cells_their_types_and_formats():
    book = openpyxl.load_workbook(io.BytesIO(xlsx_response("x", SHEETS, write_only=False).content))
    assert book.sheetnames == ["Párrafo", "Resumen", "Fórmulas", SHEETS[3][0][:31]]
    summary = book["Resumen"]
    assert summary["B2"].value == datetime.datetime(2024, 9, 1)
    assert summary["B2"].number_format == "dd/mm/yyyy"
    assert summary["B3"].value == 87.5 and summary["B4"].value is None
    formula = book["Fórmulas"]["A2"]
    assert formula.data_type == "s" and formula.quotePrefix
    assert formula.value == '=HYPERLINK("http://x.example","y")'
