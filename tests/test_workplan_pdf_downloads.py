"""The plan's downloads (PDF, DOCX, XLSX): same content in the three, for whoever reads the plan;
each denial paired with a positive control."""

import io

import openpyxl
import pytest
from docx import Document

from audit.models import AuditEntry
from workplan import services

from .workplan_docs_data import ACTIVIDADES, EJES, flat, pdf_text, plan_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return plan_world()


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_secretary_downloads_the_three_formats(world, client):
    plan = world.plan
    pdf = _get(client, world.secretary, f"/planes/{plan.pk}/plan.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'filename="plan-GTTIM-2025-borrador.pdf"' in pdf["Content-Disposition"]
    assert "Eje 3. " + EJES[2] in flat(pdf_text(pdf.content))

    docx = client.get(f"/planes/{plan.pk}/plan.docx")
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.content))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Eje 1. " + EJES[0] in body
    assert any(ACTIVIDADES[0][1] in c for c in cells)
    assert "Instancias coadyuvantes" in cells and "OIM, UNODC" in cells
    assert "BORRADOR" in document.sections[0].header.paragraphs[1].text

    xlsx = client.get(f"/planes/{plan.pk}/plan.xlsx")
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    rows = list(book["Actividades"].iter_rows(values_only=True))
    assert rows[0][:3] == ("No.", "Eje", "Actividad")
    assert [r[0] for r in rows[1:]] == ["1.1", "1.2", "2.1", "3.1"]
    assert rows[1][9] == "UPMRIP" and rows[2][10] == "OIM, UNODC"
    assert rows[4][8] == "Veracruz, Tamaulipas, Oaxaca, San Luis Potosí"
    assert rows[1][4].date().isoformat() == "2025-06-01"  # a date cell, not text
    calendar = list(book["Calendario"].iter_rows(values_only=True))
    assert calendar[1][0] == "6ª. sesión ordinaria"
    assert AuditEntry.objects.filter(action="download", object_id=str(plan.pk)).count() == 3


def test_an_enlace_reads_the_plan_once_it_is_in_consultation(world, client):
    url = f"/planes/{world.plan.pk}/plan.pdf"
    assert _get(client, world.enlace_fgr, url).status_code == 404  # a draft is the secretariat's
    assert _get(client, world.coordinator, url).status_code == 200  # positive control
    services.plan_submit_for_consultation(plan=world.plan, actor=world.secretary)
    response = _get(client, world.enlace_fgr, url)
    assert response.status_code == 200
    assert "EN CONSULTA" in flat(pdf_text(response.content))


def test_another_groups_secretary_and_anonymous_get_nothing(world, client):
    services.plan_submit_for_consultation(plan=world.plan, actor=world.secretary)
    for fmt in ("pdf", "docx", "xlsx"):
        url = f"/planes/{world.plan.pk}/plan.{fmt}"
        assert _get(client, world.outsider, url).status_code == 404
        client.logout()
        assert client.get(url).status_code == 302  # to the sign-in page
        assert _get(client, world.secretary, url).status_code == 200  # positive control


def test_user_text_stays_text_in_the_spreadsheet(world, client):
    services.actividad_add(eje=world.ejes[0], description='=HYPERLINK("http://x.example","y")',
                           actor=world.secretary)
    body = _get(client, world.secretary, f"/planes/{world.plan.pk}/plan.xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(body))["Actividades"]
    cell = next(r[2] for r in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(r[2].value))
    assert cell.data_type == "s" and cell.quotePrefix
