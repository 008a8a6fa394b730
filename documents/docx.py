"""The minuta as DOCX (python-docx), for staff who keep editing in Word: the same content as the
PDF (documents.content), with real Word tables, a running header and "Página X de Y" fields."""

import re
from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from convocatorias.selectors import minuta_quorum_line
from meetings.models import Session

from .content import NO_PHOTOS, MinutaContent, minuta_content
from .selectors import minuta_session

FONT = "DejaVu Sans"
# Characters XML 1.0 cannot hold; pasted text sometimes carries them and python-docx refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _t(text: str) -> str:
    return _NOT_XML.sub("", text or "")


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the document."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, placeholder, end):
        run._r.append(element)

def running_header_and_footer(section, text: str, *, watermark: str = "",
                              watermark_size: float = 20) -> None:
    """The house style's running header (small, centred), a red watermark line under it while
    the document is not final, and "Página X de Y" at the right of the footer. Shared by the
    minuta and the work plan (workplan.documents_docx)."""
    running = section.header.paragraphs[0]
    running.text = _t(text)
    running.alignment = WD_ALIGN_PARAGRAPH.CENTER
    running.runs[0].font.size = Pt(7.5)
    if watermark:
        mark = section.header.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run(watermark)
        run.bold, run.font.size = True, Pt(watermark_size)
        run.font.color.rgb = RGBColor(0xB4, 0x00, 0x00)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Página ")
    _field(footer, "PAGE")
    footer.add_run(" de ")
    _field(footer, "NUMPAGES")



def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_row_together(row) -> None:
    properties = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    properties.append(cant_split)


def _shade(cell, fill: str = "E4E4E4") -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _set_cell(cell, text: str, *, bold: bool = False) -> None:
    lines = _t(text).split("\n")
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold
        if index < len(lines) - 1:
            run.add_break()


def _grid(document, headers: list[str], rows: list[list[str]], widths: list[float]):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, headers):
        _set_cell(cell, text, bold=True)
        _shade(cell)
    for values in rows:
        row = table.add_row()
        _keep_row_together(row)
        for cell, text in zip(row.cells, values):
            _set_cell(cell, text)
    for column, width in zip(table.columns, widths):
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def build_docx(m: MinutaContent) -> Document:
    document = Document()
    styles = document.styles
    styles["Normal"].font.name = FONT
    styles["Normal"].font.size = Pt(9.5)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)  # letter
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)

    running_header_and_footer(section, f"{m.group} · {m.title} · {m.session_code}",
                              watermark="BORRADOR" if m.draft else "", watermark_size=20)

    properties = document.core_properties
    properties.title = m.document_title
    properties.author = m.convening_unit or m.group
    properties.subject = f"Minuta de la sesión {m.session_code} {m.group_of_the}, {m.date}"
    properties.language = "es-MX"
    properties.keywords = f"minuta, {m.group}, {m.session_code}"

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    kind = title.add_run("Minuta")
    kind.bold, kind.font.size = True, Pt(16)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(_t(m.title)).bold = True
    for unit, bold in ((m.convening_unit, True), (m.drafting_unit, False)):
        if unit:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(unit).bold = bold

    place = "\n".join(m.place_lines + ([f"Únase a la reunión: {m.video_url}"] if m.video_url else []))
    header_table = document.add_table(rows=4, cols=4)
    header_table.style = "Table Grid"
    pairs = [
        ("Asunto:", m.subject, "Fecha:", m.date),
        ("Objetivo:", m.objective, "Hora:", m.time),
        ("Convoca:", m.convoca, "Número:", m.number),
    ]
    for row, values in zip(header_table.rows, pairs):
        for index, (cell, text) in enumerate(zip(row.cells, values)):
            _set_cell(cell, text, bold=index % 2 == 0)
            if index % 2 == 0:
                _shade(cell, "F0F0F0")
    last = header_table.rows[3]
    _set_cell(last.cells[0], "Lugar:", bold=True)
    _shade(last.cells[0], "F0F0F0")
    merged = last.cells[1].merge(last.cells[3])
    _set_cell(merged, place)

    document.add_heading("Participantes", level=2)
    _grid(document, ["Nombre", "Cargo", "Institución"], [r.cells for r in m.participants],
          [5.9, 8.0, 3.6])
    if m.quorum:
        document.add_paragraph(m.quorum)
    document.add_heading("Orden del día", level=2)
    if m.agenda_in_two_columns:  # the reference: "Bienvenida\nA cargo de …" in one cell
        rows = [[r.cells[0], r.cells[1] + (f"\nA cargo de {r.cells[2]}" if r.cells[2] else "")]
                for r in m.agenda]
        _grid(document, ["Hora", "Actividad"], rows, [3.0, 14.5])
    else:
        _grid(document, ["Hora", "Actividad", "A cargo de"], [r.cells for r in m.agenda],
              [3.0, 7.9, 6.6])

    document.add_heading("Asuntos relevantes", level=2)
    for matter in m.sections:
        if not matter.paragraphs:
            continue
        document.add_heading(_t(matter.title), level=3)
        for text in matter.paragraphs:
            paragraph = document.add_paragraph(_t(text))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    document.add_heading("Acuerdos", level=2)
    if m.acuerdos:
        rows = []
        for a in m.acuerdos:
            responsable = a.responsable + (f"\nCoadyuvantes: {a.coadyuvantes}" if a.coadyuvantes else "")
            text = a.text + (" (sin efecto)" if a.cancelled else "")
            rows.append([a.number, text, responsable, a.due])
        _grid(document, ["No.", "Acuerdo", "Responsable", "Fecha de cumplimiento"], rows,
              [1.9, 8.9, 3.5, 3.2])
    else:
        document.add_paragraph("Sin acuerdos.")

    # The heading is printed even without photos, as the official layout does.
    document.add_heading("Evidencia fotográfica", level=2)
    if not m.photos:
        document.add_paragraph(NO_PHOTOS)
    else:
        grid = document.add_table(rows=(len(m.photos) + 1) // 2, cols=2)
        for index, photo in enumerate(m.photos):
            cell = grid.rows[index // 2].cells[index % 2]
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            try:
                cell.paragraphs[0].add_run().add_picture(photo.path, width=Cm(7.8))
            except Exception:  # a missing or unreadable file: keep the caption, skip the image
                cell.paragraphs[0].add_run("[imagen no disponible]")
            if photo.caption:
                caption = cell.add_paragraph(_t(photo.caption))
                caption.alignment = WD_ALIGN_PARAGRAPH.CENTER

    if m.annexes:
        document.add_heading("Anexos", level=2)
        for annex in m.annexes:
            label = annex.title if annex.file_name == annex.title else (
                f"{annex.title} ({annex.file_name})")
            document.add_paragraph(_t(label), style="List Number")

    document.add_paragraph()
    sign = document.add_table(rows=3, cols=2)
    for column, (role, signer) in enumerate(
        (("Elaboró", m.drafted_by), ("Visto Bueno", m.approved_by))
    ):
        values = [role, signer.name if signer else "", signer.cargo if signer else ""]
        for row, text in enumerate(values):
            cell = sign.rows[row].cells[column]
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_cell(cell, text, bold=row < 2)
    return document


def render_minuta_docx(session: Session) -> bytes:
    """The DOCX bytes of the session's minuta (same content as `render_minuta_pdf`)."""
    content = minuta_content(minuta_session(session.pk))
    content.quorum = minuta_quorum_line(session)
    buffer = BytesIO()
    build_docx(content).save(buffer)
    return buffer.getvalue()
