"""The history panels read as sentences with the labels of the rest of the pages, in Spanish and
English, whatever language the rows were written in."""

import datetime as dt

import pytest
from django.utils import translation

from followup.services import progress_report
from meetings import drafting
from meetings.services import attendance_add

from .factories import PersonFactory, UserFactory
from .workspace_data import filled_session, secretariat_user

pytestmark = pytest.mark.django_db


def test_it_tells_the_session_history_in_sentences(client):
    session = filled_session(participants=0, items=0, acuerdos=0)
    secretaria = secretariat_user(session.group)
    raul = PersonFactory(name="Raúl Salgado Martínez", institution=session.group.convening_institution)
    with translation.override("es-mx"):  # rows written by a Spanish-speaking user
        attendance_add(session=session, person=raul, actor=secretaria)
        drafting.session_update(session=session, actor=secretaria, status="held",
                                start_time=dt.time(13, 30))
    client.force_login(secretaria)
    html = client.get(f"/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="es-mx").content.decode()
    history = html[html.index('id="history"'):]
    assert "agregó a Raúl Salgado Martínez como participante" in history
    assert "de “Programada” a “Celebrada”" in history
    assert "a “13:30”" in history
    for raw in ("planned", "held", "13:30:00", "Cambiar", "| participante"):
        assert raw not in history, raw
    html = client.get(f"/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    history = html[html.index('id="history"'):]
    assert "added Raúl Salgado Martínez as a participant" in history
    assert "from “09:00” to “13:30”" in history
    assert "What happened" in history


def test_it_shows_status_labels_in_the_acuerdo_history(client):
    session = filled_session(participants=1, items=0, acuerdos=1)
    acuerdo = session.acuerdos.get()
    part = acuerdo.responsibilities.get(role="responsable")
    enlace = UserFactory(username="enlace")
    PersonFactory(user=enlace, institution=part.institution, is_enlace=True)
    progress_report(responsibility=part, status="reported", comment="Listo.", actor=enlace)
    client.force_login(secretariat_user(session.group))
    html = client.get(f"/acuerdos/{acuerdo.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Pending → Fulfilment reported (awaiting validation)" in html
    assert "pending → reported" not in html
