"""What makes the minuta render fast must not change what it renders: pydyf's patched code writes
the same content, the stylesheet is parsed once, photos are embedded at print size."""

import io
import os
import re
import zlib

import pydyf
import pytest
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML

from documents import pdf_speedups, print_photos
from documents.render import render_minuta_pdf, stylesheet
from meetings.models import SessionPhoto

from .factories import make_session
from .minuta_helpers import media  # noqa: F401  (fixture)


def _stream(*lines):
    return pydyf.Stream(list(lines), extra={"Type": "/XObject"}, compress=True)


def _decoded(data: bytes) -> tuple[bytes, bytes]:
    """A written stream object as (dictionary without /Length, decompressed content)."""
    head, _, rest = data.partition(b"\nstream\n")
    body = rest.removesuffix(b"\nendstream")
    head = head.replace(f"/Length {len(body)}".encode(), b"")
    return head, zlib.decompress(body)


def test_it_compresses_a_stream_to_pydyfs_content_and_only_once():
    stream = _stream(b"BT", "/F1 12 Tf", b"(hola) Tj", b"ET")
    upstream = pdf_speedups.UPSTREAM["Stream.data"].fget
    first = pdf_speedups.stream_data(stream)
    assert _decoded(first) == _decoded(upstream(stream))
    cached = getattr(stream, pdf_speedups._CACHE_ATTRIBUTE)
    assert pdf_speedups.stream_data(stream) == first
    assert getattr(stream, pdf_speedups._CACHE_ATTRIBUTE) is cached  # not compressed again
    stream.stream.append(b"(adios) Tj")  # changed content is compressed afresh
    changed = pdf_speedups.stream_data(stream)
    assert _decoded(changed) == _decoded(upstream(stream)) != _decoded(first)


def test_it_leaves_uncompressed_streams_as_pydyf_writes_them():
    stream = pydyf.Stream([b"q", b"Q"], compress=False)
    assert pdf_speedups.stream_data(stream) == pdf_speedups.UPSTREAM["Stream.data"].fget(stream)


def test_it_keeps_page_references_until_a_page_is_added():
    pdf = pydyf.PDF()
    upstream = pdf_speedups.UPSTREAM["PDF.page_references"].fget
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf_speedups.page_references(pdf)
    assert first == upstream(pdf) and pdf_speedups.page_references(pdf) is first
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf_speedups.page_references(pdf) == upstream(pdf) and len(upstream(pdf)) == 2


def _objects(data: bytes) -> list:
    """Every object of a PDF with its streams decompressed, in order."""
    reader = PdfReader(io.BytesIO(data))
    objects = []
    for number in range(1, len(reader.xref_objStm) + len(reader.xref[0]) + 1):
        try:
            obj = reader.get_object(number)
        except Exception:
            continue
        if obj is None or getattr(obj, "get", lambda key: None)("/Type") == "/XRef":
            continue  # the cross-reference stream holds byte offsets, which do differ
        data_of = getattr(obj, "get_data", None)
        # IndirectObject's repr ends with the reader's id(): drop it
        objects.append(data_of() if data_of else re.sub(r",\s*\d+\)", ")", repr(obj)))
    return objects


def test_it_writes_the_same_pdf_a_as_unpatched_pydyf(monkeypatch):
    assert pdf_speedups.install()
    html = "<html lang='es-MX'><title>t</title><p>Hola</p><p style='break-before:page'>Adiós</p>"
    document = HTML(string=html).render()
    patched = document.write_pdf(pdf_variant="pdf/a-3a")
    monkeypatch.setattr(pydyf.Stream, "data", pdf_speedups.UPSTREAM["Stream.data"])
    monkeypatch.setattr(pydyf.PDF, "page_references", pdf_speedups.UPSTREAM["PDF.page_references"])
    upstream = document.write_pdf(pdf_variant="pdf/a-3a")
    assert patched != upstream  # compressed differently (and so a different /ID) …
    assert len(_objects(patched)) > 20
    assert _objects(patched) == _objects(upstream)  # … but every object says the same


def test_it_parses_the_stylesheet_and_fonts_once_per_thread():
    css, font_config = stylesheet()
    assert stylesheet() == (css, font_config)


def _jpeg(size, color=(200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def test_it_scales_a_large_photo_to_its_printed_size_once(media, tmp_path):
    source = tmp_path / "grande.jpg"
    source.write_bytes(_jpeg((2400, 1800)))
    copy = print_photos.print_copy(str(source))
    assert copy != str(source) and copy.startswith(str(media))
    with Image.open(copy) as image:
        assert image.format == "JPEG"
        assert image.size == (508, 381)  # 8.6 cm at 150 dpi, aspect ratio kept
    made = os.stat(copy).st_mtime_ns
    assert print_photos.print_copy(str(source)) == copy and os.stat(copy).st_mtime_ns == made


def test_it_uses_a_small_or_unreadable_photo_as_it_is(media, tmp_path):
    small = tmp_path / "chica.jpg"
    small.write_bytes(_jpeg((320, 200)))
    broken = tmp_path / "rota.jpg"
    broken.write_bytes(b"not an image")
    assert print_photos.print_copy(str(small)) == str(small)
    assert print_photos.print_copy(str(broken)) == str(broken)


def test_it_embeds_a_large_photo_at_print_resolution(db, media):
    session = make_session()
    photo = SessionPhoto(session=session, caption="Foto grande", order=1)
    photo.image.save("grande.jpg", ContentFile(_jpeg((3000, 2000))), save=True)
    data = render_minuta_pdf(session)
    widths = [
        xobject.get_object()["/Width"]
        for page in PdfReader(io.BytesIO(data)).pages
        for xobject in page.get("/Resources", {}).get("/XObject", {}).values()
        if xobject.get_object().get("/Subtype") == "/Image"
    ]
    assert widths == [508]


@pytest.fixture(autouse=True)
def _installed():
    pdf_speedups.install()


def test_it_pauses_the_collector_only_while_rendering_and_restores_it():
    import gc

    from documents.render import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # a second render at the same time (another thread)
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first render is still running
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a render that fails")
    assert gc.isenabled()


def test_it_leaves_a_collector_that_was_off_off():
    import gc

    from documents.render import collector_paused

    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
