"""Photos at the size they are printed: the minuta's photo grid shows each photo at most 8.6 × 8 cm,
so a 12-megapixel upload embedded as it is only makes the PDF big. `print_copy` returns a JPEG
scaled to fit that box at 150 dpi (quality 85), made once per uploaded file and kept next to the
uploads; a photo that is already that small is used as it is. New photos get their copy at upload
(meetings.drafting.photo_add → SessionPhoto.print_image); older ones at their first render."""

import hashlib
import io
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

DPI = 150
JPEG_QUALITY = 85
# figure width: (letter 21.59 cm − 2 × 2 cm margins − 4 mm gap) / 2 = 8.6 cm; img max-height: 8 cm
MAX_PRINTED_CM = (8.6, 8.0)
MAX_PIXELS = tuple(round(cm / 2.54 * DPI) for cm in MAX_PRINTED_CM)  # (508, 472)
FOLDER = Path("photos") / "print"


def _copy_name(source: Path) -> Path:
    stat = source.stat()
    key = f"{source}|{stat.st_size}|{stat.st_mtime_ns}|{MAX_PIXELS}|{JPEG_QUALITY}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return Path(settings.MEDIA_ROOT) / FOLDER / f"{source.stem[:40]}-{digest}.jpg"


def scaled_jpeg(source) -> bytes | None:
    """The photo (a path or an open file) as a JPEG scaled to its printed size, or None when it is
    already that small. JPEGs are decoded at a reduced scale (Image.draft), so a large photo
    costs about the print size in memory; a PNG costs its pixels, bounded by the upload limit
    (MEETINGS_PHOTO_MAX_PIXELS). Raises OSError/UnidentifiedImageError for an unreadable file."""
    with Image.open(source) as image:
        if image.width <= MAX_PIXELS[0] and image.height <= MAX_PIXELS[1]:
            return None
        image.draft("RGB", MAX_PIXELS)  # JPEG: decode at a reduced scale, much faster
        image = ImageOps.exif_transpose(image)
        if image.mode != "RGB":
            image = _on_white(image)
        image.thumbnail(MAX_PIXELS, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, dpi=(DPI, DPI))
        return buffer.getvalue()


def print_copy(path: str) -> str:
    """For photos stored before copies were made at upload (SessionPhoto.print_image): the file to
    embed for the photo at `path`: the original when it is small enough (or cannot be read —
    WeasyPrint then skips it as before), otherwise a scaled JPEG copy kept for the next render."""
    source = Path(path)
    try:
        target = _copy_name(source)
        if target.is_file():
            return str(target)
        data = scaled_jpeg(source)
        if data is None:
            return path
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as f:
            f.write(data)
        os.replace(f.name, target)  # atomic: a concurrent render sees the whole file or none
        return str(target)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as error:
        logger.warning("Minuta photo %s is embedded as uploaded: %s", path, error)
        return path


def _on_white(image: Image.Image) -> Image.Image:
    image = image.convert("RGBA")
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background
