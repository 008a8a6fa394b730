"""Keyboard only (issue 18): the three main tasks done with Tab, Shift+Tab, Enter, Space, arrows
and typing, never a click — the secretariat drafts an acuerdo in the session editor, the enlace
reports on its part, the secretariat validates the report from the queue. On the way: the skip
link is the first thing Tab reaches, the focused control shows a ring, an htmx update is said in
the live region (and its errors in the assertive one, the focus on the field at fault)."""

import datetime as dt
import os

from agreements.models import Acuerdo, Responsibility
from meetings.models import Session

from .a11y_helpers import SCREENSHOTS
from .test_workspace_browser import browser  # noqa: F401 (fixture)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # live_server + Playwright's sync API

PASSWORD = "acuerdos-demo"

FOCUS_RING = """() => { const el = document.activeElement; const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow && s.boxShadow !== "none";
  return {visible: el.matches(":focus-visible"), ring: outline || shadow,
          outline: s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor, shadow: s.boxShadow}; }"""


# The focused control, if the stuck workflow panel (bottom) or section index (top) covers it.
OBSCURED = """() => { const el = document.activeElement, r = el.getBoundingClientRect();
  const wf = document.getElementById("workflow"), toc = document.getElementById("section-index");
  if (!wf || !toc || wf.contains(el) || toc.contains(el) || r.height > 200) return null;
  const w = wf.getBoundingClientRect(), t = toc.getBoundingClientRect();
  const wfStuck = w.bottom >= innerHeight - 1, tocStuck = t.top <= 1;
  // Covered by more than a quarter of its height (a tall text box may touch the panel's edge).
  const under = (wfStuck && r.bottom - w.top > r.height / 4) || (tocStuck && t.bottom - r.top > r.height / 4);
  return under ? (el.id || el.tagName) + " at " + Math.round(r.top) + "-" + Math.round(r.bottom) : null; }"""


def active(page, predicate):
    return page.evaluate(f"() => {{ const el = document.activeElement; return !!(el && ({predicate})); }}")


def tab_to(page, predicate, limit=400, key="Tab"):
    """Presses Tab until the focused element satisfies the JS predicate (on `el`)."""
    for _ in range(limit):
        page.keyboard.press(key)
        if active(page, predicate):
            return
    raise AssertionError(f"Tab never reached: {predicate}")


def assert_focus_ring(page):
    ring = page.evaluate(FOCUS_RING)
    assert ring["visible"] and ring["ring"], ring


def keyboard_sign_in(page, base, username):
    page.goto(base + "/accounts/login/")
    tab_to(page, "el.id === 'id_username'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/")


def type_date(page, day):
    """Types a date into the focused date field, segment by segment as a person does. The order
    of the segments follows Chromium's own locale (mm/dd/aaaa here even for an es-MX page), so
    the day-first order is typed and, if the field did not take it, the month-first one after
    going back to the first segment with the arrows."""
    iso = day.isoformat()
    value = "() => document.activeElement.value"
    page.keyboard.type(f"{day:%d%m%Y}")
    if page.evaluate(value) != iso:
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        page.keyboard.type(f"{day:%m%d%Y}")
    assert page.evaluate(value) == iso, page.evaluate(value)


