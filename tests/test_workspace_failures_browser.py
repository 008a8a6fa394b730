"""Through Chromium, in Spanish: every htmx action that fails (a server error, no connection, a
stale tab whose minuta was sent to review or approved meanwhile) says so next to its form and
keeps what the user typed."""

import datetime as dt

from meetings.models import Session
from meetings.services import minuta_approve_by, minuta_submit

from .factories import make_session
from .test_workspace_browser import SCREENSHOTS, browser, sign_in, world  # noqa: F401 (fixtures)


def _fail_posts(status):
    def handler(route):
        if route.request.method == "POST":
            route.fulfill(status=status, body="<h1>Server Error</h1>", content_type="text/html")
        else:
            route.continue_()
    return handler


def test_it_says_why_a_save_failed_and_keeps_the_input(browser, world, live_server):  # noqa: F811
    from playwright.sync_api import expect

    from django.contrib.auth import get_user_model

    base = live_server.url
    session = make_session(group=world, date=dt.date(2025, 6, 3))
    context = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, base, "secretaria")
    page.goto(f"{base}/sessions/{session.pk}/")

    # "Agregar" after a server error: the message says so, the person is still offered.
    page.route("**/participants/", _fail_posts(500))
    page.fill("#people-q", "Eder")
    add = page.locator("button[aria-label='Agregar a Eder Ramírez Pavón']")
    add.click()
    failure = page.locator("#search-results .htmx-failure")
    expect(failure).to_contain_text("No se guardó")
    expect(failure).to_contain_text("error 500")
    expect(page.locator("#participants-list")).not_to_contain_text("Eder Ramírez Pavón")
    page.unroute("**/participants/")
    add.click()  # retried: the failure line goes, the person is added
    expect(page.locator("#participants-list")).to_contain_text("Eder Ramírez Pavón")
    assert session.attendances.filter(person__name="Eder Ramírez Pavón").exists()

    # The header save with no connection: says so, the typed subject stays.
    page.route("**/header/", lambda route: route.abort())
    page.fill("#id_h-subject", "Seguimiento de los acuerdos")
    page.locator("#header button[type=submit]").click()
    expect(page.locator("#header .htmx-failure")).to_contain_text("sin conexión")
    expect(page.locator("#id_h-subject")).to_have_value("Seguimiento de los acuerdos")
    page.unroute("**/header/")
    session.refresh_from_db()
    assert session.subject != "Seguimiento de los acuerdos"

    # Another tab sends the minuta to review: adding an acuerdo here says why, the text stays.
    secretaria = get_user_model().objects.get(username="secretaria")
    minuta_submit(session=session, user=secretaria)
    page.fill("#id_acuerdo-text", "La FGR informará sobre las carpetas de investigación.")
    page.locator("#acuerdos tfoot button[type=submit]").click()
    failure = page.locator("#acuerdos tfoot .htmx-failure")
    expect(failure).to_contain_text("en revisión")
    expect(page.locator("#id_acuerdo-text")).to_have_value(
        "La FGR informará sobre las carpetas de investigación.")
    assert not session.acuerdos.exists()

    # ... and approves it: the header save says the minuta is approved, the text stays.
    minuta_approve_by(session=session, user=get_user_model().objects.get(username="coordinador"))
    page.fill("#id_h-subject", "Asunto escrito en una pestaña vieja")
    page.locator("#header button[type=submit]").click()
    expect(page.locator("#header .htmx-failure")).to_contain_text("aprobada")
    expect(page.locator("#id_h-subject")).to_have_value("Asunto escrito en una pestaña vieja")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#header").screenshot(path=str(SCREENSHOTS / "failure-stale-header.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#header").screenshot(path=str(SCREENSHOTS / "failure-stale-header-phone.png"))
    session.refresh_from_db()
    assert session.minuta_status == Session.MinutaStatus.APPROVED
    assert session.subject != "Asunto escrito en una pestaña vieja"
    context.close()
