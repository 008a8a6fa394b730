"""The minuta as DOCX, opened back with python-docx."""

import io

import pytest
from docx import Document

from documents.docx import render_minuta_docx

from .factories import make_session
from .minuta_helpers import (
    ACUERDOS,
    AGENDA_SLOTS,
    PARTICIPANT_NAMES,
    add_hostile_item,
    add_photo,
    gttim_session,
    media,  # noqa: F401  (fixture)
    mj_review_session,
)


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _table(document, first_header: str):
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_header)


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def approved(demo):
    return _open(render_minuta_docx(gttim_session()))


def test_it_lists_the_28_participants_in_a_word_table(approved):
    table = _table(approved, "Nombre")
    assert [c.text for c in table.rows[0].cells] == ["Nombre", "Cargo", "Institución"]
    assert [row.cells[0].text for row in table.rows[1:]] == PARTICIPANT_NAMES
    assert table.rows[1].cells[2].text == "UPMRIP"


def test_it_lists_every_agenda_slot(approved):
    table = _table(approved, "Hora")
    assert [row.cells[0].text for row in table.rows[1:]] == AGENDA_SLOTS
    # Two columns, as the reference: the presenters inside the activity.
    assert [c.text for c in table.rows[0].cells] == ["Hora", "Actividad"]
    second = table.rows[2].cells[1].text
    assert second.startswith("Ronda de presentación de personas asistentes\nA cargo de Raúl Salgado")


def test_it_lists_presenters_in_a_third_column_when_the_group_asks(demo):
    session = gttim_session()
    session.group.agenda_layout = "three_columns"
    session.group.save()
    table = _table(_open(render_minuta_docx(session)), "Hora")
    assert [c.text for c in table.rows[0].cells] == ["Hora", "Actividad", "A cargo de"]
    assert "Raúl Salgado, Director de Investigación" in table.rows[2].cells[2].text


def test_it_lists_the_acuerdos_with_responsable_and_due_date(approved):
    table = _table(approved, "No.")
    rows = [(r.cells[0].text, r.cells[2].text, r.cells[3].text) for r in table.rows[1:]]
    assert rows == ACUERDOS


def test_it_marks_header_rows_to_repeat(approved):
    table = _table(approved, "Nombre")
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")


def test_it_writes_header_sign_off_and_properties(approved):
    text = _all_text(approved)
    assert "03 de junio del 2025" in text and "Código de acceso: 633252" in text
    assert "María de los Ángeles Calderón San Martín" in text
    assert "Raúl Salgado Martínez" in text and "Visto Bueno" in text
    props = approved.core_properties
    assert props.title.startswith("Minuta 5/SO GTTIM")
    assert props.author == "Coordinación del Centro de Estudios Migratorios"
    assert props.language == "es-MX"
    footer = approved.sections[0].footer._element.xml
    assert "NUMPAGES" in footer and "Página" in footer
    assert "BORRADOR" not in approved.sections[0].header._element.xml


def test_it_marks_a_minuta_in_review_as_draft(demo):
    document = _open(render_minuta_docx(mj_review_session()))
    assert "BORRADOR" in document.sections[0].header._element.xml


def test_it_embeds_the_photos(media, demo):
    session = gttim_session()
    add_photo(session, "Captura de la sesión", order=1)
    document = _open(render_minuta_docx(session))
    assert len(document.inline_shapes) == 3  # the demo's two drawn screenshots and this one
    assert "Captura de la sesión" in _all_text(document)


def test_it_keeps_the_photo_heading_with_a_line_when_there_are_none(db):
    text = _all_text(_open(render_minuta_docx(make_session())))
    assert "Evidencia fotográfica" in text and "Sin evidencia fotográfica." in text


def test_it_keeps_a_hostile_narrative_as_plain_text(db):
    session = make_session()
    add_hostile_item(session)
    text = _all_text(_open(render_minuta_docx(session)))
    assert '<img src="file:///etc/passwd">' in text and "🎉" in text and "FIN-LARGO" in text
