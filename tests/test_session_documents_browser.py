"""Through Chromium, in Spanish (es-MX): the secretariat attaches the presentation to a held
session, picking the acuerdo it fulfils ("Se enviará la presentación"); the document is listed
in the editor, downloadable, and the acuerdo shows as fulfilled."""

import datetime as dt
import re

import pytest

from agreements.models import Acuerdo
from meetings.models import Session

from .factories import GroupFactory, InstitutionFactory, PersonFactory, UserFactory, make_acuerdo
from .factories import make_session
from .session_document_helpers import pptx_bytes
from .test_workspace_browser import SCREENSHOTS, browser, sign_in, watch_csp  # noqa: F401

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upmrip, fgr = InstitutionFactory(acronym="UPMRIP"), InstitutionFactory(acronym="FGR")
    group = GroupFactory(acronym="GTTIM", members=[upmrip, fgr], convening_institution=upmrip)
    secretaria = UserFactory(username="secretaria")
    PersonFactory(name="María Calderón", institution=upmrip, user=secretaria)
    group.secretariat.add(secretaria)
    session = make_session(group=group, date=dt.date(2025, 6, 3), number=5)
    make_acuerdo(session, text="Las instituciones se dan por enteradas del plan.",
                 responsables=[upmrip], kind=Acuerdo.Kind.INFORMATIONAL)
    acuerdo = make_acuerdo(session, text="Se enviará la presentación utilizada en la reunión",
                           responsables=[upmrip], due_date=dt.date(2025, 6, 4))
    return session, acuerdo


def test_it_attaches_a_presentation_that_fulfils_the_acuerdo(browser, world, live_server):
    from playwright.sync_api import expect

    session, acuerdo = world
    assert session.status == Session.Status.HELD
    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
    csp_violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, base, "secretaria")
    page.goto(f"{base}/sessions/{session.pk}/")
    # The informational acuerdo carries its badge, in Spanish.
    expect(page.locator("#acuerdos .badge.informational")).to_have_count(1)
    expect(page.locator("#acuerdos .badge.informational")).to_have_text("informativo")

    page.set_input_files("#id_doc-file", files=[{
        "name": "presentacion-plan-2025.pptx", "mimeType": PPTX, "buffer": pptx_bytes()}])
    page.fill("#id_doc-title", "Presentación del Plan de Trabajo 2025")
    page.select_option("#id_doc-fulfils", value=str(acuerdo.pk))
    page.click("#documents form[enctype] button[type=submit]")
    listed = page.locator("#document-list")
    expect(listed).to_contain_text("Presentación del Plan de Trabajo 2025")
    expect(listed).to_contain_text("presentacion-plan-2025.pptx")
    page.locator("#documents").screenshot(path=str(SCREENSHOTS / "session-documents.png"))

    document = session.attachments.get()
    with page.expect_download() as download:
        page.click(f"#document-list a[href='/files/documents/{document.pk}']")
    assert open(download.value.path(), "rb").read() == pptx_bytes()
    acuerdo.refresh_from_db()
    assert acuerdo.status == Acuerdo.Status.FULFILLED
    # A refused file keeps the form and says why, in Spanish.
    page.set_input_files("#id_doc-file", files=[{
        "name": "otra.pptx", "mimeType": PPTX, "buffer": b"PK\x03\x04junk"}])
    page.click("#documents form[enctype] button[type=submit]")
    expect(page.locator("#documents .error").first).to_contain_text("no es un archivo aceptado")
    assert session.attachments.count() == 1
    assert re.search(r"/sessions/\d+/", page.url)
    assert csp_violations == [], "\n".join(csp_violations)
    context.close()
