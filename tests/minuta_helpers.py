"""Helpers for the minuta tests: read PDFs back with poppler and pypdf, make photos, hostile text."""

import datetime as dt
import io
import re
import subprocess

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader

from demo import gttim
from meetings.models import Session, SessionPhoto
from meetings.services import agenda_item_add


def pdf_text(data: bytes, *, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def flat(text: str) -> str:
    """Whitespace collapsed, so that a name wrapped inside a table cell still reads whole."""
    return re.sub(r"\s+", " ", text)


def pdf_info(data: bytes, *extra: str) -> str:
    return subprocess.run(
        ["pdfinfo", *extra, "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def image_xobjects(data: bytes) -> int:
    """Distinct image XObjects (WeasyPrint shares one resource dictionary between pages)."""
    images = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        for ref in xobjects.values():
            if ref.get_object().get("/Subtype") == "/Image":
                images.add(ref.idnum)
    return len(images)


def gttim_session() -> Session:
    return Session.objects.get(group__acronym="GTTIM", number=5, type="SO")


def mj_review_session() -> Session:
    return Session.objects.get(group__acronym="MJ-MIGRACION", number=3, type="SO")


def add_photo(session, caption="Captura de la sesión", color=(30, 120, 200), order=0):
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), color).save(buffer, "JPEG")
    photo = SessionPhoto(session=session, caption=caption, order=order)
    photo.image.save(f"foto-{order}.jpg", ContentFile(buffer.getvalue()), save=True)
    return photo


LONG_PARAGRAPH = ("Palabra larga de relleno " * 800)[:19_990] + " FIN-LARGO"
HOSTILE = (
    '<b>negrita</b> <script>alert("x")</script> <img src="file:///etc/passwd"> '
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"> fin 🎉🚀'
    "\n\n" + LONG_PARAGRAPH + "\n\n" + "X" * 3000
)


def add_hostile_item(session):
    return agenda_item_add(
        session=session,
        start_time=dt.time(12, 0),
        end_time=dt.time(12, 30),
        activity='Punto <i>hostil</i> <img src="file:///etc/passwd">',
        narrative=HOSTILE,
    )


PARTICIPANT_NAMES = [name for name, _cargo, _inst in gttim.PARTICIPANTS]
AGENDA_SLOTS = [f"{start} a {end}" for start, end, *_ in gttim.AGENDA]
ACUERDOS = [
    ("5/SO-1", "Todas las instituciones", "3 de junio"),
    ("5/SO-2", "UPMRIP", "4 de junio"),
    ("5/SO-3", "Todas las instituciones", "11 de junio"),
    ("5/SO-4", "Todas las instituciones", "3 de junio"),
    ("5/SO-5", "UPMRIP", "4 de junio"),
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
