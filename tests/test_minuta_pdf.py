"""The minuta as PDF, read back with poppler (pdftotext, pdfinfo, pdffonts) and pypdf."""

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from documents.fetcher import ProjectFilesFetcher
from documents.render import render_minuta_pdf

from .factories import make_session
from .minuta_helpers import (
    ACUERDOS,
    AGENDA_SLOTS,
    PARTICIPANT_NAMES,
    add_hostile_item,
    add_photo,
    flat,
    gttim_session,
    image_xobjects,
    media,  # noqa: F401  (fixture)
    mj_review_session,
    pdf_info,
    pdf_text,
)


@pytest.fixture
def approved_pdf(demo):
    return render_minuta_pdf(gttim_session())


def test_it_prints_all_28_participants(approved_pdf):
    text = flat(pdf_text(approved_pdf))
    assert len(PARTICIPANT_NAMES) == 28
    missing = [name for name in PARTICIPANT_NAMES if name not in text]
    assert missing == []


def test_it_prints_every_agenda_time_slot_with_its_presenter(approved_pdf):
    text = flat(pdf_text(approved_pdf))
    assert [slot for slot in AGENDA_SLOTS if slot not in text] == []
    assert "Vanessa Foronda, Coordinadora de la Unidad contra la Trata" in text


def test_it_prints_the_five_acuerdos_with_responsable_and_due_date(approved_pdf):
    text = flat(pdf_text(approved_pdf))
    for number, responsable, due in ACUERDOS:
        row = re.search(re.escape(number) + r" (.*?)(?=5/SO-\d|Elaboró)", text)
        assert row, number
        assert responsable in row.group(1) and due in row.group(1), (number, row.group(1))


def test_it_prints_the_header_table_in_spanish_words(approved_pdf):
    text = flat(pdf_text(approved_pdf))
    for expected in ("Fecha: 03 de junio del 2025", "Hora: 12:00", "Convoca: UPMRIP",
                     "Número: 05", "ID de reunión: 891 5650 9733", "Código de acceso: 633252"):
        assert expected in text


def test_it_prints_the_sign_off_names(approved_pdf):
    text = flat(pdf_text(approved_pdf))
    assert re.search(r"Elaboró.*Visto Bueno", text)
    assert "María de los Ángeles Calderón San Martín" in text.split("Elaboró")[-1]
    assert "Raúl Salgado Martínez" in text.split("Visto Bueno")[-1]


def test_it_numbers_pages_and_repeats_the_running_header(approved_pdf):
    pages = int(re.search(r"Pages:\s+(\d+)", pdf_info(approved_pdf)).group(1))
    assert pages > 1
    text = pdf_text(approved_pdf)
    assert f"Página 1 de {pages}" in text and f"Página {pages} de {pages}" in text
    for page_text in text.split("\f")[:pages]:
        assert "GTTIM ·" in page_text and "5/SO" in page_text


def test_it_repeats_the_table_header_on_the_next_page(approved_pdf):
    pages = pdf_text(approved_pdf, layout=True).split("\f")
    # The 28 participants do not fit on page 1: page 2 starts with the header row again.
    assert "Nombre" in pages[0] and re.search(r"Nombre\s+Cargo\s+Institución", pages[1])


def test_it_writes_the_metadata_and_the_language(approved_pdf):
    info = pdf_info(approved_pdf)
    assert re.search(r"Title:\s+Minuta 5/SO GTTIM: 5ª\. REUNIÓN ORDINARIA", info)
    assert re.search(r"Author:\s+Coordinación del Centro de Estudios Migratorios", info)
    assert re.search(r"Subject:\s+Minuta de la sesión 5/SO", info)
    assert re.search(r"CreationDate:\s+.*2025", info)
    assert re.search(r"Tagged:\s+yes", info)
    reader = PdfReader(io.BytesIO(approved_pdf))
    assert reader.trailer["/Root"]["/Lang"] == "es-MX"


def test_it_renders_an_approved_minuta_as_pdf_a_3a(approved_pdf):
    xmp = pdf_info(approved_pdf, "-meta")
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    root = PdfReader(io.BytesIO(approved_pdf)).trailer["/Root"]
    assert "/OutputIntents" in root and "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


def test_it_embeds_the_project_fonts(approved_pdf):
    fonts = subprocess.run(
        ["pdffonts", "-"], input=approved_pdf, capture_output=True, check=True
    ).stdout.decode().splitlines()[2:]
    assert fonts and all(" yes yes " in line for line in fonts), fonts  # embedded, subset
    assert all("Minuta-Sans" in line for line in fonts)  # our @font-face, not a system font


