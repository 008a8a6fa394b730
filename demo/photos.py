"""The demo's "Evidencia fotográfica": drawn stand-ins for the screenshots a secretariat takes of a
video call (a gallery of participants, a shared presentation). Drawn with Pillow, the same bytes on
every run, so the demo needs no image files and loading it twice writes nothing new."""

import io
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
SIZE = (1280, 720)
BACKGROUND = (32, 33, 36)
TILE = (60, 64, 67)
TOOLBAR = (24, 25, 28)
PALETTE = [(26, 115, 232), (217, 48, 37), (30, 142, 62), (249, 171, 0), (161, 66, 244),
           (0, 137, 123), (234, 67, 53), (66, 133, 244), (251, 188, 4), (52, 168, 83),
           (255, 112, 67), (121, 134, 203)]


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _short(name: str) -> list[str]:
    """First name and first surname ("Raúl Salgado"): the second to last word of a long name."""
    words = [w for w in name.split() if w[0].isupper() and w != "Inspector"]
    return [words[0], words[-2] if len(words) > 2 else words[-1]] if len(words) > 1 else words


def _initials(name: str) -> str:
    return "".join(w[0] for w in _short(name))


def _toolbar(draw: ImageDraw.ImageDraw, title: str) -> None:
    width, height = SIZE
    draw.rectangle([0, height - 64, width, height], fill=TOOLBAR)
    draw.text((24, height - 44), title, font=_font(18), fill=(232, 234, 237))
    for i, color in enumerate([(60, 64, 67), (60, 64, 67), (60, 64, 67), (217, 48, 37)]):
        x = width // 2 - 120 + i * 64
        draw.ellipse([x, height - 54, x + 44, height - 10], fill=color)


def gallery(names: list[tuple[str, str]], title: str) -> bytes:
    """A 4 × 3 gallery of participants (name, institution), as a video call shows them."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    columns, rows, gap = 4, 3, 10
    tile_w = (SIZE[0] - gap * (columns + 1)) // columns
    tile_h = (SIZE[1] - 64 - gap * (rows + 1)) // rows
    for index, (name, institution) in enumerate(names[: columns * rows]):
        x = gap + (index % columns) * (tile_w + gap)
        y = gap + (index // columns) * (tile_h + gap)
        draw.rounded_rectangle([x, y, x + tile_w, y + tile_h], radius=10, fill=TILE)
        cx, cy, r = x + tile_w // 2, y + tile_h // 2 - 12, 42
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=PALETTE[index % len(PALETTE)])
        draw.text((cx, cy), _initials(name), font=_font(30, bold=True), fill="white", anchor="mm")
        label = f"{' '.join(_short(name))} ({institution})"
        draw.text((x + 10, y + tile_h - 28), label[:34], font=_font(14), fill=(232, 234, 237))
    _toolbar(draw, title)
    return _png(image)


def shared_slide(heading: str, lines: list[str], presenter: str, title: str) -> bytes:
    """A presentation shared on screen, with the presenter's thumbnail."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle([40, 30, 1000, 630], fill="white")
    draw.rectangle([40, 30, 1000, 110], fill=(0, 84, 147))
    draw.text((70, 70), heading, font=_font(30, bold=True), fill="white", anchor="lm")
    for i, line in enumerate(lines):
        draw.ellipse([80, 158 + i * 70, 96, 174 + i * 70], fill=(0, 84, 147))
        draw.text((115, 150 + i * 70), line, font=_font(24), fill=(33, 33, 33))
    draw.rounded_rectangle([1030, 30, 1250, 170], radius=10, fill=TILE)
    draw.ellipse([1105, 55, 1175, 125], fill=PALETTE[0])
    draw.text((1140, 90), _initials(presenter), font=_font(24, bold=True), fill="white", anchor="mm")
    draw.text((1045, 140), " ".join(_short(presenter))[:22], font=_font(14), fill="white")
    _toolbar(draw, title)
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
