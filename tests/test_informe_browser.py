"""End to end through Debian's Chromium: the Gabinete's coordinator opens the Informe of the
family, reads and copies the paragraph, sees the charts and downloads the XLSX."""

import io
import os

import pytest

from .test_workspace_browser import SCREENSHOTS, browser  # noqa: F401 (a fixture)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # live_server + Playwright's sync API


@pytest.fixture
def demo_world(transactional_db):
    from demo.loader import Loader

    Loader(log=lambda *a: None).run()


def test_it_opens_the_informe_copies_the_paragraph_and_downloads_the_xlsx(
        browser, demo_world, live_server):  # noqa: F811
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    from meetings.models import WorkingGroup

    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "coordinador.gabinete")
    page.fill("#id_password", "acuerdos-demo")
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")

    page.click("header nav >> text=Informe")
    body = WorkingGroup.objects.get(acronym="GABSEG")
    page.select_option("#id_groups", [str(body.pk)])
    page.check("#id_family")
    page.select_option("#id_preset", "custom")
    page.fill("#id_start", "2025-09-01")
    page.fill("#id_end", "2026-08-31")
    page.click("main form button[type=submit]")

    paragraph = page.locator("#informe-paragraph")
    expect(paragraph).to_contain_text("se realizaron 19 sesiones del Gabinete de Seguridad y sus "
                                      "4 grupos, de las cuales 11 fueron en Palacio Nacional")
    expect(paragraph).to_contain_text("Por tema: hidrocarburos (5 sesiones, 4 interestatales)")
    expect(page.locator("#fig-held strong")).to_have_text("19")
    # The charts are drawn by the server and load as images.
    for chart in ("#chart-months", "#chart-institutions"):
        page.locator(chart).scroll_into_view_if_needed()
        # Drawn on request: wait for it (a loaded machine may take a while), then check it. Not
        # wait_for_function: past its first check it polls through eval(), which the page's CSP
        # (script-src 'self') refuses.
        expect(page.locator(chart)).to_have_js_property("complete", True, timeout=20000)
        assert page.eval_on_selector(chart, "img => img.complete && img.naturalWidth > 100")
    page.screenshot(path=str(SCREENSHOTS / "informe.png"), full_page=True)

    page.click("text=Copiar párrafo")
    expect(page.locator(".copy-status")).to_have_text("Copiado")
    assert page.evaluate("navigator.clipboard.readText()") == paragraph.inner_text().strip()

    with page.expect_download() as download_info:
        page.click("main .exports >> text=XLSX")
    path = download_info.value.path()
    book = load_workbook(io.BytesIO(open(path, "rb").read()))
    assert book["Párrafo"]["A2"].value == paragraph.inner_text().strip()
    summary = {r[0]: r[1] for r in book["Resumen"].iter_rows(min_row=2, values_only=True)}
    assert summary["Sesiones realizadas"] == 19 and summary["Acuerdos adoptados"] == 23
    themes = {r[0]: r[1:3] for r in book["Por tema"].iter_rows(min_row=2, values_only=True)}
    assert themes["hidrocarburos"] == (5, 4)
    context.close()
