"""Through Chromium: the report form's radios sit beside their labels, the reason for a new due
date shows only once the date changes, and "Eliminar" never breaks inside the word. Screenshots
at 1366 and 390 px of the pages changed."""

import datetime as dt

import time_machine

from .factories import PersonFactory, UserFactory
from .test_workspace_browser import SCREENSHOTS, browser, sign_in  # noqa: F401 (fixture)
from .workspace_data import filled_session, secretariat_user


def shots(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_it_keeps_the_forms_readable(browser, transactional_db, live_server):  # noqa: F811
    from playwright.sync_api import expect

    base = live_server.url
    session = filled_session(participants=2, items=1, acuerdos=2, date=dt.date.today())
    secretaria = secretariat_user(session.group)
    secretaria.set_password("secret-pass-123")
    secretaria.save()
    acuerdo = session.acuerdos.order_by("sequence").first()
    context = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, base, "secretaria")
    shots(page, "home-secretaria")
    page.goto(f"{base}/sessions/{session.pk}/")

    # The reason shows once the date changes, not before.
    reason = page.locator(f"#id_c{acuerdo.pk}-reason")
    expect(reason).to_be_hidden()
    page.fill(f"#id_c{acuerdo.pk}-due_date", (dt.date.today() + dt.timedelta(days=45)).isoformat())
    expect(reason).to_be_visible()

    # "Eliminar" on one line, at both widths.
    summary = page.locator(f"#acuerdo-{acuerdo.pk} details.delete summary")
    expect(summary).to_have_text("Eliminar")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        lines = summary.evaluate("""s => { const r = document.createRange();
            r.selectNodeContents(s); return new Set([...r.getClientRects()].map(c => Math.round(c.top))).size; }""")
        assert lines == 1, f"'Eliminar' wraps at {width} px"
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("#acuerdos").screenshot(path=str(SCREENSHOTS / "acuerdos-editor-1366.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#acuerdos").screenshot(path=str(SCREENSHOTS / "acuerdos-editor-390.png"))
    context.close()

    # The enlace's report form: each radio beside its label.
    part = acuerdo.responsibilities.get(role="responsable")
    enlace = UserFactory(username="enlace")
    PersonFactory(user=enlace, institution=part.institution, is_enlace=True)
    context = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, base, "enlace")
    shots(page, "home-enlace")
    page.goto(f"{base}/acuerdos/{acuerdo.pk}/")
    page.locator(f"#part-{part.pk} details summary").first.click()
    radios = page.locator(f"#part-{part.pk} input[type=radio]")
    assert radios.count() == 2
    for n in range(2):
        radio = radios.nth(n).bounding_box()
        label = radios.nth(n).locator("xpath=..").bounding_box()
        assert radio["width"] < 30, "the radio is stretched across the form"
        assert label["x"] <= radio["x"] < label["x"] + 10
    shots(page, "acuerdo-page-enlace")
    context.close()


def test_it_shows_the_check_history_group_and_queue(browser, transactional_db, live_server):  # noqa: F811
    """Screenshots of the completeness check, the history, the group page and the validation
    queue; the group page lists its acuerdos at once and the queue offers "Validar"."""
    from playwright.sync_api import expect

    from followup.services import progress_report
    from meetings import drafting

    base = live_server.url
    session = filled_session(participants=3, items=2, acuerdos=2, date=dt.date.today())
    session.agenda_items.filter(order=2).update(narrative="")
    secretaria = secretariat_user(session.group)
    secretaria.set_password("secret-pass-123")
    secretaria.save()
    drafting.session_update(session=session, actor=secretaria, status="held",
                            start_time=dt.time(9, 30))
    part = session.acuerdos.order_by("sequence").first().responsibilities.get(role="responsable")
    enlace = UserFactory(username="enlace")
    PersonFactory(user=enlace, institution=part.institution, is_enlace=True)
    from .followup_helpers import pdf
    progress_report(responsibility=part, status="reported", comment="Se envió el oficio.",
                    files=[pdf("oficio-123.pdf")], actor=enlace)
    context = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, base, "secretaria")
    page.goto(f"{base}/sessions/{session.pk}/")
    expect(page.locator("#completeness")).to_contain_text("no tiene relatoría")
    expect(page.locator("#history")).to_contain_text("de “09:00” a “09:30”")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#workflow").screenshot(path=str(SCREENSHOTS / f"completeness-{width}.png"))
        page.locator("#history").screenshot(path=str(SCREENSHOTS / f"history-{width}.png"))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/groups/{session.group.pk}/")
    expect(page.locator("main")).to_contain_text("Acuerdo 2")
    shots(page, "group-page")
    page.goto(f"{base}/acuerdos/?status=reported")
    expect(page.locator("main")).to_contain_text("oficio-123.pdf")
    shots(page, "validation-queue")
    page.locator("main form[action$='/validar/'] button").click()
    expect(page.locator(".messages")).to_contain_text("validado")
    assert page.url.endswith("/acuerdos/?status=reported")  # back to the queue
    context.close()
