"""Done-when of issue 15 (convocatoria part), in Chromium with a real SMTP server: the secretaria
sends the convocatoria of the 6th GTTIM session, enlace.fgr confirms two attendees, the session is
moved in the editor's header and every invitee gets an update with the same UID and a higher
SEQUENCE; the confirmed people pre-fill the participant list."""

import datetime as dt
import re

import pytest
from icalendar import Calendar

from directory.models import Person
from meetings.models import Session
from meetings.services import agenda_item_add, session_plan
from tracker.dates import format_date

from .factories import GroupFactory, InstitutionFactory, PersonFactory, UserFactory
from .notify_helpers import Inbox, SMTPServer, eager  # noqa: F401 (fixture)
from .test_workspace_browser import SCREENSHOTS, browser, sign_in, sign_out, watch_csp  # noqa: F401

pytestmark = pytest.mark.usefixtures("eager")


@pytest.fixture
def gttim(transactional_db):
    upmrip, fgr, oim = (InstitutionFactory(acronym=a) for a in ("UPMRIP", "FGR", "OIM"))
    group = GroupFactory(acronym="GTTIM", members=[upmrip, fgr, oim], convening_institution=upmrip)
    secretaria = UserFactory(username="secretaria")
    PersonFactory(name="María Calderón", institution=upmrip, user=secretaria,
                  email="maria.calderon@example.org")
    group.secretariat.add(secretaria)
    enlace = UserFactory(username="enlace.fgr")
    PersonFactory(name="Laura Ortiz", institution=fgr, user=enlace, is_enlace=True,
                  email="enlace.fgr@example.org")
    PersonFactory(name="Eder Ramírez Pavón", cargo="Agente del Ministerio Público", institution=fgr)
    PersonFactory(name="Enlace UPMRIP", institution=upmrip, is_enlace=True,
                  email="enlace.upmrip@example.org")
    PersonFactory(name="Enlace OIM", institution=oim, is_enlace=True, email="enlace.oim@example.org")
    for number in range(1, 6):
        Session.objects.create(group=group, number=number, type="SO", title=f"{number}a sesión",
                               date=dt.date(2025, number, 10), start_time=dt.time(10),
                               status=Session.Status.HELD)
    return group


def _ics(message):
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError(f"no .ics in {message['Subject']}")


def test_it_convenes_confirms_moves_and_prefills(browser, gttim, live_server, settings):  # noqa: F811
    from playwright.sync_api import expect

    inbox = Inbox()
    with SMTPServer(inbox) as smtp:
        for name, value in smtp.settings().items():
            setattr(settings, name, value)
        today = dt.date.today()
        day, moved = today + dt.timedelta(days=10), today + dt.timedelta(days=12)
        session = session_plan(group=gttim, date=day, start_time=dt.time(10, 0),
                               end_time=dt.time(13, 0), modality="virtual",
                               video_url="https://meet.example.org/gttim-6",
                               meeting_id="845 221 907", passcode="gttim6",
                               objective="Dar seguimiento a los acuerdos")
        agenda_item_add(session=session, start_time=dt.time(10, 0), end_time=dt.time(10, 30),
                        activity="Presentación del informe de la FGR",
                        presenters=["Mtra. Laura Ortiz, FGR"])
        assert session.number == 6
        invited = {"enlace.fgr@example.org", "enlace.upmrip@example.org", "enlace.oim@example.org"}

        base = live_server.url
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 1000})
        csp = watch_csp(context)
        page = context.new_page()
        page.set_default_timeout(15000)

        # The secretaria sends the convocatoria from the session editor.
        sign_in(page, base, "secretaria")
        page.goto(f"{base}/sessions/{session.pk}/")
        page.click("#send-convocatoria")
        expect(page.locator("#convocatoria-status")).to_contain_text("Convocatoria enviada")
        expect(page.locator("tr[data-institution=FGR]")).to_contain_text("Sin respuesta")
        convocatorias = [m for _r, m in inbox.messages
                         if m["X-Acuerdos-Notification"].startswith("invitation") and
                         "Convocatoria" in m["Subject"]]
        assert {m["To"].addresses[0].addr_spec for m in convocatorias} == invited
        body = convocatorias[0].get_body(("plain",)).get_content()
        for text in ("845 221 907", "gttim6", "https://meet.example.org/gttim-6",
                     "Presentación del informe de la FGR", "Mtra. Laura Ortiz, FGR",
                     "Dar seguimiento a los acuerdos", f"/convocatorias/sesiones/{session.pk}/confirmar/"):
            assert text in body, text
        first = _ics(convocatorias[0]).walk("VEVENT")[0]
        uid, sequence = str(first["uid"]), int(first["sequence"])
        sign_out(page)

        # enlace.fgr confirms two attendees from the home page link: one from the directory, one new.
        sign_in(page, base, "enlace.fgr")
        page.click(f"a[href='/convocatorias/sesiones/{session.pk}/confirmar/']")
        page.check("input[name=answer][value=attends]")
        eder = Person.objects.get(name="Eder Ramírez Pavón")
        page.select_option(f"#role-{eder.pk}", "titular")
        page.fill("#new-name", "Sofía Mendoza Ruiz")
        page.fill("#new-cargo", "Fiscal especializada")
        page.select_option("select[name=new-role]", "suplente")
        page.click("text=Guardar mi respuesta")
        expect(page.locator("#current-answer")).to_contain_text("Asistirá")
        page.screenshot(path=str(SCREENSHOTS / "convocatoria-confirm.png"), full_page=True)
        sign_out(page)

        # The secretaria sees FGR confirmed and moves the session in the editor's header.
        sign_in(page, base, "secretaria")
        page.goto(f"{base}/sessions/{session.pk}/")
        expect(page.locator("tr[data-institution=FGR]")).to_contain_text("Sofía Mendoza Ruiz")
        expect(page.locator("tr[data-institution=OIM]")).to_contain_text("Sin respuesta")
        before = len(inbox.messages)
        page.fill("#id_h-date", moved.isoformat())
        page.click("text=Guardar encabezado")
        expect(page.locator("#header [role=status]")).to_be_visible()
        updates = inbox.messages[before:]
        assert {m["To"].addresses[0].addr_spec for _r, m in updates} == invited
        for _r, message in updates:
            event = _ics(message).walk("VEVENT")[0]
            assert str(event["uid"]) == uid
            assert int(event["sequence"]) > sequence
            assert event.decoded("dtstart").date() == moved
            assert format_date(moved, "weekday") in message.get_body(("plain",)).get_content()

        # The confirmed people pre-fill the participant list.
        page.click("#prefill-participants")
        participants = page.locator("#participants-list")
        expect(participants).to_contain_text("Eder Ramírez Pavón")
        expect(participants).to_contain_text("Sofía Mendoza Ruiz")
        page.screenshot(path=str(SCREENSHOTS / "convocatoria-editor.png"), full_page=True)
        assert list(session.attendances.order_by("order").values_list("name", "category")) == [
            ("Eder Ramírez Pavón", "titular"), ("Sofía Mendoza Ruiz", "suplente")]
        assert not csp, csp
        context.close()
