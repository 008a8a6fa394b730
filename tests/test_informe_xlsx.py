"""reports/xlsx.py writes the Informe's workbook without openpyxl: read back with openpyxl, it
holds the cells followup.exports.xlsx_response (openpyxl) writes for the same sheets — text,
numbers, dates as dates, formula leads kept as text with the quote prefix, empty cells."""

import datetime as dt
import io

from openpyxl import load_workbook

from followup.exports import xlsx_response
from reports.xlsx import xlsx_bytes

SHEETS = [
    ("Párrafo", ["Texto"], [["Del 1 de octubre de 2024 al 30 de junio: <188> & \"más\" "]]),
    ("Resumen", ["Cifra", "Valor"], [
        ["Periodo: desde", dt.date(2024, 10, 1)], ["Sesiones realizadas", 188],
        ["Tasa de cumplimiento (%)", 9.2], ["Tasa sin acuerdos", None],
        ["=HYPERLINK(\"http://x\")", "+52 55"], ["-1", "@SUM(A1)"], ["\tTab", "línea\nnueva"]]),
    ("Un título de hoja que pasa de los treinta y un caracteres", ["Mes", "Sesiones", "Acuerdos"],
     [[dt.date(2025, 1, 1), 3, 12], [dt.date(2025, 2, 1), 0, 0]]),
]


def _cells(content: bytes):
    book = load_workbook(io.BytesIO(content))
    return [(sheet.title, [[(c.value, c.data_type, c.is_date, bool(c.quotePrefix),
                             c.number_format if c.is_date else None) for c in row]
                           for row in sheet.iter_rows()]) for sheet in book.worksheets]


def test_it_writes_the_cells_openpyxl_writes():
    mine = _cells(xlsx_bytes(SHEETS))
    theirs = _cells(xlsx_response("x", SHEETS, write_only=False).content)
    assert mine == theirs
    summary = dict(mine)["Resumen"]
    assert summary[1][1][:3] == (dt.datetime(2024, 10, 1), "d", True)
    assert summary[5][0][:4] == ("=HYPERLINK(\"http://x\")", "s", False, True)


def test_it_drops_characters_xml_cannot_carry():
    cells = _cells(xlsx_bytes([("Hoja", ["A"], [["uno\x00dos\x1f"]])]))
    assert cells[0][1][1][0][0] == "unodos"
