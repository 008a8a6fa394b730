"""The forms of the editor and the follow-up pages, without JavaScript: the header saves with a
redirect, the drafter is not offered the visto bueno, the acuerdo page leads back to its session
and group, and the validation queue validates in place next to the evidence."""

import datetime as dt

import pytest
import time_machine

from followup.services import progress_report
from meetings.services import minuta_submit

from .factories import PersonFactory, UserFactory
from .followup_helpers import pdf
from .workspace_data import filled_session, secretariat_user

pytestmark = pytest.mark.django_db


def test_it_saves_the_header_without_javascript_and_redirects(client):
    session = filled_session(participants=1, items=0, acuerdos=0)
    client.force_login(secretariat_user(session.group))
    page = client.get(f"/sessions/{session.pk}/").context
    data = {f"h-{name}": value for name, value in page["header_form"].initial.items()
            if value is not None}
    data["h-convoca"] = session.group.convening_institution.pk
    for name, value in page["header_form"].tokens.items():
        data[f"h-{name}__token"] = value  # the concurrency tokens of the form, as rendered
    data["h-subject"] = "Seguimiento"
    reply = client.post(f"/sessions/{session.pk}/header/", data)
    assert reply.status_code == 302, reply.content.decode()[:2000]
    assert reply.url == f"/sessions/{session.pk}/#header"
    session.refresh_from_db()
    assert session.subject == "Seguimiento"


def test_it_does_not_offer_the_drafter_the_visto_bueno(client):
    session = filled_session(participants=1, items=0, acuerdos=0)
    drafter = secretariat_user(session.group)
    minuta_submit(session=session, user=drafter)
    client.force_login(drafter)
    html = client.get(f"/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Approve (visto bueno)" not in html
    assert "You drafted this minuta" in html
    client.force_login(secretariat_user(session.group, username="revisora"))
    html = client.get(f"/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Approve (visto bueno)" in html


def test_it_links_the_acuerdo_page_to_its_session_and_group(client):
    session = filled_session(participants=1, items=0, acuerdos=1)
    client.force_login(secretariat_user(session.group))
    acuerdo = session.acuerdos.get()
    html = client.get(f"/acuerdos/{acuerdo.pk}/").content.decode()
    assert f'href="/sessions/{session.pk}/"' in html
    assert f'href="/groups/{session.group.pk}/"' in html


@time_machine.travel("2025-06-20 12:00 -0600", tick=False)
def test_it_validates_from_the_queue_next_to_the_evidence(client):
    session = filled_session(participants=1, items=0, acuerdos=1)
    part = session.acuerdos.get().responsibilities.get(role="responsable")
    enlace = UserFactory(username="enlace")
    PersonFactory(user=enlace, institution=part.institution, is_enlace=True)
    progress_report(responsibility=part, status="reported", comment="Listo.",
                    files=[pdf("oficio.pdf")], actor=enlace)
    report = part.reports.get()
    client.force_login(secretariat_user(session.group))
    queue = "/acuerdos/?status=reported"
    html = client.get(queue, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    evidence = report.evidence.get()
    assert f'href="/acuerdos/evidencias/{evidence.pk}/"' in html and "oficio.pdf" in html
    assert f'action="/acuerdos/informes/{report.pk}/validar/"' in html
    reply = client.post(f"/acuerdos/informes/{report.pk}/validar/", {"next": queue})
    assert reply.status_code == 302 and reply.url == queue
    part.refresh_from_db()
    assert part.status == "fulfilled"
    assert client.get(queue).context["page"].rows == []  # the queue is empty now
