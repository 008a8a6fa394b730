"""Evidence checks against hostile files: zip bombs (in bounded memory), archives that lie about
their sizes, PDFs with JavaScript, Office macros, polyglots, and the optional ClamAV scan."""

import io
import os
import socket
import struct
import tempfile
import threading
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from agreements.models import Acuerdo
from followup.evidence import check_evidence
from followup.models import Evidence

from .followup_helpers import PDF_BYTES, docx, user

MiB = 1024 * 1024


def _bomb(entry="mimetype", size=400 * MiB) -> bytes:
    """The reported bomb: a ~400 KiB OpenDocument-looking zip whose `mimetype` is 400 MiB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(entry, "w", force_zip64=True) as stream:
            block = b" " * MiB
            for _ in range(size // MiB):
                stream.write(block)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb():
    return _bomb()


def _refusal(upload):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        check_evidence(upload)
    return " ".join(exc.value.messages)


@pytest.mark.django_db
def test_it_refuses_the_bomb_upload_in_bounded_memory(demo, client, bomb):
    part = Acuerdo.objects.get(group__acronym="GTTIM", number="5/SO-3").responsibilities.get(
        institution__acronym="FGR")
    client.force_login(user("enlace.fgr"))
    assert len(bomb) < 500 * 1024
    tracemalloc.start()
    try:
        with translation.override("en"):
            response = client.post(f"/acuerdos/partes/{part.pk}/informe/", {
                f"r{part.pk}-status": "reported", f"r{part.pk}-comment": "Entregado",
                f"r{part.pk}-files": [SimpleUploadedFile("informe.odt", bomb)],
            }, HTTP_ACCEPT_LANGUAGE="en")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The old sniffer read the whole 400 MiB entry; a bounded one stays near the upload's size.
    assert peak < 20 * MiB, f"peak {peak / MiB:.1f} MiB"
    assert response.status_code == 400
    assert "compressed bombs" in response.content.decode()
    assert not Evidence.objects.exists()


def test_it_refuses_by_ratio_below_the_size_limit(settings):
    settings.FOLLOWUP_ARCHIVE_MAX_UNCOMPRESSED_BYTES = 1024 * MiB
    upload = SimpleUploadedFile("informe.odt", _bomb(size=50 * MiB))
    assert "more than 200 times its size" in _refusal(upload)


def test_it_refuses_an_archive_whose_directory_understates_a_size(settings):
    # The entry really holds 8 MiB; the directory says 100 bytes (ratio and size look harmless).
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", b"<x/>" * (2 * MiB))
    data = bytearray(buffer.getvalue())
    real = (8 * MiB).to_bytes(4, "little")
    central = data.rindex(b"PK\x01\x02")  # the last directory entry: content.xml
    assert data[central + 24:central + 28] == real
    data[central + 24:central + 28] = (100).to_bytes(4, "little")
    message = _refusal(SimpleUploadedFile("informe.odt", bytes(data)))
    assert "is not an accepted file" in message


def test_it_refuses_archives_with_too_many_parts_and_accepts_normal_ones(settings):
    assert check_evidence(docx()).endswith("wordprocessingml.document")
    settings.FOLLOWUP_ARCHIVE_MAX_ENTRIES = 3
    assert "compressed bombs" in _refusal(docx())


def test_it_refuses_actual_content_over_the_budget(settings):
    # Declared sizes within the ratio, but more than the budget once decompressed.
    settings.FOLLOWUP_ARCHIVE_MAX_UNCOMPRESSED_BYTES = 2 * MiB
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("Pictures/a.png", os.urandom(3 * MiB))
    assert "compressed bombs" in _refusal(SimpleUploadedFile("fotos.odt", buffer.getvalue()))


@pytest.mark.parametrize("body", [
    b"1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj",
    b"1 0 obj<</Names<</J#61vaScript 2 0 R>>>>endobj",  # a name hidden with #xx escapes
    b"1 0 obj<</AA<</O<</S/Launch/F(cmd.exe)>>>>>>endobj",
])
def test_it_refuses_pdfs_with_javascript_or_launch_actions(body):
    upload = SimpleUploadedFile("oficio.pdf", b"%PDF-1.7\n" + body + b"\n%%EOF\n")
    assert "PDF with JavaScript" in _refusal(upload)
    assert check_evidence(SimpleUploadedFile("oficio.pdf", PDF_BYTES)) == "application/pdf"


def test_it_refuses_polyglots():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.js", "alert(1)")
    pdf_and_zip = PDF_BYTES + buffer.getvalue()
    assert "also a zip archive" in _refusal(SimpleUploadedFile("a.pdf", pdf_and_zip))
    png_and_pdf = b"\x89PNG\r\n\x1a\n" + b"\0" * 40 + PDF_BYTES
    assert "also a PDF" in _refusal(SimpleUploadedFile("a.png", png_and_pdf))


def test_it_refuses_office_files_with_macros():
    source = docx().read()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as macro:
        for entry in original.infolist():
            macro.writestr(entry, original.read(entry))
        macro.writestr("word/vbaProject.bin", OLE_WITH_MACROS)
    assert "contains macros" in _refusal(SimpleUploadedFile("informe.docx", buffer.getvalue()))
    legacy = SimpleUploadedFile("informe.doc", OLE_WITH_MACROS)
    assert "contains macros" in _refusal(legacy)
    plain = SimpleUploadedFile("informe.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert check_evidence(plain) == "application/msword"


OLE_WITH_MACROS = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500
                   + "_VBA_PROJECT".encode("utf-16-le") + b"\0" * 100)
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class FakeClamd(threading.Thread):
    """Speaks clamd's INSTREAM protocol: reads zINSTREAM, length-prefixed chunks up to a zero
    length, answers FOUND when the stream holds the EICAR test string, else OK."""

    def __init__(self, listener):
        super().__init__(daemon=True)
        self.listener, self.received = listener, []

    def run(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with conn:
                command = b""
                while not command.endswith(b"\0"):
                    command += conn.recv(1)
                assert command == b"zINSTREAM\0"
                data = b""
                while True:
                    size = struct.unpack("!L", _exactly(conn, 4))[0]
                    if size == 0:
                        break
                    data += _exactly(conn, size)
                self.received.append(data)
                verdict = b"Eicar-Test-Signature FOUND" if EICAR in data else b"OK"
                conn.sendall(b"stream: " + verdict + b"\0")


def _exactly(conn, size):
    data = b""
    while len(data) < size:
        data += conn.recv(size - len(data))
    return data


@pytest.fixture(params=["tcp", "unix"])
def clamd(request, settings):
    if request.param == "tcp":
        listener = socket.create_server(("127.0.0.1", 0))
        url = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    else:
        folder = tempfile.mkdtemp()
        path = os.path.join(folder, "clamd.ctl")
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(path)
        listener.listen()
        url = f"unix://{path}"
    server = FakeClamd(listener)
    server.start()
    settings.CLAMAV_URL = url
    yield server
    listener.close()


def test_it_scans_with_clamd_and_refuses_what_it_finds(clamd):
    # Larger than a chunk, so that it goes in several. Not random bytes: those now and then
    # held a marker of active content ("/JS"…) and the file was refused before the scan.
    clean = b"%PDF-1.4\n" + b"0123456789abcdef" * (200 * 64) + b"\n%%EOF\n"
    assert check_evidence(SimpleUploadedFile("limpio.pdf", clean)) == "application/pdf"
    assert clamd.received == [clean]  # the whole file went through, in chunks
    infected = SimpleUploadedFile("virus.pdf", b"%PDF-1.4\n" + EICAR + b"\n%%EOF\n")
    assert "the virus scanner found Eicar-Test-Signature" in _refusal(infected)


def test_an_unreachable_clamd_refuses_unless_told_to_fail_open(settings):
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()  # nothing listens there now
    settings.CLAMAV_URL = f"tcp://127.0.0.1:{port}"
    upload = SimpleUploadedFile("oficio.pdf", PDF_BYTES)
    assert "virus scanner is not available" in _refusal(upload)
    settings.CLAMAV_FAIL_OPEN = True
    assert check_evidence(upload) == "application/pdf"


def _pdf_with_stream(dictionary: bytes, body: bytes) -> bytes:
    return (b"%PDF-1.7\n1 0 obj<<" + dictionary + b"/Length %d>>stream\n" % len(body) + body
            + b"\nendstream\nendobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def test_names_inside_a_stream_body_do_not_count_but_an_object_stream_is_read():
    # Compressed page content can hold the bytes "/JS " by chance: that is not a dictionary.
    innocent = _pdf_with_stream(b"/Filter/FlateDecode", b"\x78\x9c garbage /JS (x) /Launch ")
    assert check_evidence(SimpleUploadedFile("oficio.pdf", innocent)) == "application/pdf"
    # PDF 1.5 keeps dictionaries in compressed object streams: /JS hidden there is found.
    hidden = zlib.compress(b"2 0 <</S/JavaScript/JS(app.alert(1))>>")
    sneaky = _pdf_with_stream(b"/Type/ObjStm/N 1/First 4/Filter/FlateDecode", hidden)
    assert "PDF with JavaScript" in _refusal(SimpleUploadedFile("oficio.pdf", sneaky))
