"""Importing a plan's actividades from XLSX or CSV: every row checked with a clear message in
Spanish (and English), nothing saved when any row is wrong; the page for the secretariat."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from workplan import services
from workplan.imports import check, plan_import, read_sheet, template_headings
from workplan.models import Actividad, Eje, PlanEvent

from .workplan_docs_data import plan_world

pytestmark = pytest.mark.django_db
HEADINGS = ["Eje", "Actividad", "Entregable", "Fecha de inicio", "Fecha de término", "Indicador",
            "Meta", "Entidades", "Instancias responsables", "Instancias coadyuvantes"]
GOOD = [
    ["1", "Construir una guía para documentar las acciones.", "Guía", "01/07/2025",
     "30/11/2025", "Guía publicada", "1", "", "UPMRIP", "OIM, UNODC"],
    ["Coordinación efectiva", "Diseñar una estrategia de difusión.", "Estrategia", "",
     "15 de octubre de 2025", "", "", "", "SSPC", ""],
    ["Eje 4. Vinculación con la sociedad civil", "Mesa con organizaciones.", "", "2025-09-01",
     "2025-09-30", "", "", "Veracruz y Oaxaca", "Todas las instituciones", ""],
]


@pytest.fixture
def world():
    return plan_world(calendar=False)


def _xlsx(rows, headings=HEADINGS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(rows, headings=HEADINGS) -> bytes:
    lines = [";".join(headings)] + [";".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_it_imports_every_row_through_the_services(world):
    before = Actividad.objects.filter(plan=world.plan).count()
    checked = plan_import(plan=world.plan, sheet=read_sheet(_xlsx(GOOD), "plan.xlsx"),
                          actor=world.secretary)
    assert [r.line for r in checked.rows] == [2, 3, 4]
    assert Actividad.objects.filter(plan=world.plan).count() == before + 3
    guide = Actividad.objects.get(description__startswith="Construir una guía")
    assert guide.eje.title == "Generación de conocimiento y capacitación"  # "1": the first eje
    assert (guide.start_date, guide.end_date) == (dt.date(2025, 7, 1), dt.date(2025, 11, 30))
    assert guide.indicator == "Guía publicada" and guide.goal == "1"
    roles = {(p.institution.acronym, p.role) for p in guide.institutions.all()}
    assert roles == {("UPMRIP", "responsable"), ("OIM", "coadyuvante"), ("UNODC", "coadyuvante")}
    strategy = Actividad.objects.get(description__startswith="Diseñar una estrategia")
    assert strategy.eje.title == "Coordinación efectiva"  # by title, accents and case aside
    assert strategy.end_date == dt.date(2025, 10, 15)
    meeting = Actividad.objects.get(description__startswith="Mesa con")
    assert meeting.eje.title == "Eje 4. Vinculación con la sociedad civil"  # a new eje
    assert Eje.objects.filter(plan=world.plan).count() == 4
    assert meeting.all_institutions and meeting.states == ["VER", "OAX"]
    assert meeting.institutions.count() == 6  # every member institution, as responsable
    # The plan's history has a row per actividad added, by the secretary.
    assert PlanEvent.objects.filter(plan=world.plan, kind="actividad",
                                    actor=world.secretary).count() == before + 3


def test_a_csv_with_semicolons_reads_the_same(world):
    checked = check(read_sheet(_csv(GOOD), "plan.csv"), plan=world.plan)
    assert checked.errors == []
    assert [r.description for r in checked.rows] == [row[1] for row in GOOD]


def test_one_wrong_row_and_nothing_is_saved_with_every_problem_listed(world):
    bad = GOOD + [
        ["2", "", "", "", "", "", "", "", "FGR", ""],  # line 5: no description
        ["9", "Actividad de un eje que no existe.", "", "", "", "", "", "", "FGR", ""],
        ["2", "Fechas al revés.", "", "30/09/2025", "01/09/2025", "", "", "", "FGR", ""],
        ["2", "Fecha ilegible.", "", "pronto", "", "", "", "", "FGR", ""],
        ["2", "Institución desconocida.", "", "", "", "", "", "", "Fiscalia Genral", ""],
        ["2", "Responsable y coadyuvante.", "", "", "", "", "", "", "FGR", "FGR"],
        ["2", "Entidad desconocida.", "", "", "", "", "", "Atlántida", "FGR", ""],
        ["1", "Construir una guía para documentar las acciones.", "", "", "", "", "", "", "",
         ""],  # twice in the file under the same eje
        ["2", "Crear un directorio de personas responsables en cada dependencia.", "", "", "",
         "", "", "", "", ""],  # already in the plan
    ]
    events = PlanEvent.objects.count()
    actividades = Actividad.objects.count()
    with pytest.raises(ValidationError) as failure:
        plan_import(plan=world.plan, sheet=read_sheet(_xlsx(bad), "plan.xlsx"),
                    actor=world.secretary)
    messages = failure.value.messages
    assert messages == [
        "Fila 5: La actividad no tiene descripción.",
        "Fila 6: El plan no tiene el eje 9: escriba el título de un eje nuevo en lugar de un "
        "número.",
        "Fila 7: La fecha de inicio es posterior a la fecha de término.",
        "Fila 8: No se pudo leer la fecha “pronto” (escríbala como 31/12/2025).",
        "Fila 9: No están en el directorio: Fiscalia Genral.",
        "Fila 10: Una institución no puede ser responsable y coadyuvante de la misma actividad: "
        "FGR.",
        "Fila 11: Entidad desconocida: Atlántida.",
        "Fila 12: Esta actividad aparece dos veces en el archivo bajo el mismo eje.",
        "Fila 13: Esta actividad ya está en el plan bajo ese eje.",
    ]
    assert Actividad.objects.count() == actividades  # the three good rows were not saved either
    assert Eje.objects.filter(plan=world.plan).count() == 3
    assert PlanEvent.objects.count() == events
    with translation.override("en"):
        english = check(read_sheet(_xlsx(bad), "plan.xlsx"), plan=world.plan).messages
    assert english[0] == "Row 5: The actividad has no description."


def test_missing_columns_and_an_approved_plan_are_refused_with_a_reason(world):
    checked = check(read_sheet(_xlsx(GOOD, headings=["Tema", "Texto"] + HEADINGS[2:]),
                               "plan.xlsx"), plan=world.plan)
    assert checked.messages == ["Fila 1: No hay columna para: Eje, Actividad. Use los "
                                "encabezados de la plantilla."]
    services.plan_submit_for_consultation(plan=world.plan, actor=world.secretary)
    assert check(read_sheet(_xlsx(GOOD), "p.xlsx"), plan=world.plan).errors == []  # control
    from .factories import make_acuerdo, make_session

    acuerdo = make_acuerdo(session=make_session(group=world.group), all_institutions=True)
    services.plan_approve(plan=world.plan, acuerdo=acuerdo, actor=world.secretary,
                          schedule_calendar=False)
    with pytest.raises(ValidationError, match="El plan está aprobado"):
        plan_import(plan=world.plan, sheet=read_sheet(_xlsx(GOOD), "p.xlsx"),
                    actor=world.secretary)


def test_the_exported_spreadsheet_reads_back_into_another_plan(world, client):
    client.force_login(world.secretary)
    exported = client.get(f"/planes/{world.plan.pk}/plan.xlsx").content
    next_year = services.plan_create(group=world.group, year=2026, title="Plan 2026",
                                     actor=world.secretary)
    checked = plan_import(plan=next_year, sheet=read_sheet(exported, "plan-2025.xlsx"),
                          actor=world.secretary)
    assert len(checked.rows) == 4
    assert [e.title for e in next_year.ejes.order_by("order")] == [
        e.title for e in world.plan.ejes.order_by("order")]
    copied = next_year.actividades.get(description__startswith="Realizar una campaña")
    assert {(p.institution.acronym, p.role) for p in copied.institutions.all()} == {
        ("SSPC", "responsable"), ("OIM", "coadyuvante"), ("UNODC", "coadyuvante")}
    # "Por definir" (no responsable yet) is not an institution: the XLSX writes it as such.
    rutas = next_year.actividades.get(description__startswith="Impulsar las rutas")
    assert list(rutas.institutions.values_list("role", flat=True)) == ["coadyuvante"]


def test_the_page_checks_then_imports_and_keeps_the_file_out_until_then(world, client):
    url = f"/planes/{world.plan.pk}/importar/"
    client.force_login(world.enlace_fgr)
    assert client.get(url).status_code == 404  # an enlace does not import
    client.force_login(world.secretary)
    page = client.get(url)
    assert page.status_code == 200 and "Descargar la plantilla" in page.content.decode()
    template = client.get(f"/planes/{world.plan.pk}/importar/plantilla.xlsx")
    headings = next(openpyxl.load_workbook(io.BytesIO(template.content)).active.iter_rows(
        values_only=True))
    assert list(headings) == template_headings()
    # In Spanish, as its users read it (the last two: "Responsable", "Coadyuvante").
    assert template_headings()[:8] == HEADINGS[:8]
    before = Actividad.objects.count()
    bad = GOOD + [["2", "Institución desconocida.", "", "", "", "", "", "", "XYZ", ""]]
    response = client.post(url, {"action": "import", "file": SimpleUploadedFile(
        "plan.xlsx", _xlsx(bad))})
    assert response.status_code == 422
    html = response.content.decode()
    assert "No se importó nada" in html and "Fila 5: No están en el directorio: XYZ." in html
    assert Actividad.objects.count() == before
    response = client.post(url, {"action": "check", "file": SimpleUploadedFile(
        "plan.xlsx", _xlsx(GOOD))})
    assert response.status_code == 200 and "3 actividades listas para importar" in \
        response.content.decode()
    assert Actividad.objects.count() == before  # checking saves nothing
    response = client.post(url, {"action": "import", "file": SimpleUploadedFile(
        "plan.xlsx", _xlsx(GOOD))})
    assert response.status_code == 302
    assert Actividad.objects.count() == before + 3


def test_a_file_that_is_not_a_spreadsheet_gets_a_message_not_an_error(world, client):
    client.force_login(world.secretary)
    response = client.post(f"/planes/{world.plan.pk}/importar/", {
        "action": "check", "file": SimpleUploadedFile("plan.xlsx", b"PK\x03\x04 no es zip")})
    assert response.status_code == 422
    assert "No se pudo leer esta hoja de cálculo" in response.content.decode()


def test_text_that_is_no_table_gets_a_message_not_an_error(world):
    with pytest.raises(ValidationError, match="No se pudo leer esta hoja de cálculo"):
        read_sheet(b"DTSTAMP\r\nBEGIN:VCALENDAR", "file")
    assert read_sheet(_csv(GOOD), "plan.csv").rows  # positive control: a real CSV reads
