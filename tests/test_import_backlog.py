"""Importing the backlog of acuerdos from a spreadsheet: 300 acuerdos over 74 sessions, the
compliance page agrees with the file; every row is checked before anything is saved."""

import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from agreements.models import Acuerdo, AcuerdoEvent
from directory.models import Institution
from followup.models import ProgressReport
from imports.backlog import backlog_import, check, read_sheet, template_headings
from meetings.models import Membership, Session, WorkingGroup

pytestmark = pytest.mark.django_db
INSTITUTIONS = ["SSPC", "FGR", "INM", "Guardia Nacional"]


@pytest.fixture
def world():
    group = WorkingGroup.objects.create(acronym="MJ-HIST", name="Mesa de Judicialización")
    for acronym in INSTITUTIONS:
        institution = Institution.objects.create(acronym=acronym, name=f"Institución {acronym}")
        Membership.objects.create(group=group, institution=institution,
                                  joined_on=dt.date(2021, 9, 1))
    secretary = get_user_model().objects.create_user("sec", password="x")
    group.secretariat.add(secretary)
    return group, secretary


def _xlsx(rows, headers=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers or template_headings())
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _since_2021(n_sessions=74, n_acuerdos=300, open_ones=(17, 140, 299)):
    """74 sessions from 23 Sep 2021, every 3 weeks; 300 acuerdos spread over them; all fulfilled
    but three, as the Mesa reported ("74 reuniones y 301 acuerdos, de los cuales 297 …")."""
    rows, made = [], 0
    for s in range(1, n_sessions + 1):
        day = dt.date(2021, 9, 23) + dt.timedelta(weeks=3 * (s - 1))
        count = n_acuerdos // n_sessions + (1 if s <= n_acuerdos % n_sessions else 0)
        for seq in range(1, count + 1):
            responsable = INSTITUTIONS[made % len(INSTITUTIONS)]
            status = "Pendiente" if made in open_ones else "Cumplido"
            rows.append([s, "SO", day, None, f"{s}/SO-{seq}", f"Acuerdo {seq} de la sesión {s}.",
                         "Todas las instituciones" if made % 10 == 0 else responsable,
                         "SSPC" if made % 7 == 0 and made % 10 and responsable != "SSPC"
                         else None,
                         day + dt.timedelta(days=30), status,
                         day + dt.timedelta(days=20) if status == "Cumplido" else None])
            made += 1
    return rows


def test_it_imports_300_acuerdos_over_74_sessions_and_compliance_agrees(world, client):
    from followup.selectors import compliance_by_group

    group, secretary = world
    sheet = read_sheet(_xlsx(_since_2021()), "bitacora.xlsx")
    backlog_import(group=group, sheet=sheet, actor=secretary, source="bitacora.xlsx")
    assert Session.objects.filter(group=group, status="held").count() == 74
    assert Acuerdo.objects.adopted().filter(group=group).count() == 300
    [row] = compliance_by_group([group], dt.date(2021, 1, 1), dt.date(2026, 12, 31),
                                dt.date(2026, 12, 2))
    assert (row["adopted"], row["fulfilled"]) == (300, 297)
    # The numbers are the file's, and the fulfilment is validated history with its source.
    assert Acuerdo.objects.filter(group=group, number="74/SO-4").exists()
    report = ProgressReport.objects.filter(responsibility__acuerdo__number="1/SO-2").first()
    assert report.on_behalf and report.review == "validated" and "bitacora.xlsx" in report.comment
    assert AcuerdoEvent.objects.filter(acuerdo__number="1/SO-2", kind="on_behalf").exists()
    # On the compliance page, as the secretariat sees it.
    client.force_login(secretary)
    body = client.get("/coordinacion/cumplimiento/?start=2021-01-01&end=2026-12-31").content
    assert b"297" in body and b"300" in body


def test_a_wrong_row_stops_the_whole_file(world):
    group, secretary = world
    rows = _since_2021(n_sessions=3, n_acuerdos=6)
    rows[2][6] = "Secretaría de Marina"  # not in the directory
    rows[4][9] = "quizá"  # not a status
    rows[5][8] = "mañana"  # not a date
    sheet = read_sheet(_xlsx(rows), "b.xlsx")
    checked = check(sheet, group=group)
    assert [line for line, _m in checked.errors] == [4, 6, 7]
    with pytest.raises(ValidationError) as refused:
        backlog_import(group=group, sheet=sheet, actor=secretary, source="b.xlsx")
    assert "Fila 4" in refused.value.messages[0] or "Row 4" in refused.value.messages[0]
    assert not Session.objects.filter(group=group).exists()
    assert not Acuerdo.objects.filter(group=group).exists()


