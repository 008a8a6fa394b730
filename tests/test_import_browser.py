"""In Chromium: the secretary uploads the reference minuta as Word into an empty group, reviews
it, confirms a fuzzy match, fixes a date and imports it; then uploads a backlog spreadsheet."""

import io

import openpyxl
import pytest

from meetings.models import Session

from .factories import GroupFactory, UserFactory
from .minuta_docx_builder import REFERENCE, build, read_reference
from .test_workspace_browser import SCREENSHOTS, browser, sign_in  # noqa: F401 (fixture)

pytestmark = pytest.mark.skipif(not REFERENCE.exists(),
                                reason="the reference minuta is not beside the checkout")


@pytest.fixture
def empty_group(transactional_db):
    group = GroupFactory(acronym="GTTIM", members=[])
    secretaria = UserFactory(username="secretaria")
    group.secretariat.add(secretaria)
    return group


def test_it_imports_a_word_minuta_and_a_backlog(browser, empty_group, live_server, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    ref = read_reference()
    ref.acuerdos[3][3] = "a la brevedad"  # a date the reader cannot read
    minuta = tmp_path / "5a-sesion.docx"
    minuta.write_bytes(build(ref))
    base = live_server.url
    page = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 900}).new_page()
    sign_in(page, base, "secretaria")
    page.goto(f"{base}/groups/{empty_group.pk}/")
    page.get_by_role("link", name="Importar una minuta anterior desde Word").click()
    page.set_input_files("input[type=file]", str(minuta))
    page.get_by_role("button", name="Leer el archivo").click()
    expect(page.get_by_role("heading", name="Revise lo que se entendió")).to_be_visible()
    expect(page.locator("text=Inspector José Alfredo Villa Aburto")).to_be_visible()
    expect(page.locator("tr.needs-decision").first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "import-review.png"), full_page=True)
    # Import without the date: refused, the page says why and nothing is saved.
    page.get_by_role("button", name="Importar", exact=True).click()
    expect(page.locator("text=La minuta no se importó")).to_be_visible()
    assert not Session.objects.filter(group=empty_group).exists()
    page.fill("input[name='due:2']", "2025-06-20")
    page.get_by_role("button", name="Importar", exact=True).click()
    page.wait_for_url(f"{base}/sessions/*/")
    session = Session.objects.get(group=empty_group)
    assert session.attendances.count() == 28 and session.acuerdos.count() == 5
    assert session.minuta_status == "approved"
    page.screenshot(path=str(SCREENSHOTS / "import-session.png"))

    # The backlog of acuerdos: 3 rows of an older session.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Sesión", "Fecha de la sesión", "Acuerdo", "Responsables", "Estado"])
    for n in range(1, 4):
        sheet.append([4, "2025-03-04", f"Acuerdo {n} de la cuarta sesión.", "UPMRIP",
                      "cumplido" if n < 3 else "pendiente"])
    backlog = tmp_path / "bitacora.xlsx"
    out = io.BytesIO()
    book.save(out)
    backlog.write_bytes(out.getvalue())
    page.goto(f"{base}/groups/{empty_group.pk}/")
    page.get_by_role("link", name="Importar acuerdos desde una hoja de cálculo").click()
    page.set_input_files("input[type=file]", str(backlog))
    page.get_by_role("button", name="Leer el archivo").click()
    expect(page.locator("text=3 acuerdos listos para importar")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "import-backlog.png"), full_page=True)
    page.get_by_role("button", name="Importar 3 acuerdos").click()
    page.wait_for_url(f"{base}/groups/{empty_group.pk}/")
    expect(page.locator("text=Se importaron 3 acuerdos")).to_be_visible()
    assert Session.objects.get(group=empty_group, number=4).acuerdos.count() == 3
