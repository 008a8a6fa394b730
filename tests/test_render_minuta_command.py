"""`python manage.py render_minuta GROUP NUMBER [--type] [--format] --output FILE`."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from .minuta_helpers import pdf_info, pdf_text


def test_it_writes_the_pdf(demo, tmp_path):
    out = io.StringIO()
    target = tmp_path / "minuta.pdf"
    call_command("render_minuta", "GTTIM", "5", "--output", str(target), stdout=out)
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and "Wrote" in out.getvalue()
    assert "Minuta 5/SO GTTIM" in pdf_info(data)


def test_it_writes_the_docx(demo, tmp_path):
    target = tmp_path / "minuta.docx"
    call_command("render_minuta", "gttim", "5", "--format", "docx", "--output", str(target),
                 stdout=io.StringIO())
    assert Document(str(target)).core_properties.title.startswith("Minuta 5/SO GTTIM")


def test_it_picks_the_session_type(demo, tmp_path):
    target = tmp_path / "se.pdf"
    call_command("render_minuta", "MJ-MIGRACION", "1", "--type", "SE", "--output", str(target),
                 stdout=io.StringIO())
    assert "Tapachula" in pdf_text(target.read_bytes())


def test_it_says_when_the_session_does_not_exist(demo, tmp_path):
    with pytest.raises(CommandError, match="No session 9/SO"):
        call_command("render_minuta", "GTTIM", "9", "--output", str(tmp_path / "x.pdf"))


def test_it_says_when_the_folder_does_not_exist(demo, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("render_minuta", "GTTIM", "5", "--output", str(tmp_path / "no" / "x.pdf"))
