"""Build Word minutas in the official layout for the import tests: the reference minuta
(../shared/reference/, text extracted from the Word original, table cells separated by tabs) rebuilt
as a .docx with python-docx, and variants of it (reordered sections, missing Lugar, a split table,
extra columns, a second acuerdos table, the sign-off in a table)."""

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from PIL import Image, ImageDraw

REFERENCE = (
    Path(__file__).resolve().parents[2] / "shared/reference/minuta-gttim-5a-sesion-2025-06-03.txt"
)


@dataclass
class Reference:
    title_lines: list[str]
    header: list[list[str]]
    participants: list[list[str]]
    agenda: list[list[str]]
    narrative: list[str]  # paragraphs and headings, in order, page breaks mended
    acuerdos: list[list[str]]
    signoff: str
    photos: int = 2
    extra: dict = field(default_factory=dict)


def read_reference() -> Reference:
    lines = REFERENCE.read_text(encoding="utf-8").split("\n")
    text = [line.rstrip() for line in lines]

    def index_of(prefix):
        return next(i for i, line in enumerate(text) if line.startswith(prefix))

    participants_at, agenda_at = index_of("Participantes"), index_of("Orden del día")
    narrative_at, acuerdos_at = index_of("Asuntos relevantes"), index_of("No.\tAcuerdo")
    photos_at, signoff_at = index_of("Evidencia fotográfica"), index_of("Elaboró")
    title_lines = [line.strip() for line in text[:index_of("Asunto:")]
                   if line.strip() and "\t" not in line]
    header = [[c for c in line.split("\t") if c.strip()]
              for line in text[index_of("Asunto:"):participants_at] if line.strip()]
    participants = [line.split("\t") for line in text[participants_at + 1:agenda_at]
                    if line.count("\t") == 2 and not line.startswith("Nombre\t")]
    agenda = [line.split("\t") for line in text[agenda_at + 1:narrative_at]
              if "\t" in line and not line.startswith("Hora\t")]
    # Narrative paragraphs: the Word export broke some of them at page breaks (a run of empty
    # lines after a line that does not end a sentence); mend those.
    narrative, blank_run = [], 0
    for line in text[narrative_at + 1:acuerdos_at]:
        if not line.strip():
            blank_run += 1
            continue
        # A page break shows as a run of empty lines; a new paragraph as one.
        if narrative and blank_run >= 3 and not narrative[-1].endswith((".", ":")) \
                and not narrative[-1].startswith("- ") and len(narrative[-1]) > 80:
            narrative[-1] += " " + line.strip()
        else:
            narrative.append(line.strip())
        blank_run = 0
    acuerdos = [line.split("\t") for line in text[acuerdos_at:photos_at] if "\t" in line]
    return Reference(title_lines=title_lines, header=header, participants=participants,
                     agenda=agenda, narrative=narrative, acuerdos=acuerdos,
                     signoff=text[signoff_at].strip())


