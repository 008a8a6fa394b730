"""Where things land on a PDF page: words from `pdftotext -bbox`, images from the content streams
(pypdf), both as (page, x0, top, x1, bottom) boxes in points from the page's top-left corner."""

import html
import io
import re
import subprocess
from dataclasses import dataclass

from pypdf import PdfReader

_PAGE = re.compile(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>", re.S)
_WORD = re.compile(
    r"<word xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\" yMax=\"([\d.]+)\">(.*?)</word>"
)


@dataclass(frozen=True)
class Box:
    page: int  # 1-based
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""

    def overlaps(self, other: "Box") -> bool:
        return (
            self.page == other.page
            and self.x0 < other.x1 and other.x0 < self.x1
            and self.top < other.bottom and other.top < self.bottom
        )


def word_boxes(data: bytes) -> list[Box]:
    out = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
        check=True,
    ).stdout.decode()
    boxes = []
    for number, page in enumerate(_PAGE.finditer(out), start=1):
        for x0, top, x1, bottom, text in _WORD.findall(page.group(3)):
            boxes.append(Box(number, float(x0), float(top), float(x1), float(bottom),
                             html.unescape(text)))
    return boxes


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def image_boxes(data: bytes) -> list[Box]:
    """Every image drawn (`Do` of an image XObject): the unit square through the current matrix."""
    boxes = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        height = float(page.mediabox.height)
        xobjects = page.get("/Resources", {}).get("/XObject", {})

        def visit(operator, operands, cm, tm, number=number, height=height, xobjects=xobjects):
            if operator != b"Do" or operands[0] not in xobjects:
                return
            if xobjects[operands[0]].get_object().get("/Subtype") != "/Image":
                return
            a, b, c, d, e, f = cm
            xs = [e, e + a, e + c, e + a + c]
            ys = [f, f + b, f + d, f + b + d]
            boxes.append(Box(number, min(xs), height - max(ys), max(xs), height - min(ys)))

        page.extract_text(visitor_operand_before=visit)
    return boxes


def find_words(boxes: list[Box], *words: str) -> list[Box]:
    """The boxes of the first run of consecutive words equal to `words`."""
    texts = [b.text for b in boxes]
    for i in range(len(texts) - len(words) + 1):
        if tuple(texts[i:i + len(words)]) == words:
            return boxes[i:i + len(words)]
    return []
