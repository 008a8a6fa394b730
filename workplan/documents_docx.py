"""The work plan as DOCX (python-docx), for institutions that comment in Word: the same content as
the PDF (workplan.documents), with the minuta's Word helpers (documents.docx): real tables whose
header row repeats, rows never split, "Página X de Y" fields, landscape pages."""

from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from documents.docx import FONT, _grid, _set_cell, _shade, _t, running_header_and_footer

from .documents import NO_ACTIVIDADES, PlanContent

ACTIVIDAD_HEADERS = ["No.", "Actividad", "Periodo", "Instancias responsables",
                     "Instancias coadyuvantes", "Avance"]
ACTIVIDAD_WIDTHS = [1.4, 9.4, 3.2, 3.6, 3.8, 2.8]  # cm, 24.2 of the landscape page's 24.34


def _actividad_cell(a) -> str:
    lines = [a.description]
    for label, value in (("Entregable", a.entregable), ("Indicador", a.indicator),
                         ("Meta", a.goal), ("Entidades", a.states), ("Acuerdos", a.acuerdos)):
        if value:
            lines.append(f"{label}: {value}")
    return "\n".join(lines)


def build_docx(p: PlanContent) -> Document:
    document = Document()
    document.styles["Normal"].font.name = FONT
    document.styles["Normal"].font.size = Pt(9)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(27.94), Cm(21.59)  # letter, landscape
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin, section.bottom_margin = Cm(2), Cm(1.8)

    running_header_and_footer(
        section, f"{p.group} · {p.title}" + (f" · versión {p.version}" if p.version > 1 else ""),
        watermark=p.watermark or "", watermark_size=18)

    properties = document.core_properties
    properties.title = p.document_title
    properties.author = p.convening_unit or p.group
    properties.subject = f"{p.title} {p.group_of_the}: {p.period}"
    properties.language = "es-MX"
    properties.keywords = f"plan de trabajo, {p.group}"

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    kind = title.add_run(_t(p.title))
    kind.bold, kind.font.size = True, Pt(16)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(_t(p.group_name)).bold = True
    for unit, bold in ((p.convening_unit, True), (p.drafting_unit, False)):
        if unit:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(_t(unit)).bold = bold

    header = document.add_table(rows=3, cols=4)
    header.style = "Table Grid"
    status = p.status + (f"\n{p.approval}" if p.approval else "")
    for row, values in zip(header.rows, [("Grupo:", p.group, "Periodo:", p.period),
                                          ("Estado:", status, "Versión:", p.version_label)]):
        for index, (cell, text) in enumerate(zip(row.cells, values)):
            _set_cell(cell, text, bold=index % 2 == 0)
            if index % 2 == 0:
                _shade(cell, "F0F0F0")
    last = header.rows[2]
    _set_cell(last.cells[0], "Avance:", bold=True)
    _shade(last.cells[0], "F0F0F0")
    _set_cell(last.cells[1].merge(last.cells[3]),
              p.summary + (f" ({p.as_of})" if p.as_of else ""))

    for text in p.introduction:
        document.add_paragraph(_t(text)).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    for eje in p.ejes:
        document.add_heading(_t(eje.heading), level=2)
        if eje.description:
            document.add_paragraph(_t(eje.description))
        document.add_paragraph(eje.summary).runs[0].italic = True
        if not eje.actividades:
            document.add_paragraph(NO_ACTIVIDADES)
            continue
        rows = [[a.number, _actividad_cell(a), a.period or "—", a.responsables,
                 a.coadyuvantes or "—", a.progress + ("\nCon atraso" if a.late else "")]
                for a in eje.actividades]
        _grid(document, ACTIVIDAD_HEADERS, rows, ACTIVIDAD_WIDTHS)

    if p.calendar:
        document.add_heading("Calendario de sesiones", level=2)
        rows = [[s.name + (f"\n{s.note}" if s.note else ""), s.date, s.modality]
                for s in p.calendar]
        _grid(document, ["Sesión", "Fecha", "Modalidad"], rows, [10.9, 7.3, 6.0])
    return document


def render_content_docx(content: PlanContent) -> bytes:
    buffer = BytesIO()
    build_docx(content).save(buffer)
    return buffer.getvalue()


def render_plan_docx(plan, *, today=None) -> bytes:
    """The DOCX bytes of the plan (same content as `render_plan_pdf`)."""
    from .documents_selectors import plan_document_content

    return render_content_docx(plan_document_content(plan, today=today))