def photo_png(label: str = "Sesión virtual") -> bytes:
    image = Image.new("RGB", (640, 360), "#dfe6ee")
    draw = ImageDraw.Draw(image)
    for i in range(4):
        draw.rectangle([20 + i * 155, 40, 160 + i * 155, 200], fill="#8fa3b8")
    draw.text((24, 320), label, fill="#1d1d1b")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def build(ref: Reference, *, split_participants_at: int | None = 9, order=None,
          signoff_table: bool = False, agenda_three_columns: bool = False,
          participants_extra_column: bool = False, second_acuerdos_table_at: int | None = None,
          presenters_on_lines: bool = True, nbsp: bool = True) -> bytes:
    """The reference as a Word file. Sections in `order` (default the reference's)."""
    document = docx.Document()
    for line in ref.title_lines:
        paragraph = document.add_paragraph()
        paragraph.add_run(line).bold = True
    document.add_paragraph("")

    def header():
        if not ref.header:
            return
        table = document.add_table(rows=0, cols=4)
        for row in ref.header:
            cells = table.add_row().cells
            for i, value in enumerate(row[:4]):
                cells[i].text = value.replace(" ", "\u00a0", 1) if nbsp and i == 1 else value
        document.add_paragraph("")

    def participants():
        document.add_paragraph("Participantes").runs[0].bold = True
        head = ["Nombre", "Cargo", "Institución"] + (["Correo"] if participants_extra_column
                                                     else [])
        cut = split_participants_at or len(ref.participants)
        for chunk, with_head in ((ref.participants[:cut], True), (ref.participants[cut:], False)):
            if not chunk:
                continue
            table = document.add_table(rows=0, cols=len(head))
            if with_head:
                for i, value in enumerate(head):
                    table.add_row() if i == 0 else None
                for i, value in enumerate(head):
                    table.rows[0].cells[i].text = value
            for row in chunk:
                cells = table.add_row().cells
                for i, value in enumerate(row):
                    cells[i].text = value
                if participants_extra_column:
                    cells[3].text = "persona@example.org"
            # Word leaves empty paragraphs where the table breaks across pages.
            for _ in range(3):
                document.add_paragraph("")

    def agenda():
        document.add_paragraph("Orden del día:").runs[0].bold = True
        head = ["Hora", "Actividad"] + (["A cargo de"] if agenda_three_columns else [])
        table = document.add_table(rows=1, cols=len(head))
        for i, value in enumerate(head):
            table.rows[0].cells[i].text = value
        for slot, activity in ref.agenda:
            cells = table.add_row().cells
            cells[0].text = slot
            what, _sep, who = activity.partition(" A cargo de ")
            presenters = _presenters(slot, who)
            if agenda_three_columns:
                cells[1].text = what
                cells[2].text = "\n".join(presenters)
            else:
                paragraph = cells[1].paragraphs[0]
                paragraph.add_run(what)
                paragraph.add_run().add_break(WD_BREAK.LINE)
                if presenters_on_lines:
                    paragraph.add_run("A cargo de ")
                    for i, name in enumerate(presenters):
                        if i:
                            paragraph.add_run().add_break(WD_BREAK.LINE)
                        paragraph.add_run(name)
                else:
                    paragraph.add_run("A cargo de " + " ".join(presenters))
        document.add_paragraph("")

    def narrative():
        document.add_paragraph("Asuntos relevantes:").runs[0].bold = True
        for text in ref.narrative:
            paragraph = document.add_paragraph()
            run = paragraph.add_run(text)
            if text.startswith("- ") or len(text) < 120 and not text.endswith("."):
                run.bold = True
            document.add_paragraph("")  # the empty paragraphs Word users type between paragraphs

    def acuerdos():
        head, rows = ref.acuerdos[0], ref.acuerdos[1:]
        cut = second_acuerdos_table_at or len(rows)
        for chunk in (rows[:cut], rows[cut:]):
            if not chunk:
                continue
            table = document.add_table(rows=1, cols=len(head))
            for i, value in enumerate(head):
                table.rows[0].cells[i].text = value
            for row in chunk:
                cells = table.add_row().cells
                for i, value in enumerate(row):
                    cells[i].text = value
            document.add_paragraph("")

    def photos():
        document.add_paragraph("Evidencia fotográfica").runs[0].bold = True
        for i in range(ref.photos):
            document.add_picture(io.BytesIO(photo_png(f"Foto {i + 1}")))

    def signoff():
        match = re.match(r"Elaboró:\s*\*\*(.+?)\*\*\s*Visto Bueno:\s*\*\*(.+?)\*\*", ref.signoff)
        drafted, approved = match.group(1), match.group(2)
        if signoff_table:
            table = document.add_table(rows=1, cols=2)
            table.rows[0].cells[0].text = f"Elaboró\n{drafted}\nJefa de departamento"
            table.rows[0].cells[1].text = f"Visto Bueno\n{approved}\nDirector de Área"
        else:
            paragraph = document.add_paragraph("Elaboró: ")
            paragraph.add_run(drafted).bold = True
            paragraph.add_run(" Visto Bueno: ")
            paragraph.add_run(approved).bold = True

    sections = {"header": header, "participants": participants, "agenda": agenda,
                "narrative": narrative, "acuerdos": acuerdos, "photos": photos,
                "signoff": signoff}
    for name in order or ["header", "participants", "agenda", "narrative", "acuerdos", "photos",
                          "signoff"]:
        sections[name]()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _presenters(slot: str, text: str) -> list[str]:
    """The reference writes several presenters one after another in one cell, where Word had them
    on lines of their own; the demo's agenda (taken from the same file) knows where each starts."""
    from demo.gttim import AGENDA

    for start, end, _activity, presenters, _narrative in AGENDA:
        if slot == f"{start} a {end}":
            labels = [label for _name, label in presenters]
            assert " ".join(labels) == text.strip(), (labels, text)
            return labels
    return [text.strip()]