def test_the_three_main_tasks_by_keyboard_alone(browser, demo, transactional_db,  # noqa: F811
                                                 live_server):
    from playwright.sync_api import expect

    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sixth = Session.objects.get(group__acronym="GTTIM", number=6, type="SO")
    context = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)

    # The skip link is the first stop of Tab, visible when focused, and leads into <main>.
    keyboard_sign_in(page, base, "secretaria")
    page.goto(f"{base}/sessions/{sixth.pk}/")
    page.keyboard.press("Tab")
    assert active(page, "el.classList.contains('skip') && el.textContent.trim() === 'Saltar al contenido'")
    assert_focus_ring(page)
    box = page.evaluate("() => document.activeElement.getBoundingClientRect().toJSON()")
    assert box["width"] > 20 and box["top"] >= 0 and box["left"] >= 0, box  # on screen
    page.screenshot(path=str(SCREENSHOTS / "keyboard-skip-link.png"))
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert active(page, "el.closest('main')"), "after the skip link, Tab goes into the content"

    # 1. The secretariat drafts an acuerdo: section index → Acuerdos → the new acuerdo's form.
    tab_to(page, "el.id === 'toc-acuerdos'")
    assert_focus_ring(page)
    page.keyboard.press("Enter")
    tab_to(page, "el.id === 'id_acuerdo-text'")
    assert_focus_ring(page)
    page.keyboard.type("La FGR enviará su informe de carpetas de investigación.")
    tab_to(page, "el.type === 'checkbox' && el.closest('fieldset') && el.labels[0].textContent.trim() === 'FGR'")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")
    tab_to(page, "el.id === 'id_acuerdo-due_date'")
    type_date(page, sixth.date - dt.timedelta(days=1))  # before the session: refused
    tab_to(page, "el.type === 'submit' && el.closest('#acuerdos tfoot')")
    assert_focus_ring(page)
    page.keyboard.press("Enter")
    # The error is said (assertive live region), tied to the field, and the focus is put there.
    expect(page.locator("#live-alert")).to_contain_text("Acuerdos")
    expect(page.locator("#live-alert")).to_contain_text("fecha")
    due = page.locator("#id_acuerdo-due_date")
    expect(due).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_acuerdo-due_date_error")).to_be_visible()
    assert "id_acuerdo-due_date_error" in due.get_attribute("aria-describedby")
    expect(due).to_be_focused()
    assert Acuerdo.objects.filter(session=sixth).count() == 0
    # What was typed is still there; the date is corrected from the keyboard and sent with Enter.
    expect(page.locator("#id_acuerdo-text")).to_have_value(
        "La FGR enviará su informe de carpetas de investigación.")
    type_date(page, sixth.date + dt.timedelta(days=14))
    page.keyboard.press("Enter")
    expect(page.locator("#acuerdos tbody")).to_contain_text("6/SO-1")
    expect(page.locator("#live-status")).to_have_text("Acuerdos: actualizado.")
    assert not active(page, "el === document.body"), "the focus stays in the form after the update"
    acuerdo = Acuerdo.objects.get(session=sixth)
    assert acuerdo.due_date == sixth.date + dt.timedelta(days=14)
    assert acuerdo.responsibilities.filter(institution__acronym="FGR").exists()
    page.screenshot(path=str(SCREENSHOTS / "keyboard-acuerdo-added.png"))

    # A failed htmx request is said too (failures.js, role=alert), and the text stays.
    page.route("**/acuerdos/", lambda route: route.fulfill(status=500, body="boom"))
    tab_to(page, "el.id === 'id_acuerdo-text'", key="Shift+Tab")
    page.keyboard.type("Acuerdo que no se guardará.")
    page.keyboard.press("Tab")
    tab_to(page, "el.type === 'submit' && el.closest('#acuerdos tfoot')")
    page.keyboard.press("Enter")
    failure = page.locator("#acuerdos tfoot form .htmx-failure[role=alert]")
    expect(failure).to_contain_text("No se guardó")
    expect(page.locator("#id_acuerdo-text")).to_have_value("Acuerdo que no se guardará.")
    page.unroute("**/acuerdos/")

    # On a phone the section index sticks to the top and the workflow panel to the bottom: a
    # control reached with Tab is scrolled clear of them, not hidden underneath.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/sessions/{sixth.pk}/")
    hidden = []
    for _ in range(80):
        page.keyboard.press("Tab")
        hit = page.evaluate(OBSCURED)
        if hit:
            hidden.append(hit)
    assert not hidden, hidden
    context.close()

    # The acuerdo is approved (not the task under test), so the FGR can report on it.
    approved = Session.objects.get(group__acronym="GTTIM", number=5, type="SO")
    part = (Responsibility.objects.filter(institution__acronym="FGR", status="pending",
                                          acuerdo__session=approved)
            .order_by("acuerdo__sequence").first())

    # 2. The enlace reports on its part: Mis acuerdos → the acuerdo → "Reportar avance".
    context = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    keyboard_sign_in(page, base, "enlace.fgr")
    page.goto(f"{base}/acuerdos/")
    tab_to(page, f"el.tagName === 'A' && el.textContent.trim() === '{part.acuerdo.number}'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/acuerdos/{part.acuerdo_id}/")
    tab_to(page, f"el.tagName === 'SUMMARY' && el.closest('#part-{part.pk}')"
                 " && el.textContent.includes('Reportar avance')")
    assert_focus_ring(page)
    page.keyboard.press("Enter")  # opens the form
    tab_to(page, "el.type === 'radio'")
    page.keyboard.press("ArrowDown")  # the second choice: fulfilled, to be validated
    assert active(page, "el.value === 'reported' && el.checked")
    tab_to(page, "el.tagName === 'TEXTAREA'")
    page.keyboard.type("Se envió el informe por oficio.")
    tab_to(page, "el.type === 'submit' && el.closest('form') && el.closest('details[open]')")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Su reporte quedó registrado.")
    part.refresh_from_db()
    assert part.status == Responsibility.Status.REPORTED
    context.close()

    # 3. The secretariat validates it from the queue.
    context = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    keyboard_sign_in(page, base, "secretaria")
    page.goto(f"{base}/acuerdos/?status=reported")
    label = f"Validar {part.acuerdo.number} de FGR"
    tab_to(page, f"el.type === 'submit' && el.getAttribute('aria-label') === '{label}'")
    assert_focus_ring(page)
    page.screenshot(path=str(SCREENSHOTS / "keyboard-validate.png"))
    page.keyboard.press("Space")
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_be_visible()
    part.refresh_from_db()
    assert part.status == Responsibility.Status.FULFILLED
    context.close()
