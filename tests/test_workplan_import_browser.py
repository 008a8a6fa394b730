"""In the browser: the secretary imports a plan's actividades from a spreadsheet; a wrong row
is named and nothing is saved; the corrected file is imported and the plan page shows it."""


import openpyxl
import pytest

from workplan.models import Actividad

from .test_workspace_browser import SCREENSHOTS, browser, sign_in  # noqa: F401 (fixture)
from .workplan_docs_data import plan_world


@pytest.fixture
def world(transactional_db):
    return plan_world(calendar=False)


def _xlsx(path, rows):
    book = openpyxl.Workbook()
    book.active.append(["Eje", "Actividad", "Fecha de término", "Instancias responsables",
                        "Instancias coadyuvantes"])
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)


def test_it_imports_actividades_and_names_the_wrong_row(browser, world, live_server,  # noqa: F811
                                                       tmp_path):
    base = live_server.url
    page = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 900}).new_page()
    sign_in(page, base, "secretaria.gttim")
    page.goto(f"{base}/planes/{world.plan.pk}/importar/")
    good = [["2", "Diseñar una estrategia de difusión.", "15/10/2025", "SSPC", "OIM"],
            ["Vinculación", "Mesa con organizaciones civiles.", "30/11/2025", "FGR", ""]]
    bad = good + [["9", "Eje inexistente.", "", "FGR", ""],
                  ["1", "Institución desconocida.", "31/02/2025", "Fiscalia Genral", ""]]
    before = Actividad.objects.count()
    page.set_input_files("input[type=file]", _xlsx(tmp_path / "malo.xlsx", bad))
    page.get_by_role("button", name="Revisar e importar").click()
    errors = page.locator("#row-errors")
    errors.wait_for()
    text = errors.inner_text()
    assert "Fila 4: El plan no tiene el eje 9" in text
    assert "Fila 5: No se pudo leer la fecha “31/02/2025”" in text
    assert "Fila 5: No están en el directorio: Fiscalia Genral" in text
    assert "No se importó nada: corrija las filas que se indican abajo." in page.inner_text("main")
    assert page.inner_text("main").count("Fila 4: El plan no tiene el eje 9") == 1  # listed once
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "workplan-import-errors.png"), full_page=True)
    assert Actividad.objects.count() == before
    page.set_input_files("input[type=file]", _xlsx(tmp_path / "bueno.xlsx", good))
    page.get_by_role("button", name="Revisar e importar").click()
    page.wait_for_url(f"{base}/grupos/{world.group.pk}/plan/2025/")
    assert "Se importaron 2 actividades de bueno.xlsx" in page.inner_text("body")
    assert "Mesa con organizaciones civiles." in page.inner_text("main")
    page.screenshot(path=str(SCREENSHOTS / "workplan-import-done.png"), full_page=True)
    assert Actividad.objects.count() == before + 2