def test_it_maps_columns_the_secretariat_already_keeps_and_reads_csv(world):
    group, secretary = world
    csv_text = ("No. de acuerdo;Acuerdo;Responsable;Fecha de cumplimiento;Estatus;Fecha sesion\n"
                "1/SO-1;Enviar el directorio;FGR y INM;30/10/2021;Atendido;23/09/2021\n"
                "1/SO-2;Revisar el protocolo;SSPC;15 de octubre;En proceso;23/09/2021\n")
    sheet = read_sheet(csv_text.encode("latin-1"), "bitacora.csv")
    assert set(sheet.mapping) >= {"number", "text", "responsables", "due_date", "status",
                                  "session_date"}
    backlog_import(group=group, sheet=sheet, actor=secretary, source="bitacora.csv")
    first, second = Acuerdo.objects.filter(group=group).order_by("sequence")
    assert [r.institution.acronym for r in first.responsibilities.all()] == ["FGR", "INM"]
    assert first.status_on(dt.date(2026, 1, 1)) == "fulfilled"
    assert second.due_date == dt.date(2021, 10, 15)  # the year is the session's
    assert second.responsibilities.get().status == "in_progress"


def test_a_number_already_in_the_group_is_refused(world):
    group, secretary = world
    rows = _since_2021(n_sessions=1, n_acuerdos=2)
    backlog_import(group=group, sheet=read_sheet(_xlsx(rows), "a.xlsx"), actor=secretary,
                   source="a.xlsx")
    checked = check(read_sheet(_xlsx(rows), "a.xlsx"), group=group)
    assert len(checked.errors) == 2 and "1/SO-1" in checked.errors[0][1]


def test_the_pages_map_check_and_import(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports.models import BacklogImport

    group, secretary = world
    client.force_login(secretary)
    template = client.get(f"/groups/{group.pk}/importar/acuerdos/plantilla.xlsx")
    headings = [c.value for c in next(openpyxl.load_workbook(
        io.BytesIO(template.content)).active.iter_rows(max_row=1))]
    assert headings == template_headings()
    # A file whose headings are not the template's: the secretary maps them.
    rows = [["1", "Revisar el protocolo", "FGR", "2021-10-30", "23/09/2021"]]
    data = _xlsx(rows, headers=["Ses.", "Texto", "Quién", "Vence", "Día"])
    response = client.post(f"/groups/{group.pk}/importar/acuerdos/",
                           {"file": SimpleUploadedFile("x.xlsx", data)})
    draft = BacklogImport.objects.get()
    assert response["Location"] == f"/importaciones/acuerdos/{draft.pk}/"
    page = client.get(response["Location"])
    assert b"disabled" in page.content  # required columns are not mapped yet
    mapping = {"map:session_number": "0", "map:text": "1", "map:responsables": "2",
               "map:due_date": "3", "map:session_date": "4"}
    checked = client.post(response["Location"], {**mapping, "action": "check"})
    assert b"Revisar el protocolo" in checked.content and b"disabled" not in checked.content
    done = client.post(response["Location"], {**mapping, "action": "import"})
    assert done.status_code == 302 and done["Location"] == f"/groups/{group.pk}/"
    acuerdo = Acuerdo.objects.get(group=group)
    assert (acuerdo.number, acuerdo.due_date) == ("1/SO-1", dt.date(2021, 10, 30))
    BacklogImport.objects.get(status="imported", acuerdos=1)


def test_only_the_secretariat_imports_acuerdos(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    group, secretary = world
    other = get_user_model().objects.create_user("otra", password="x")
    client.force_login(secretary)  # positive control
    assert client.get(f"/groups/{group.pk}/importar/acuerdos/").status_code == 200
    client.force_login(other)
    assert client.get(f"/groups/{group.pk}/importar/acuerdos/").status_code == 404
    assert client.post(f"/groups/{group.pk}/importar/acuerdos/", {
        "file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")}).status_code == 404
    assert client.get(f"/groups/{group.pk}/importar/acuerdos/plantilla.xlsx").status_code == 404
