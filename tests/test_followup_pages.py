"""Mis acuerdos (filters, sorting), the dashboard's links, compliance figures and the exports."""

import csv
import datetime as dt
import html
import io
import re

import openpyxl
import pytest
import time_machine
from django.utils import translation

from agreements.models import Acuerdo

from .followup_helpers import user

pytestmark = pytest.mark.django_db
TODAY = "2026-11-21 10:00 -06:00"


@time_machine.travel(TODAY, tick=False)
def test_it_lists_overdue_first_with_days_overdue(demo, client):
    client.force_login(user("enlace.fgr"))
    rows = client.get("/acuerdos/").context["page"].rows
    flags = [r.is_overdue for r in rows]
    assert flags == sorted(flags, reverse=True) and flags[0]
    first = rows[0]
    assert first.days_overdue == (dt.date(2026, 11, 21) - first.acuerdo.due_date).days
    assert {r.institution.acronym for r in rows} == {"FGR"}


@time_machine.travel(TODAY, tick=False)
def test_it_filters_by_role_status_group_due_window_and_text(demo, client):
    client.force_login(user("enlace.fgr"))
    get = lambda q: client.get(f"/acuerdos/?{q}").context["page"].rows  # noqa: E731
    assert get("role=coadyuvante") == []  # FGR only answers for its acuerdos
    assert {r.role for r in get("role=responsable")} == {"responsable"}
    assert {r.status for r in get("status=fulfilled")} == {"fulfilled"}
    mj = Acuerdo.objects.filter(group__acronym="MJ-MIGRACION").first().group_id
    assert {r.acuerdo.group.acronym for r in get(f"group={mj}")} == {"MJ-MIGRACION"}
    assert [r.acuerdo.number for r in get("q=protocolo")] == ["1/SO-2"]
    assert {r.acuerdo.number for r in get("due=next_30")} == {"3/SO-2"}  # due 11 Dec 2026
    assert get("due=next_7") == []
    overdue = get("due=overdue")
    assert overdue and all(r.is_overdue for r in overdue)
    assert {r.overall for r in get("overall=overdue")} == {"overdue"}
    client.force_login(user("coordinador"))
    helpers = get("role=coadyuvante")
    assert {(r.acuerdo.number, r.institution.acronym) for r in helpers} == {
        ("1/SO-2", "CNDH"), ("1/SO-3", "SSPC"), ("1/SE-1", "Guardia Nacional")}
    # a value outside the choices is a form error, not a 500
    response = client.get("/acuerdos/?status=bogus&page=x")
    assert response.status_code == 200 and response.context["filter"].errors


@time_machine.travel(TODAY, tick=False)
def test_every_dashboard_number_links_to_the_list_behind_it(demo, client):
    client.force_login(user("coordinador"))
    body = client.get("/coordinacion/").content.decode()
    links = re.findall(r'<a href="(/acuerdos/\?[^"]+)">(\d+)</a>', body)
    assert len(links) >= 2 * 5 + 5  # two groups × 5 figures, and the matrix
    assert any(int(n) > 0 for _url, n in links)
    for url, number in links:
        rows = client.get(html.unescape(url)).context["page"].rows
        assert len(rows) == int(number), url


@time_machine.travel(TODAY, tick=False)
def test_it_states_the_compliance_definition_and_counts_the_period(demo, client):
    client.force_login(user("coordinador"))
    with translation.override("en"):
        response = client.get("/coordinacion/cumplimiento/?start=2026-01-01&end=2026-12-31",
                              HTTP_ACCEPT_LANGUAGE="en")
    assert "Compliance rate = fulfilled ÷ (adopted − cancelled) × 100" in \
        response.content.decode()
    groups = {r["group__acronym"]: r for r in response.context["by_group"]}
    assert set(groups) == {"MJ-MIGRACION"}  # GTTIM's 5/SO is in 2025
    mj = groups["MJ-MIGRACION"]
    assert mj["adopted"] == 9
    assert mj["adopted"] == mj["fulfilled"] + mj["in_process"] + mj["overdue"] + mj["cancelled"]
    # 1/SO-1 (everyone fulfilled) and 2/SO-1 (SSPC fulfilled) are the validated ones
    assert mj["fulfilled"] == 2 and mj["rate"] == round(100 * 2 / 9, 1)


def _rows_of(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


@time_machine.travel(TODAY, tick=False)
def test_it_exports_the_filtered_list_with_spanish_headers_and_dates(demo, client):
    client.force_login(user("enlace.fgr"))
    listed = [r.acuerdo.number for r in client.get("/acuerdos/?due=overdue").context["page"].rows]
    csv_rows = _rows_of(client.get("/acuerdos/exportar.csv?due=overdue"))
    xlsx_rows = _rows_of(client.get("/acuerdos/exportar.xlsx?due=overdue"))
    for rows in (csv_rows, xlsx_rows):
        assert rows[0][:3] == ["Número", "Grupo", "Sesión"]
        assert rows[0][9] == "Fecha de cumplimiento"
        assert [r[0] for r in rows[1:]] == listed
    first = Acuerdo.objects.get(group__acronym=csv_rows[1][1], number=csv_rows[1][0])
    assert dt.date.fromisoformat(csv_rows[1][9]) == first.due_date
    assert isinstance(xlsx_rows[1][9], dt.datetime) and xlsx_rows[1][9].date() == first.due_date
    assert isinstance(xlsx_rows[1][3], dt.datetime)  # session date
    assert xlsx_rows[1][11] == (dt.date(2026, 11, 21) - first.due_date).days
    assert xlsx_rows[1][8] == "Vencido"


@time_machine.travel(TODAY, tick=False)
def test_it_exports_compliance_as_csv_and_xlsx(demo, client):
    client.force_login(user("coordinador"))
    query = "?start=2026-01-01&end=2026-12-31"
    csv_rows = _rows_of(client.get(f"/coordinacion/cumplimiento/exportar.csv{query}"))
    assert csv_rows[0][:4] == ["Nivel", "Sigla", "Nombre", "Adoptados"]
    assert ["Grupo", "MJ-MIGRACION"] == csv_rows[1][:2] and csv_rows[1][3] == "9"
    body = client.get(f"/coordinacion/cumplimiento/exportar.xlsx{query}").content
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["Por grupo", "Por institución"]
    assert [c.value for c in book["Por grupo"][2]][:3] == ["MJ-MIGRACION", book["Por grupo"]["B2"].value, 9]
    assert client.get("/coordinacion/cumplimiento/exportar.pdf").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_the_compliance_page_says_hasta_and_sin_efecto_in_spanish(demo, client):
    client.force_login(user("coordinador"))
    body = client.get("/coordinacion/cumplimiento/").content.decode()
    labels = [w.strip() for w in re.findall(r"<label[^>]*>([^<]+)<input", body)]
    assert labels == ["Desde", "Hasta"]
    headers = re.findall(r'<th scope="col">([^<]+)</th>', body)
    assert headers.count("Sin efecto") == 2 and "Cancelada" not in body
