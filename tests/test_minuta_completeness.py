"""The completeness check before "Enviar a revisión": warnings the secretariat accepts, errors
that refuse; shown on the editor page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from agreements.models import Responsibility
from meetings.completeness import UnacceptedWarnings, completeness_of, minuta_send_to_review
from meetings.models import Session

from .workspace_data import filled_session, secretariat_user

pytestmark = pytest.mark.django_db


def test_it_lists_what_is_missing_as_warnings():
    session = filled_session(participants=0, items=1, acuerdos=1)
    session.agenda_items.update(narrative="")
    session.acuerdos.update(due_date=None)
    with translation.override("en"):
        check = completeness_of(session)
    assert check.errors == []
    assert check.warnings == [
        "The session is still marked planned: mark it held in the header.",
        "No video link or place in the header.",
        "No participants: the minuta lists nobody.",
        "Agenda item “Punto 1” has no narrative.",
        f"Acuerdo {session.acuerdos.get().number} has no due date.",
    ]


def test_it_sends_with_warnings_only_once_accepted():
    session = filled_session(participants=1, items=0, acuerdos=0)
    user = secretariat_user(session.group)
    with pytest.raises(UnacceptedWarnings):
        minuta_send_to_review(session=session, user=user, accept_warnings=False)
    session.refresh_from_db()
    assert session.minuta_status == Session.MinutaStatus.DRAFT
    minuta_send_to_review(session=session, user=user, accept_warnings=True)
    session.refresh_from_db()
    assert session.minuta_status == Session.MinutaStatus.IN_REVIEW


def test_it_refuses_an_acuerdo_nobody_answers_for_even_with_warnings_accepted():
    session = filled_session(participants=1, items=0, acuerdos=1, status="held",
                             place="Sala 1", modality="in_person")
    Responsibility.objects.filter(acuerdo__session=session).delete()
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        minuta_send_to_review(session=session, user=secretariat_user(session.group),
                              accept_warnings=True)
    assert "has no responsible institution" in refused.value.messages[0]
    session.refresh_from_db()
    assert session.minuta_status == Session.MinutaStatus.DRAFT


def test_the_editor_shows_the_check_and_asks_to_confirm(client):
    session = filled_session(participants=1, items=0, acuerdos=0)
    client.force_login(secretariat_user(session.group))
    html = client.get(f"/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "still marked planned" in html and 'id="accept-warnings"' in html
    reply = client.post(f"/sessions/{session.pk}/submit/", HTTP_ACCEPT_LANGUAGE="en")
    assert reply.status_code == 422 and "still marked planned" in reply.content.decode()
    session.refresh_from_db()
    assert session.minuta_status == Session.MinutaStatus.DRAFT
    reply = client.post(f"/sessions/{session.pk}/submit/", {"accept_warnings": "1"})
    assert reply.status_code == 302
    session.refresh_from_db()
    assert session.minuta_status == Session.MinutaStatus.IN_REVIEW
