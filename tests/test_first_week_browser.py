"""A secretariat's first real week, in Chromium on a fresh database with the demo (issue 10): the
secretaria drafts the 6th GTTIM minuta and sends it to review, the coordinador approves it,
enlace.fgr reports its acuerdo fulfilled with a PDF, the secretaria validates it from the queue,
and the coordinador's figures count it."""

import datetime as dt
import re

import pytest

from agreements.models import Acuerdo, Responsibility
from meetings.models import Session

from .followup_helpers import PDF_BYTES
from .test_workspace_browser import SCREENSHOTS, browser, sign_out  # noqa: F401 (fixture)


@pytest.fixture
def demo_world(transactional_db):
    from demo.loader import Loader

    Loader(log=lambda *a: None).run()


def sign_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "acuerdos-demo")
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")


def test_the_first_week_cycle(browser, demo_world, live_server, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    sixth = Session.objects.get(group__acronym="GTTIM", number=6, type="SO")

    # The secretaria: her home shows the draft minutas to finish, the 6th among them.
    sign_in(page, base, "secretaria")
    expect(page.locator("main")).to_contain_text("6/SO")
    page.goto(f"{base}/sessions/{sixth.pk}/")
    page.select_option("#id_h-status", "held")
    page.fill("#id_h-place", "Sala de juntas de la UPMRIP")
    page.get_by_role("button", name="Save header").click()
    expect(page.locator("#header")).to_contain_text("Saved")
    for query, name in (("Eder", "Eder Ramírez Pavón"), ("Raúl", "Raúl Salgado Martínez")):
        page.fill("#people-q", query)
        page.click(f"button[aria-label='Add {name}']")
        expect(page.locator("#participants-list")).to_contain_text(name)
    start = sixth.start_time
    end = (dt.datetime.combine(sixth.date, start) + dt.timedelta(minutes=30)).time()
    page.fill("#id_new-start_time", f"{start:%H:%M}")
    page.fill("#id_new-end_time", f"{end:%H:%M}")
    page.fill("#id_new-activity", "Seguimiento del plan de trabajo")
    page.click("text=Add item")
    expect(page.locator("#agenda ol.agenda form")).to_have_count(1)
    item = sixth.agenda_items.get()
    page.locator(f"#id_n{item.pk}-narrative").fill("La FGR presentó el avance de su informe.")
    expect(page.locator(f"#narrative-status-{item.pk}")).to_contain_text("Saved")
    page.fill("#id_acuerdo-text", "La FGR enviará su informe de carpetas de investigación.")
    page.locator("#acuerdos tfoot fieldset").first.get_by_label("FGR", exact=True).check()
    page.fill("#id_acuerdo-due_date", f"{sixth.date + dt.timedelta(days=14):%Y-%m-%d}")
    page.click("text=Add acuerdo")
    expect(page.locator("#acuerdos tbody")).to_contain_text("6/SO-1")
    page.screenshot(path=str(SCREENSHOTS / "first-week-editor.png"), full_page=True)
    if page.locator("#accept-warnings").count():
        page.check("#accept-warnings")
    page.click("text=Send to review")
    expect(page.locator("#workflow")).to_contain_text("In review")
    # The drafter is not offered the Visto Bueno.
    assert page.get_by_role("button", name=re.compile("Approve")).count() == 0
    sign_out(page)

    # The coordinador approves.
    sign_in(page, base, "coordinador")
    page.goto(f"{base}/sessions/{sixth.pk}/")
    page.click("text=Approve (visto bueno)")
    expect(page.locator("#workflow")).to_contain_text("Approved")
    sign_out(page)
    acuerdo = Acuerdo.objects.get(session=sixth, sequence=1)
    part = acuerdo.responsibilities.get(institution__acronym="FGR")

    # enlace.fgr finds it in Mis acuerdos and reports it fulfilled with a PDF.
    evidence = tmp_path / "informe-fgr.pdf"
    evidence.write_bytes(PDF_BYTES)
    sign_in(page, base, "enlace.fgr")
    page.goto(f"{base}/acuerdos/")
    expect(page.locator("main")).to_contain_text("6/SO-1")
    page.goto(f"{base}/acuerdos/{acuerdo.pk}/")
    expect(page.locator("main")).to_contain_text("GTTIM")  # the way back to its group
    page.click("summary:has-text('Report progress')")
    page.locator("input[type=radio][value=reported]").check()
    page.locator("details[open] textarea[name$=comment]").fill("Se envió el informe por oficio.")
    page.locator("details[open] input[type=file]").set_input_files(str(evidence))
    page.get_by_role("button", name="Send report").click()
    expect(page.locator("main")).to_contain_text("Se envió el informe por oficio.")
    part.refresh_from_db()
    assert part.status == Responsibility.Status.REPORTED
    sign_out(page)

    # The secretaria validates it inline from the queue, with the evidence at hand.
    sign_in(page, base, "secretaria")
    page.goto(f"{base}/acuerdos/?status=reported")
    row = page.locator("tr", has_text="6/SO-1")
    expect(row).to_contain_text("informe-fgr.pdf")
    row.get_by_role("button", name="Validate").click()
    page.wait_for_load_state()
    part.refresh_from_db()
    assert part.status == Responsibility.Status.FULFILLED
    sign_out(page)

    # The coordinador's compliance figures count it as fulfilled.
    sign_in(page, base, "coordinador")
    page.goto(f"{base}/coordinacion/cumplimiento/?start={sixth.date:%Y-%m-%d}"
              f"&end={sixth.date:%Y-%m-%d}")
    expect(page.locator("main")).to_contain_text("GTTIM")
    page.screenshot(path=str(SCREENSHOTS / "first-week-compliance.png"), full_page=True)
    assert acuerdo.status_on(dt.date.today()) == Acuerdo.Status.FULFILLED
    context.close()
