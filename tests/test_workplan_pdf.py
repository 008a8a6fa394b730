"""The work plan as PDF, read back with poppler (pdftotext, -bbox) and pypdf: ejes, actividades,
responsables, coadyuvantes, dates and progress are printed; headings never end a page; the
table's header repeats; a plan that is not approved says so on every page."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from agreements.models import Responsibility
from agreements.services import responsibility_change_status
from workplan import services
from workplan.documents_pdf import render_plan_pdf
from workplan.documents_selectors import plan_document_content

from .factories import make_acuerdo, make_session
from .pdf_layout import word_boxes
from .workplan_docs_data import ACTIVIDADES, EJES, flat, pdf_text, plan_world

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 10, 15)


@pytest.fixture
def world():
    return plan_world()


def test_it_prints_ejes_actividades_responsables_and_coadyuvantes(world):
    text = flat(pdf_text(render_plan_pdf(world.plan, today=TODAY)))
    assert "Plan de Trabajo Anual 2025" in text
    for number, title in enumerate(EJES, start=1):
        assert f"Eje {number}. {title}" in text
    for _eje, description, resp, coad, *_rest in ACTIVIDADES:
        assert flat(description) in text
    # Responsables and coadyuvantes in their own columns: each acronym sits between the left
    # edges of its column's heading and the next one's.
    boxes = word_boxes(render_plan_pdf(world.plan, today=TODAY))
    page_one = [b for b in boxes if b.page == 1]
    resp_x, coad_x = [b.x0 for b in page_one if b.text == "Instancias"][:2]
    progress_x = next(b.x0 for b in page_one if b.text == "Avance" and b.x0 > coad_x)
    column = {b.text.strip(","): b.x0 for b in page_one if b.top > 200}
    assert resp_x <= column["UPMRIP"] < coad_x and resp_x <= column["SSPC"] < coad_x
    assert coad_x <= column["OIM"] < progress_x and coad_x <= column["UNODC"] < progress_x
    assert "Instancias responsables" in text and "Instancias coadyuvantes" in text
    assert "Por definir" in text  # the rutas locales have no responsable yet (reference: "vacíos")
    assert "Veracruz, Tamaulipas, Oaxaca, San Luis Potosí" in text


def test_it_prints_dates_progress_and_the_calendar_in_words(world):
    text = flat(pdf_text(render_plan_pdf(world.plan, today=TODAY)))
    assert "junio a septiembre de 2025" in text  # 1 Jun – 30 Sep: whole months
    assert "hasta el 29 de agosto de 2025" in text  # only an end date
    assert "Sin iniciar" in text
    # On 15 October the actividades that ended in August and September are late.
    assert text.count("Con atraso") == 2
    assert "4 actividades: 4 sin iniciar; 2 con atraso." in text
    assert "Calendario de sesiones" in text
    assert "6ª. sesión ordinaria" in text and "martes 5 de agosto de 2025" in text
    services.actividad_add(eje=world.ejes[0], description="Con días", actor=world.secretary,
                           start_date=dt.date(2025, 6, 2), end_date=dt.date(2025, 8, 5))
    assert "2 de junio al 5 de agosto de 2025" in flat(pdf_text(render_plan_pdf(world.plan,
                                                                               today=TODAY)))
    world.group.date_style = "official"  # the group's minutas write "05 de agosto del 2025"
    world.group.save(update_fields=["date_style"])
    official = flat(pdf_text(render_plan_pdf(world.plan, today=TODAY)))
    assert "02 de junio al 05 de agosto del 2025" in official  # both days padded alike
    assert "julio a diciembre de 2025" in official  # whole months: no days


def test_a_fulfilled_linked_acuerdo_shows_the_actividad_as_concluida(world):
    actividad = world.actividades[2]  # FGR's directory
    session = make_session(group=world.group, date=dt.date(2025, 8, 5))
    acuerdo = make_acuerdo(session=session, text="FGR entregará el directorio.",
                           responsables=[world.institutions["FGR"]])
    services.actividad_link_acuerdo(actividad=actividad, acuerdo=acuerdo, actor=world.secretary)
    text = flat(pdf_text(render_plan_pdf(world.plan, today=TODAY)))
    assert "Concluida" not in text
    assert acuerdo.number in text  # the linked acuerdo is named under the actividad
    part = acuerdo.responsibilities.get()
    responsibility_change_status(responsibility=part, status=Responsibility.Status.FULFILLED)
    text = flat(pdf_text(render_plan_pdf(world.plan, today=TODAY)))
    assert "Concluida" in text
    assert text.count("Con atraso") == 1  # a concluded actividad is not late


def test_it_marks_a_plan_that_is_not_approved_on_every_page(world):
    for n in range(30):  # enough rows for several pages
        services.actividad_add(eje=world.ejes[1], description=f"Actividad adicional {n} " * 6,
                               actor=world.secretary)
    data = render_plan_pdf(world.plan, today=TODAY)
    pages = [flat(pdf_text(data, "-f", str(p), "-l", str(p)))
             for p in range(1, len(PdfReader(io.BytesIO(data)).pages) + 1)]
    assert len(pages) >= 3
    assert all("BORRADOR" in page for page in pages)
    assert all(f"Página {n} de {len(pages)}" in page for n, page in enumerate(pages, start=1))
    # The table's header is repeated on every page the table crosses.
    assert sum("Instancias responsables" in page for page in pages) >= len(pages) - 1
    services.plan_submit_for_consultation(plan=world.plan, actor=world.secretary)
    text = flat(pdf_text(render_plan_pdf(world.plan, today=TODAY)))
    assert "EN CONSULTA" in text and "BORRADOR" not in text


def test_an_approved_plan_names_the_acuerdo_that_approved_it(world):
    assert "Versión: —" in flat(pdf_text(render_plan_pdf(world.plan, today=TODAY)))
    session = make_session(group=world.group, date=dt.date(2025, 6, 3), number=5)
    acuerdo = make_acuerdo(session=session, text="Se aprueba el plan de trabajo 2025.",
                           all_institutions=True)
    services.plan_approve(plan=world.plan, acuerdo=acuerdo, actor=world.secretary,
                          schedule_calendar=False)
    text = flat(pdf_text(render_plan_pdf(world.plan, today=TODAY)))
    assert f"Aprobado mediante el acuerdo {acuerdo.number}" in text
    assert "5ª. sesión ordinaria" in text and "Versión: 1" in text
    assert "BORRADOR" not in text and "EN CONSULTA" not in text


def test_no_heading_ends_a_page(world):
    # Many long actividades in every eje: wherever the pages break, an eje's heading sits on the
    # same page as its first row (the row's number "n.1" is printed on the heading's page).
    for eje in world.ejes:
        for n in range(6):
            services.actividad_add(eje=eje, description="Texto largo de la actividad. " * 25,
                                   actor=world.secretary)
    boxes = word_boxes(render_plan_pdf(world.plan, today=TODAY))
    for number in range(1, len(EJES) + 1):
        heading = next(b for b, n in zip(boxes, boxes[1:])
                       if b.text == "Eje" and n.text == f"{number}.")
        first_row = next(b for b in boxes if b.text == f"{number}.1")
        assert first_row.page == heading.page, f"eje {number}"
        assert first_row.top > heading.top


def test_it_reads_the_plan_in_a_constant_number_of_queries(world):
    def count():
        with CaptureQueriesContext(connection) as captured:
            plan_document_content(world.plan, today=TODAY)
        return len(captured)

    # plan (+group, approving acuerdo, session), ejes, actividades with progress, their
    # institutions, their linked acuerdos, the calendar
    assert count() == 6
    for eje in world.ejes:
        for n in range(5):
            services.actividad_add(eje=eje, description=f"Otra {n}",
                                   responsables=[world.institutions["INM"]],
                                   coadyuvantes=[world.institutions["OIM"]],
                                   actor=world.secretary)
    assert count() == 6


def test_user_text_cannot_fetch_anything(world, caplog):
    services.actividad_add(eje=world.ejes[0],
                           description='<img src="file:///etc/passwd"> <b>negrita</b>',
                           actor=world.secretary)
    text = flat(pdf_text(render_plan_pdf(world.plan, today=TODAY)))
    assert '<img src="file:///etc/passwd">' in text  # printed as text, never fetched
    assert "refused" not in caplog.text
