"""Accessibility, measured (issue 18): axe-core at WCAG 2.1 A/AA on every page of every persona's
journey through the demo, at 1366 px and 390 px wide, with a screenshot of each page at both
widths (var/screenshots/a11y/), and every form error linked to its field. The detector is shown
to detect: a violation injected into a clean page is reported. docs/accessibility.md."""

import datetime as dt
import os

import pytest

from agreements.models import Acuerdo, Responsibility
from meetings.models import Session, WorkingGroup

from .a11y_helpers import axe_violations, check_page, colour_only, error_links
from .test_workspace_browser import browser  # noqa: F401 (fixture)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # live_server + Playwright's sync API

PASSWORD = "acuerdos-demo"


def sign_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")


class Journey:
    """One persona's browser context; each visit checks the page and keeps what axe found."""

    def __init__(self, browser, base, username, found):  # noqa: F811
        self.base, self.username, self.found = base, username, found
        self.context = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(20000)
        if username:
            sign_in(self.page, base, username)

    def visit(self, path, name, status=200):
        response = self.page.goto(self.base + path)
        assert response.status == status, (self.username, path, response.status)
        self.page.wait_for_load_state("load")  # images (the Informe's charts) included
        self.check(name)

    def check(self, name):
        self.page.evaluate("document.fonts.ready.then(() => true)")  # Montserrat in the screenshots
        self.found += check_page(self.page, f"{self.username or 'visitor'}-{name}")
        self.found += [f"[{self.username} {name}] {p}" for p in error_links(self.page)]
        self.found += [f"[{self.username} {name}] {p}" for p in colour_only(self.page)]

    def close(self):
        self.context.close()


@pytest.mark.urls("tests.error_urls")  # the project's URLs and a view that refuses (403)
def test_every_page_of_every_journey_has_no_wcag_violation(browser, demo, transactional_db,  # noqa: F811
                                                           live_server):
    from playwright.sync_api import expect

    base = live_server.url
    found = []
    draft = Session.objects.get(group__acronym="GTTIM", number=6, type="SO")
    approved = Session.objects.get(group__acronym="GTTIM", number=5, type="SO")
    in_review = Session.objects.get(group__acronym="MJ-MIGRACION", number=3, type="SO")
    part = (Responsibility.objects.filter(institution__acronym="FGR", status="pending",
                                          acuerdo__session=approved)
            .order_by("acuerdo__sequence").first())
    acuerdo = part.acuerdo

    # A visitor: sign in (and a failed sign-in), password reset, the error pages, the public site.
    visitor = Journey(browser, base, None, found)
    visitor.visit("/accounts/login/", "login")
    visitor.page.fill("#id_username", "secretaria")
    visitor.page.fill("#id_password", "not-the-password")
    visitor.page.click("main button[type=submit]")
    expect(visitor.page.locator("main [role=alert]")).to_be_visible()
    visitor.check("login-failed")
    visitor.visit("/accounts/password_reset/", "password-reset")
    visitor.visit("/no-existe/", "404", status=404)
    visitor.visit("/publico/", "public-home")
    visitor.close()

    # The enlace: home, Mis acuerdos, an acuerdo with the report form open; reports on its part.
    enlace = Journey(browser, base, "enlace.fgr", found)
    enlace.visit("/", "home")
    enlace.visit("/acuerdos/", "my-acuerdos")
    enlace.visit(f"/acuerdos/{acuerdo.pk}/", "acuerdo")
    row = enlace.page.locator(f"#part-{part.pk}")
    row.locator("summary", has_text="Reportar avance").click()
    enlace.check("report-form")
    row.locator("input[type=radio][value=reported]").check()
    row.locator("textarea[name$=comment]").fill("Se envió el informe por oficio.")
    row.get_by_role("button", name="Enviar reporte").click()
    expect(enlace.page.locator(".messages")).to_be_visible()
    enlace.check("report-sent")
    enlace.close()

    # The secretariat: home, group, the editor as a draft (and with an error), an approved
    # minuta, the validation queue, the acuerdo to validate, notifications, dashboard, compliance.
    secretaria = Journey(browser, base, "secretaria", found)
    page = secretaria.page
    secretaria.visit("/", "home")
    secretaria.visit(f"/groups/{draft.group_id}/", "group")
    secretaria.visit(f"/sessions/{draft.pk}/", "editor-draft")
    page.fill("#id_acuerdo-text", "La FGR enviará su informe.")
    page.locator("#acuerdos tfoot fieldset").first.get_by_label("FGR", exact=True).check()
    page.fill("#id_acuerdo-due_date", f"{draft.date - dt.timedelta(days=3):%Y-%m-%d}")
    page.get_by_role("button", name="Agregar acuerdo").click()
    expect(page.locator("#acuerdos .error").first).to_be_visible()
    secretaria.check("editor-draft-error")
    secretaria.visit(f"/sessions/{approved.pk}/", "editor-approved")
    secretaria.visit("/acuerdos/?status=reported", "validation-queue")
    expect(page.locator("main table")).to_contain_text(acuerdo.number)
    secretaria.visit(f"/acuerdos/{acuerdo.pk}/", "acuerdo-to-validate")
    secretaria.visit("/notifications/", "notifications")
    secretaria.visit("/coordinacion/", "dashboard")
    secretaria.visit("/coordinacion/cumplimiento/", "compliance")
    secretaria.visit("/buscar/?q=informe", "search")
    secretaria.visit("/calendario/", "calendar-feeds")
    secretaria.visit("/notifications/preferences/", "notification-preferences")
    secretaria.visit("/api/tokens/", "api-tokens")
    secretaria.visit("/test-errors/403/", "403", status=403)
    secretaria.close()

    # The drafter of a minuta in review, and the coordinator who reviews it.
    drafter = Journey(browser, base, "secretaria.mj", found)
    drafter.visit(f"/sessions/{in_review.pk}/", "editor-in-review")
    drafter.close()
    coordinador = Journey(browser, base, "coordinador", found)
    coordinador.visit("/", "home")
    coordinador.visit(f"/sessions/{in_review.pk}/", "review")
    coordinador.visit("/coordinacion/", "dashboard")
    coordinador.visit("/coordinacion/cumplimiento/", "compliance")
    coordinador.close()

    # The Gabinete's coordination: the Informe.
    gabinete = Journey(browser, base, "coordinador.gabinete", found)
    gabinete.visit("/informe/", "informe-form")
    body = WorkingGroup.objects.get(acronym="GABSEG")
    gabinete.visit(f"/informe/?groups={body.pk}&family=on&preset=custom&start=2025-09-01"
                   "&end=2026-08-31", "informe")
    expect(gabinete.page.locator("#fig-held strong")).to_have_text("19")
    gabinete.close()

    # Staff: the design system page, the audit log.
    admin = Journey(browser, base, "admin", found)
    admin.visit("/estilo/", "estilo")
    admin.visit("/audit/", "audit-log")
    admin.close()

    assert not found, "\n\n" + "\n\n".join(found)
    assert Acuerdo.objects.filter(pk=acuerdo.pk).exists()