def test_it_has_no_watermark_once_approved(approved_pdf):
    assert "BORRADOR" not in pdf_text(approved_pdf)


def test_it_watermarks_a_minuta_in_review(demo):
    data = render_minuta_pdf(mj_review_session())
    text = pdf_text(data)
    assert text.count("BORRADOR") >= 2  # the watermark and the running header of each page
    assert "pdfaid" not in pdf_info(data, "-meta")


def test_it_watermarks_a_draft_made_with_factories(db):
    assert "BORRADOR" in pdf_text(render_minuta_pdf(make_session()))


def test_it_embeds_the_photos_with_captions(media, demo):
    session = gttim_session()
    add_photo(session, "Captura de pantalla de la sesión virtual", order=1)
    add_photo(session, "Presentación de la OIM", color=(200, 40, 40), order=2)
    fetcher = ProjectFilesFetcher()
    data = render_minuta_pdf(session, url_fetcher=fetcher)
    assert image_xobjects(data) == 4  # the demo's two drawn screenshots and these two
    text = flat(pdf_text(data))
    assert "Evidencia fotográfica" in text and "Presentación de la OIM" in text
    assert "Captura de pantalla de la sesión virtual" in text
    assert sum("/photos/" in url for url in fetcher.fetched) == 4


def test_it_renders_a_hostile_narrative_as_text_and_fetches_nothing(db):
    session = make_session()
    add_hostile_item(session)
    fetcher = ProjectFilesFetcher()
    data = render_minuta_pdf(session, url_fetcher=fetcher)
    text = flat(pdf_text(data))
    assert '<img src="file:///etc/passwd">' in text
    assert '<script>alert("x")</script>' in text and "<b>negrita</b>" in text
    assert "FIN-LARGO" in text and "fin" in text
    assert text.replace(" ", "").count("X" * 100) >= 25  # the unbroken 3,000 characters wrap
    assert fetcher.refused == []  # escaped text is never an element: nothing was even asked for
    assert all("/static/" in url for url in fetcher.fetched)
    assert b"root:x:0:0" not in data


def test_it_reads_the_database_a_few_times_whatever_the_size(demo, django_assert_max_num_queries):
    session = gttim_session()
    # session and group, attendance, agenda items, presenters, acuerdos, their parts, photos,
    # session documents (anexos), the group's convocatoria settings (quorum line)
    with django_assert_max_num_queries(9):
        render_minuta_pdf(session)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.org/logo.png",
        "data:text/plain,hola",
        "ftp://example.org/x",
        "file://otherhost/etc/passwd",
    ],
)
def test_it_refuses_addresses_outside_the_project_folders(url, settings):
    fetcher = ProjectFilesFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url] and fetcher.fetched == []


def test_it_refuses_a_path_that_climbs_out_of_static(settings):
    static = settings.BASE_DIR / "static"
    url = (static / "minutas").as_uri() + "/../../../../../../etc/passwd"
    fetcher = ProjectFilesFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_it_refuses_a_symlink_that_points_outside(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "escape.jpg").symlink_to("/etc/passwd")
    with pytest.raises(ValueError):
        ProjectFilesFetcher().fetch((tmp_path / "escape.jpg").as_uri())


def test_it_serves_project_static_files(settings):
    css = settings.BASE_DIR / "static" / "minutas" / "print.css"
    response = ProjectFilesFetcher().fetch(css.as_uri())
    assert b"@font-face" in response.read() and response.content_type == "text/css"


def test_it_prints_the_agenda_in_the_references_two_columns(approved_pdf):
    pages = pdf_text(approved_pdf, layout=True)
    assert re.search(r"Hora\s+Actividad\s*\n", pages) and "A cargo de\n" not in pages
    text = flat(pdf_text(approved_pdf))
    assert "12:00 a 12:05 Bienvenida A cargo de Nathaniel Rodríguez" in text


def test_it_prints_three_agenda_columns_and_plain_dates_when_the_group_asks(demo):
    session = gttim_session()
    group = session.group
    group.agenda_layout, group.date_style = "three_columns", "plain"
    group.save()
    data = render_minuta_pdf(session)
    assert re.search(r"Hora\s+Actividad\s+A cargo de", pdf_text(data, layout=True))
    assert "Fecha: 3 de junio de 2025" in flat(pdf_text(data))


def test_it_agrees_the_article_with_the_groups_name_in_the_metadata(demo):
    info = pdf_info(render_minuta_pdf(mj_review_session()))
    assert re.search(r"Subject:\s+Minuta de la sesión 3/SO de la Mesa de Judicialización", info)
