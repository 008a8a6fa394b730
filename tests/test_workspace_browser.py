"""End to end through Debian's Chromium: draft a minuta, send it to review, approve it with a second
user, then fail to change an approved acuerdo and open a correction instead."""

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from django.db import connections

from agreements.models import Acuerdo
from meetings.models import Session

from .factories import GroupFactory, InstitutionFactory, PersonFactory, UserFactory
from .services import skip_or_fail

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # live_server + Playwright's sync API

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        skip_or_fail(f"needs Chromium at {CHROMIUM} (scripts/install-system-packages.sh)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("needs the playwright package (requirements.txt)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()
        # Code that runs once Playwright has started (the fixtures after this one, the test
        # itself) does so in another contextvars context, where Django's connections are not
        # the ones pytest-django closes: close them here, or the test database cannot be
        # dropped at the end of the run ("being accessed by other users").
        connections.close_all()


@pytest.fixture
def world(transactional_db):
    upmrip, fgr, oim = (InstitutionFactory(acronym=a) for a in ("UPMRIP", "FGR", "OIM"))
    group = GroupFactory(acronym="GTTIM", members=[upmrip, fgr, oim], convening_institution=upmrip)
    secretaria = UserFactory(username="secretaria")
    coordinador = UserFactory(username="coordinador")
    PersonFactory(name="María Calderón", institution=upmrip, user=secretaria)
    PersonFactory(name="Raúl Salgado", institution=upmrip, user=coordinador)
    PersonFactory(name="Eder Ramírez Pavón", cargo="Agente del Ministerio Público", institution=fgr)
    PersonFactory(name="Jeremy Mac Gillivray", cargo="Jefe de Misión Adjunto", institution=oim)
    group.secretariat.add(secretaria)
    group.coordinators.add(coordinador)
    return group


# Chromium reports a blocked inline script/style/eval on the console ("… violates the following
# Content Security Policy directive …"); the listener also reports the DOM event, with its source.
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (e) => console.error(
  "CSP violation: " + e.violatedDirective + " " + e.blockedURI + " at " + e.sourceFile + ":" + e.lineNumber));"""


def watch_csp(context):
    """The list of every Content-Security-Policy violation the pages of this context report."""
    violations = []
    context.add_init_script(CSP_LISTENER)
    context.on("console", lambda msg: violations.append(f"{msg.page.url if msg.page else ''}: {msg.text}")
               if "Content Security Policy" in msg.text or "CSP violation" in msg.text else None)
    return violations


def sign_in(page, base, username, password="secret-pass-123"):
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")


def sign_out(page):
    page.click("header .account button[type=submit]")


def test_it_drafts_reviews_approves_and_corrects_a_minuta(browser, world, live_server):
    from playwright.sync_api import expect

    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    csp_violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15000)

    # The secretariat plans the session from the group page: number proposed (1/SO).
    sign_in(page, base, "secretaria")
    page.click("text=GTTIM")
    expect(page.locator("#id_plan-number")).to_have_value("1")
    page.fill("#id_plan-date", "2025-06-03")
    page.fill("#id_plan-start_time", "12:00")
    page.fill("#id_plan-end_time", "14:00")
    page.click("text=Plan session")
    page.wait_for_url(re.compile(r"/sessions/\d+/$"))
    session = Session.objects.get(group=world, number=1)

    # Participants: from the directory with one action, and one created inline.
    page.fill("#people-q", "Eder")
    page.click("button[aria-label='Add Eder Ramírez Pavón']")
    expect(page.locator("#participants-list")).to_contain_text("Eder Ramírez Pavón")
    page.fill("#people-q", "OIM")
    page.click("button[aria-label='Add Jeremy Mac Gillivray']")
    expect(page.locator("#participants-list")).to_contain_text("Jeremy Mac Gillivray")
    page.click("text=Create a new person")
    page.fill("#id_person-name", "Renée Cornu Solis")
    page.fill("#id_person-cargo", "Subdirectora de Investigación")
    page.select_option("#id_person-institution", label="UPMRIP")
    page.click("text=Create and add")
    expect(page.locator("#participants-list")).to_contain_text("Renée Cornu Solis")

    # Agenda: two items, a presenter picked from the participants; a clash is refused.
    page.fill("#id_new-start_time", "12:00")
    page.fill("#id_new-end_time", "12:10")
    page.fill("#id_new-activity", "Bienvenida")
    page.select_option("#id_new-presenters", label="Jeremy Mac Gillivray (OIM)")
    page.click("text=Add item")
    expect(page.locator("#agenda ol.agenda form")).to_have_count(1)
    page.fill("#id_new-start_time", "12:05")
    page.fill("#id_new-end_time", "12:20")
    page.fill("#id_new-activity", "Presentación del Grupo")
    page.click("text=Add item")
    expect(page.locator("#agenda .error")).to_contain_text("overlaps")
    page.fill("#id_new-start_time", "12:10")
    page.click("text=Add item")
    expect(page.locator("#agenda ol.agenda form")).to_have_count(2)

    # Narrative with autosave.
    first_item = session.agenda_items.order_by("order").first()
    box = page.locator(f"#id_n{first_item.pk}-narrative")
    box.fill("La OIM dio la bienvenida a las personas asistentes.")
    expect(page.locator(f"#narrative-status-{first_item.pk}")).to_contain_text("Saved")
    first_item.refresh_from_db()
    assert first_item.narrative == "La OIM dio la bienvenida a las personas asistentes."

    # Three acuerdos, numbered at once; one for all institutions.
    def add_acuerdo(text, responsables, due):
        page.fill("#id_acuerdo-text", text)
        for label in responsables:
            page.locator("#acuerdos tfoot fieldset").first.get_by_label(label, exact=True).check()
        page.fill("#id_acuerdo-due_date", due)
        page.click("text=Add acuerdo")

    add_acuerdo("La UPMRIP compartirá la presentación.", ["UPMRIP"], "2025-06-11")
    expect(page.locator("#acuerdos tbody")).to_contain_text("1/SO-1")
    add_acuerdo("Las instituciones enviarán sus comentarios.", ["All institutions"], "2025-06-20")
    expect(page.locator("#acuerdos tbody")).to_contain_text("1/SO-2")
    # One added by mistake, deleted before approval: the acuerdo after it takes its number.
    add_acuerdo("Acuerdo duplicado por error.", ["OIM"], "2025-06-20")
    expect(page.locator("#acuerdos tbody")).to_contain_text("1/SO-3")
    add_acuerdo("La FGR informará sobre las carpetas.", ["FGR"], "2025-05-01")
    expect(page.locator("#acuerdos .error")).to_contain_text("before the session date")
    page.fill("#id_acuerdo-due_date", "2025-07-01")
    page.click("text=Add acuerdo")
    expect(page.locator("#acuerdos tbody")).to_contain_text("1/SO-4")
    mistake = Acuerdo.objects.get(session=session, text="Acuerdo duplicado por error.")
    page.locator(f"#acuerdo-{mistake.pk} details.delete summary").click()
    page.click("text=Delete acuerdo 1/SO-3")
    expect(page.locator("#acuerdos tbody")).not_to_contain_text("1/SO-4")
    expect(page.locator("#acuerdos tbody")).not_to_contain_text("duplicado")
    fgr = Acuerdo.objects.get(session=session, text="La FGR informará sobre las carpetas.")
    assert fgr.number == "1/SO-3"
    # Its institutions change after adding it: the OIM helps (coadyuvante).
    row = page.locator(f"#acuerdo-{fgr.pk}")
    row.locator("details.institutions summary").click()
    row.locator("details.institutions fieldset").nth(1).get_by_label("OIM", exact=True).check()
    row.get_by_role("button", name="Save institutions").click()
    expect(page.locator(f"#acuerdo-{fgr.pk}")).to_contain_text("Supporting: OIM")
    expect(page.locator("#acuerdos tbody")).to_contain_text("All institutions")
    page.screenshot(path=str(SCREENSHOTS / "session-editor.png"), full_page=True)

    # The completeness check warns (session still marked planned, no video link): accepted.
    expect(page.locator("#completeness")).to_contain_text("still marked planned")
    page.check("#accept-warnings")
    page.click("text=Send to review")
    expect(page.locator("#workflow")).to_contain_text("In review")
    sign_out(page)

    # The coordinator gives the Visto Bueno.
    sign_in(page, base, "coordinador")
    page.goto(f"{base}/sessions/{session.pk}/")
    page.click("text=Approve (visto bueno)")
    expect(page.locator("#workflow")).to_contain_text("Approved")
    page.screenshot(path=str(SCREENSHOTS / "session-approved.png"), full_page=True)
    sign_out(page)

    # The secretariat cannot change an approved acuerdo, and opens a correction instead.
    sign_in(page, base, "secretaria")
    page.goto(f"{base}/sessions/{session.pk}/")
    assert page.locator("#acuerdos textarea").count() == 0
    acuerdo = Acuerdo.objects.get(session=session, sequence=1)
    csrf = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    reply = page.request.post(
        f"{base}/sessions/{session.pk}/acuerdos/{acuerdo.pk}/",
        form={f"c{acuerdo.pk}-text": "Texto cambiado", "action": "save"},
        headers={"X-CSRFToken": csrf, "HX-Request": "true", "Referer": base + "/",
                 "Accept-Language": "en"},
    )
    assert "approved" in reply.text()
    acuerdo.refresh_from_db()
    assert acuerdo.text == "La UPMRIP compartirá la presentación."
    page.fill("#id_rev-reason", "Falta una persona participante.")
    page.click("text=Open a correction (new revision)")
    expect(page.locator("#history")).to_contain_text("Revision 1")
    session.refresh_from_db()
    assert (session.revision, session.minuta_status) == (2, Session.MinutaStatus.DRAFT)
    assert session.minuta_revisions.get().content["acuerdos"][1]["all_institutions"] is True
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "session-phone.png"), full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 400  # no sideways scrolling
    # The whole journey (htmx swaps included) ran under the Content-Security-Policy untouched.
    assert csp_violations == []
    context.close()


def test_the_main_pages_break_no_content_security_policy_rule(browser, demo, transactional_db,
                                                               live_server):
    from playwright.sync_api import expect

    from demo.loader import DEMO_PASSWORD

    base = live_server.url
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15000)
    # The detector detects: an inline script is refused and reported.
    page.goto(base + "/accounts/login/")
    page.evaluate("""() => { const s = document.createElement("script");
                              s.textContent = "window.ran = 1"; document.head.appendChild(s); }""")
    expect(page.locator("body")).to_be_visible()
    page.wait_for_timeout(300)
    assert page.evaluate("window.ran") is None
    assert any("script-src" in v for v in violations), violations
    violations.clear()

    session = Session.objects.filter(group__acronym="GTTIM").order_by("number").first()
    pages = ["/", "/acuerdos/", "/coordinacion/", "/coordinacion/cumplimiento/", "/notifications/",
             "/notifications/preferences/", f"/sessions/{session.pk}/", f"/groups/{session.group_id}/"]
    for username in ("secretaria", "admin"):
        sign_in(page, base, username, DEMO_PASSWORD)
        for path in pages + (["/admin/", "/admin/meetings/session/"] if username == "admin" else []):
            response = page.goto(base + path)
            assert response.status == 200, (username, path, response.status)
            page.wait_for_load_state("networkidle")
        page.goto(base + "/")  # the admin has its own header
        sign_out(page)
    # The language switcher submits itself from a script file, not an inline handler.
    page.goto(base + "/accounts/login/")
    page.select_option("#lang-select", "es-mx")
    expect(page.locator("html")).to_have_attribute("lang", "es-mx")
    assert violations == []
    context.close()