def test_axe_reports_a_violation_injected_into_a_clean_page(browser, transactional_db,  # noqa: F811
                                                            live_server):
    """The check that guards every page fails on a new violation: an unlabelled input, a
    low-contrast line and a duplicated id, added to the sign-in page, are each reported."""
    context = browser.new_context(locale="es-MX", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    assert axe_violations(page) == []
    assert check_page(page, "injected-clean", screenshots=False) == []
    page.evaluate("""() => {
      const main = document.querySelector("main");
      const input = document.createElement("input");
      input.type = "text"; input.id = "unlabelled";
      main.appendChild(input);
      const faint = document.createElement("p");
      faint.textContent = "Texto casi invisible";
      faint.className = "faint";
      faint.style.color = "#bbbbbb"; faint.style.background = "#ffffff";
      main.appendChild(faint);
    }""")
    rules = {v["id"]: v for v in axe_violations(page)}
    assert "label" in rules, rules.keys()
    assert "#unlabelled" in rules["label"]["nodes"][0]["target"]
    assert "color-contrast" in rules, rules.keys()
    assert ".faint" in str(rules["color-contrast"]["nodes"][0]["target"])
    found = check_page(page, "injected", screenshots=False)
    assert len(found) == 2 and all("label (critical)" in f and "color-contrast" in f for f in found)
    # An error that names no field it belongs to is caught too.
    page.evaluate("""() => { const f = document.querySelector("#id_username");
      f.setAttribute("aria-invalid", "true"); f.setAttribute("aria-describedby", "nowhere"); }""")
    problems = error_links(page)
    assert any("id_username" in p for p in problems), problems
    # And a status told by colour alone.
    assert colour_only(page) == []
    page.evaluate("""() => { const b = document.createElement("span");
      b.className = "badge overdue"; b.textContent = "●"; document.querySelector("main").appendChild(b); }""")
    assert len(colour_only(page)) == 1
    context.close()
