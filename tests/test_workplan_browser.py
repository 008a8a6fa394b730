"""Issue 14's done-when, in Chromium on a fresh database with the demo: the secretaria opens the
GTTIM 2025 plan in consultation; enlace.fgr proposes FGR as coadyuvante of an actividad; the
secretaria accepts; the plan is approved by an acuerdo of the 6ª session and its calendar plans
the sessions; an acuerdo of the 7ª session is linked to an actividad in the session editor, FGR
reports it fulfilled, the secretaria validates, and the plan shows the actividad done."""

import re
import subprocess

import pytest

from agreements.models import Acuerdo, Responsibility
from meetings.models import Session
from notifications.models import Notification
from workplan.models import ActividadInstitution, Plan, Proposal

from .followup_helpers import PDF_BYTES
from .test_first_week_browser import sign_in
from .test_workspace_browser import SCREENSHOTS, browser, sign_out  # noqa: F401 (fixture)


@pytest.fixture
def demo_world(transactional_db):
    from demo.loader import Loader

    Loader(log=lambda *a: None).run()


def _hold(page, base, session):
    page.goto(f"{base}/sessions/{session.pk}/")
    page.select_option("#id_h-status", "held")
    page.get_by_role("button", name="Save header").click()
    from playwright.sync_api import expect

    expect(page.locator("#header")).to_contain_text("Saved")


