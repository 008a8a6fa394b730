"""Files that are not minutas are refused with a clear message, and nothing is saved; the
import_minuta command over a folder."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from directory.models import Institution
from imports.docx_reader import OLE_SIGNATURE
from imports.models import MinutaImport
from imports.services import minuta_import_upload
from meetings.models import Session, WorkingGroup

from .minuta_docx_builder import REFERENCE, build, read_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return WorkingGroup.objects.create(acronym="GT", name="Grupo de Trabajo")


def _refused(group, data) -> str:
    with pytest.raises(ValidationError) as refused:
        minuta_import_upload(group=group, data=data, filename="x.docx", actor=None)
    assert MinutaImport.objects.count() == 0 and Session.objects.count() == 0
    return refused.value.messages[0]


def _docx_with(document_xml: bytes, extra=()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
        for name, data in extra:
            archive.writestr(name, data)
    return out.getvalue()


def test_it_refuses_a_file_that_is_not_a_docx(group):
    assert "no es un documento de Word" in _refused(group, b"%PDF-1.7 not a word file")


def test_it_refuses_a_password_protected_or_old_doc_file(group):
    assert "contraseña" in _refused(group, OLE_SIGNATURE + b"\0" * 600)


def test_it_refuses_a_word_document_that_holds_no_minuta(group):
    import docx

    document = docx.Document()
    document.add_paragraph("Lista de compras: pan, leche.")
    out = io.BytesIO()
    document.save(out)
    assert "No se encontró una minuta" in _refused(group, out.getvalue())


def test_it_refuses_a_zip_bomb_without_expanding_it(group, settings):
    settings.IMPORTS_MAX_EXPANDED_BYTES = 50 * 1024 * 1024
    bomb = _docx_with(b"<w:document/>", extra=[("word/media/big.bin", b"\0" * (60 * 1024 * 1024))])
    assert len(bomb) < 1024 * 1024  # a small upload …
    assert "servidor" in _refused(group, bomb)  # … refused by what it declares


def test_it_refuses_a_file_over_the_size_limit(group, settings):
    settings.IMPORTS_MAX_BYTES = 1024
    assert "MB" in _refused(group, b"PK" + b"\0" * 4096)


def test_it_refuses_a_damaged_docx(group):
    assert "dañado" in _refused(group, _docx_with(b"<not xml"))


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference minuta is not beside the checkout")
def test_the_command_imports_a_folder_and_dry_run_saves_nothing(group, tmp_path, capsys):
    ref = read_reference()
    (tmp_path / "5a.docx").write_bytes(build(ref))
    (tmp_path / "notas.docx").write_bytes(b"not a word file")
    with pytest.raises(CommandError):
        call_command("import_minuta", "GT", str(tmp_path), "--dry-run")
    out = capsys.readouterr()
    assert "1 would be imported, 1 refused" in out.out and "notas.docx: not imported" in out.err
    assert Session.objects.count() == 0 and Institution.objects.count() == 0
    with pytest.raises(CommandError):
        call_command("import_minuta", "GT", str(tmp_path))
    assert Session.objects.get(group=group).attendances.count() == 28
    assert "1 imported, 1 refused" in capsys.readouterr().out
