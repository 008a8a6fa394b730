"""Opening an uploaded Word file safely and reading it as a list of blocks in document order.

Anything that is not a readable .docx is refused with a message for the user before python-docx
touches it: an old .doc or a password-protected file (both OLE containers), a zip bomb (the sizes
the archive declares are checked first, and nothing is decompressed beyond the limit), a .docx
without a document part."""

import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from .spanish import clean

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
# Word files are text and a few images: a document part that expands more than this is a bomb.
MAX_RATIO = 200
MAX_ENTRIES = 5000


class UnreadableFile(Exception):
    """A file the importer refuses; str() is the message for the user (translated)."""


@dataclass
class Block:
    kind: str  # "p" (paragraph) or "table"
    text: str = ""
    bold: bool = False
    rows: list[list[str]] = field(default_factory=list)
    images: list[bytes] = field(default_factory=list)


def _limits():
    return (getattr(settings, "IMPORTS_MAX_BYTES", 30 * 1024 * 1024),
            getattr(settings, "IMPORTS_MAX_EXPANDED_BYTES", 300 * 1024 * 1024))


def check_zip_sizes(data: bytes) -> zipfile.ZipFile:
    """An Office file (a zip) of a sane size that does not expand into a bomb."""
    max_bytes, max_expanded = _limits()
    if len(data) > max_bytes:
        raise UnreadableFile(_("The file is %(size)d MB; a minuta may be at most %(max)d MB.") % {
            "size": len(data) // (1024 * 1024), "max": max_bytes // (1024 * 1024)})
    if data[:8] == OLE_SIGNATURE:
        raise UnreadableFile(_(
            "This file is protected with a password or saved in the old Word format (.doc). "
            "Open it in Word, remove the password and save it as .docx, then upload it again."))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableFile(_("This is not a Word document (.docx)."))
    archive = zipfile.ZipFile(io.BytesIO(data))
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise UnreadableFile(_("This file holds too many parts to be a minuta."))
    declared = sum(e.file_size for e in entries)
    if declared > max_expanded or any(
            e.compress_size and e.file_size / e.compress_size > MAX_RATIO
            and e.file_size > 1024 * 1024 for e in entries):
        raise UnreadableFile(_("This file expands to far more than a minuta would: it was refused "
                               "so as not to overload the server."))
    return archive


def check_docx(data: bytes) -> zipfile.ZipFile:
    archive = check_zip_sizes(data)
    _max_bytes, max_expanded = _limits()
    if "word/document.xml" not in archive.namelist():
        raise UnreadableFile(_("This is not a Word document (.docx)."))
    # The declared sizes can lie: read the document part with a hard cap.
    with archive.open("word/document.xml") as part:
        if len(part.read(max_expanded + 1)) > max_expanded:
            raise UnreadableFile(_("This file expands to far more than a minuta would: it was "
                                   "refused so as not to overload the server."))
    return archive


def read_blocks(data: bytes) -> list[Block]:
    """The body of the document as paragraphs and tables, in order."""
    check_docx(data)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise UnreadableFile(_("Word could not have written this file: it is damaged (%(error)s).")
                             % {"error": exc.__class__.__name__}) from None
    related = document.part.related_parts

    def images(element) -> list[bytes]:
        found = []
        for blip in element.iter(BLIP):
            part = related.get(blip.get(R_EMBED))
            if part is not None and getattr(part, "blob", None):
                found.append(part.blob)
        return found

    blocks = []
    for element in document.element.body.iterchildren():
        if element.tag == W + "p":
            paragraph = Paragraph(element, document)
            runs = [r for r in paragraph.runs if r.text.strip()]
            blocks.append(Block(
                kind="p", text=_paragraph_text(paragraph),
                bold=bool(runs) and all(r.bold for r in runs),
                images=images(element)))
        elif element.tag == W + "tbl":
            table = Table(element, document)
            rows = []
            for row in table.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats in python-docx
                        continue
                    seen.add(id(cell._tc))
                    cells.append("\n".join(_paragraph_text(p) for p in cell.paragraphs).strip())
                rows.append(cells)
            blocks.append(Block(kind="table", rows=rows, images=images(element)))
    return blocks


def _paragraph_text(paragraph) -> str:
    # Line breaks inside a paragraph stay (presenters, sign-off lines); the rest is made single.
    return "\n".join(clean(line) for line in paragraph.text.split("\n")).strip()
