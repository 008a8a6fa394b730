"""The Informe's XLSX, written directly: 17 small sheets (a few hundred rows in all) of text,
numbers and dates. openpyxl spent about 30 ms of Python time on them at scale 1 (a cell object
with validating descriptors per value, a temporary file per sheet; cProfile,
bench/informe_scale.py) — a quarter of the export's Python time; the XML below takes a few.

The cells are what followup.exports.xlsx_response writes: text as text (inline strings), numbers
as numbers, dates as date cells formatted dd/mm/yyyy, and text a spreadsheet would take for a
formula (followup.exports.is_formula_like) as text with Excel's quote prefix, so the cell shows
the text and never runs it. tests/test_informe_done_when.py and tests/test_informe_xlsx.py read
the file back with openpyxl."""

import datetime
import io
import re
import zipfile
from xml.sax.saxutils import escape, quoteattr

from django.http import HttpResponse

from followup.exports import XLSX_TYPE, is_formula_like

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Style indexes of STYLES' cellXfs.
DATE_STYLE, TEXT_STYLE = 1, 2
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)
EPOCH = datetime.date(1899, 12, 30)  # Excel's day 0 (in its 1900 date system)
# Characters XML 1.0 cannot carry (openpyxl refuses them too): C0 controls but tab, LF and CR.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _column(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, datetime.datetime):
        day = value.replace(tzinfo=None) - datetime.datetime(1899, 12, 30)
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{day.days + day.seconds / 86400!r}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{(value - EPOCH).days}</v></c>'
    text = ILLEGAL.sub("", str(value))
    style = f' s="{TEXT_STYLE}"' if is_formula_like(text) else ""
    return (f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{escape(text)}</t>'
            "</is></c>")


def _sheet(headers, rows) -> str:
    lines = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
             "<sheetData>"]
    for number, row in enumerate([headers, *rows], start=1):
        cells = "".join(_cell(f"{_column(i)}{number}", value) for i, value in enumerate(row))
        lines.append(f'<row r="{number}">{cells}</row>')
    lines.append("</sheetData></worksheet>")
    return "".join(lines)


def xlsx_bytes(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """sheets: (title, headers, rows); titles at most 31 characters, unique (Excel's rules)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, len(sheets) + 1))
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://'
            'schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{RELS}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        names = "".join(f'<sheet name={quoteattr(title[:31])} sheetId="{n}" r:id="rId{n}"/>'
                        for n, (title, _headers, _rows) in enumerate(sheets, start=1))
        archive.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" '
            f'xmlns:r="{RELS}"><sheets>{names}</sheets></workbook>'))
        links = "".join(f'<Relationship Id="rId{n}" Type="{RELS}/worksheet" '
                        f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, len(sheets) + 1))
        styles_id = len(sheets) + 1
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PACKAGE_RELS}">{links}<Relationship Id="rId{styles_id}" '
            f'Type="{RELS}/styles" Target="styles.xml"/></Relationships>'))
        archive.writestr("xl/styles.xml", STYLES)
        for n, (_title, headers, rows) in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", _sheet(headers, rows))
    return buffer.getvalue()


def xlsx_response(filename: str, sheets) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