def test_the_work_plan_from_consultation_to_a_validated_actividad(
        browser, demo_world, live_server, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    plan = Plan.objects.get(group__acronym="GTTIM", year=2025)
    protocolo = plan.actividades.get(eje__order=2, order=2)
    plan_url = f"{base}/grupos/{plan.group_id}/plan/2025/"

    # The secretaria opens the plan in consultation: three ejes, ten actividades.
    sign_in(page, base, "secretaria")
    page.goto(f"{base}/groups/{plan.group_id}/")
    page.locator("#group-plans").get_by_role("link", name=re.compile("2025")).click()
    expect(page.locator("#plan-status")).to_have_text("In consultation")
    expect(page.locator("table.actividades tbody tr")).to_have_count(10)
    expect(page.locator("#plan-acuerdos")).to_contain_text("5/SO-2")
    sign_out(page)

    # enlace.fgr: from Mis acuerdos to the proposal form; FGR as coadyuvante of 2.2.
    sign_in(page, base, "enlace.fgr")
    page.goto(f"{base}/acuerdos/")
    page.locator("#plans-to-propose a").first.click()
    card = page.locator(f"#actividad-{protocolo.pk}")
    card.locator("summary").click()
    card.get_by_label("Supporting (coadyuvante)").check()
    card.locator("textarea").fill("La FGR aporta su protocolo de investigación.")
    card.get_by_role("button", name="Send proposal").click()
    expect(page.locator(f"#actividad-{protocolo.pk}")).to_contain_text("Pending")
    proposal = Proposal.objects.get(actividad=protocolo, institution__acronym="FGR")
    assert proposal.role == "coadyuvante" and proposal.status == "pending"
    sign_out(page)

    # The secretaria accepts it from the queue; FGR shows as coadyuvante; the enlace is told.
    sign_in(page, base, "secretaria")
    page.goto(plan_url)
    page.click("#proposals-link")
    item = page.locator(f"#proposal-{proposal.pk}")
    expect(item).to_contain_text("La FGR aporta su protocolo")
    item.get_by_role("button", name="Accept").click()
    expect(page.locator(f"#decided-{proposal.pk}")).to_contain_text("Accepted")
    page.goto(plan_url)
    expect(page.locator(f"#actividad-{protocolo.pk} td.coadyuvantes")).to_contain_text("FGR")
    assert ActividadInstitution.objects.filter(actividad=protocolo, institution__acronym="FGR",
                                               role="coadyuvante").exists()
    assert Notification.objects.filter(object_key=f"proposal:{proposal.pk}",
                                       user__username="enlace.fgr").exists()

    # One more session proposed for the calendar, then the 6ª session approves the plan.
    page.locator("#calendario summary").click()
    page.fill("#id_s-date", "2025-12-09")
    page.select_option("#id_s-type", "SE")
    page.get_by_role("button", name="Add to the calendar").click()
    expect(page.locator("#calendario")).to_contain_text("Not yet")
    sixth = Session.objects.get(group=plan.group, type="SO", number=6)
    _hold(page, base, sixth)
    page.fill("#id_acuerdo-text", "Las instituciones aprueban el Plan de Trabajo Anual 2025.")
    page.locator("#acuerdos tfoot fieldset").first.get_by_label("All institutions").check()
    page.select_option("#id_acuerdo-kind", "informational")
    page.click("text=Add acuerdo")
    expect(page.locator("#acuerdos tbody")).to_contain_text("6/SO-1")
    approving = Acuerdo.objects.get(session=sixth, sequence=1)
    page.goto(plan_url)
    page.select_option("#id_a-acuerdo", value=str(approving.pk))
    page.get_by_role("button", name="Approve plan").click()
    expect(page.locator("#plan-status")).to_have_text("Approved")
    expect(page.locator("#plan-approved-by")).to_contain_text("6/SO-1")
    extraordinaria = Session.objects.get(group=plan.group, type="SE", number=1)
    assert extraordinaria.status == Session.Status.PLANNED
    expect(page.locator("#calendario")).to_contain_text(extraordinaria.code)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED and plan.version == 1

    # The 7ª session adopts an acuerdo for actividad 2.2, linked in the editor's form.
    seventh = Session.objects.get(group=plan.group, type="SO", number=7)
    _hold(page, base, seventh)
    page.fill("#id_acuerdo-text", "La FGR presentará la propuesta de protocolo de atención.")
    page.locator("#acuerdos tfoot fieldset").first.get_by_label("FGR", exact=True).check()
    page.fill("#id_acuerdo-due_date", "2025-10-30")
    page.locator("#acuerdo-actividades").get_by_label(re.compile(r"2\.2 Diseñar")).check()
    page.click("text=Add acuerdo")
    expect(page.locator("#acuerdos tbody")).to_contain_text("7/SO-1")
    acuerdo = Acuerdo.objects.get(session=seventh, sequence=1)
    assert list(acuerdo.actividades.all()) == [protocolo]
    page.screenshot(path=str(SCREENSHOTS / "workplan-editor.png"), full_page=True)
    sign_out(page)

    # FGR reports it fulfilled with a PDF; the secretaria validates.
    evidence = tmp_path / "protocolo.pdf"
    evidence.write_bytes(PDF_BYTES)
    sign_in(page, base, "enlace.fgr")
    page.goto(f"{base}/acuerdos/{acuerdo.pk}/")
    expect(page.locator("#acuerdo-actividades")).to_contain_text("2.2")
    page.click("summary:has-text('Report progress')")
    page.locator("input[type=radio][value=reported]").check()
    page.locator("details[open] textarea[name$=comment]").fill("Protocolo entregado por oficio.")
    page.locator("details[open] input[type=file]").set_input_files(str(evidence))
    page.get_by_role("button", name="Send report").click()
    expect(page.locator("main")).to_contain_text("Protocolo entregado por oficio.")
    sign_out(page)
    sign_in(page, base, "secretaria")
    page.goto(plan_url)
    expect(page.locator(f"#actividad-{protocolo.pk} .progress")).not_to_have_text("Done")
    page.goto(f"{base}/acuerdos/{acuerdo.pk}/")
    page.get_by_role("button", name="Validate").click()
    page.wait_for_load_state()
    assert acuerdo.responsibilities.get().status == Responsibility.Status.FULFILLED

    # The plan shows the actividad done, with its acuerdo fulfilled.
    page.goto(plan_url)
    row = page.locator(f"#actividad-{protocolo.pk}")
    expect(row.locator(".progress")).to_have_text("Done")
    expect(row.locator("td.linked")).to_contain_text("7/SO-1")
    expect(row.locator("td.linked")).to_contain_text("Fulfilled")
    expect(page.locator("#plan-counts")).to_contain_text("1 done")
    page.screenshot(path=str(SCREENSHOTS / "workplan-plan.png"), full_page=True)

    # The plan's PDF, from the page's own link, reads back with its ejes, actividades,
    # responsables and coadyuvantes (FGR, accepted above, among them).
    href = page.locator("#plan-downloads a", has_text="PDF").get_attribute("href")
    response = context.request.get(f"{base}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf_path = tmp_path / "plan.pdf"
    pdf_path.write_bytes(response.body())
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], check=True,
                          capture_output=True, text=True).stdout
    squeezed = " ".join(text.split())
    plan.refresh_from_db()
    for eje in plan.ejes.all():
        assert " ".join(eje.title.split()) in squeezed
    # The actividad's row (-layout keeps a row's cells on the same lines): its opening words
    # and, within the row, FGR accepted above as coadyuvante.
    lines = text.splitlines()
    opening = " ".join(protocolo.description.split()[:3])
    start = next(i for i, line in enumerate(lines) if opening in " ".join(line.split()))
    assert "FGR" in " ".join(lines[start:start + 4])
    # The column heads wrap in their cells ("Instancias" above "responsables").
    assert "responsables" in squeezed and "coadyuvantes" in squeezed
    context.close()
