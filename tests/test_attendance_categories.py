"""The session editor records in which capacity, for which state and with which sex someone
attends (what the Informe counts), through attendance_add."""

import pytest
from django.core.exceptions import ValidationError

from meetings.models import Attendance
from meetings.services import attendance_add

from .factories import GroupFactory, PersonFactory, make_session
from .workspace_data import secretariat_user

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_it_snapshots_category_state_and_the_persons_sex(client):
    session = make_session(group=GroupFactory(members=1))
    person = PersonFactory(sex="female")
    client.force_login(secretariat_user(session.group))
    response = client.post(f"/sessions/{session.pk}/participants/",
                           {"person": person.pk, "category": "governor", "state": "SIN"}, **HX)
    assert response.status_code == 200
    attendance = Attendance.objects.get(session=session, person=person)
    assert (attendance.category, attendance.state, attendance.sex) == ("governor", "SIN", "female")
    assert "Governor · Sinaloa" in response.content.decode()


def test_it_creates_a_person_with_sex_and_how_they_attend(client):
    session = make_session(group=GroupFactory(members=1))
    institution = session.group.institutions.first()
    client.force_login(secretariat_user(session.group))
    response = client.post(f"/sessions/{session.pk}/participants/new/", {
        "person-name": "Rocío Nahle", "person-institution": institution.pk,
        "person-sex": "female", "person-category": "state_rep", "person-state": "VER",
    }, **HX)
    assert response.status_code == 200
    attendance = Attendance.objects.get(session=session, name="Rocío Nahle")
    assert attendance.person.sex == "female"
    assert (attendance.category, attendance.state, attendance.sex) == ("state_rep", "VER", "female")


def test_it_refuses_an_unknown_category():
    session = make_session(group=GroupFactory(members=1))
    with pytest.raises(ValidationError):
        attendance_add(session=session, person=PersonFactory(), category="king")
    assert not session.attendances.exists()


def test_it_saves_the_venue_scope_and_time_zone_in_the_header_with_history(client):
    from meetings.models import MinutaEvent, Session, Venue

    session = make_session(group=GroupFactory(members=1))
    venue = Venue.objects.create(name="Palacio de Gobierno de Sinaloa", state="SIN")
    client.force_login(secretariat_user(session.group))
    data = {f"h-{k}": v for k, v in {
        "title": session.title, "date": "2025-06-03", "start_time": "12:00", "end_time": "14:00",
        "modality": "in_person", "status": "held", "convoca": session.convoca_id,
        "venue": venue.pk, "scope": "regional", "timezone": "America/Mazatlan"}.items()}
    assert client.post(f"/sessions/{session.pk}/header/", data, **HX).status_code == 200
    session.refresh_from_db()
    assert (session.venue, session.scope, session.timezone) == (venue, "regional",
                                                                "America/Mazatlan")
    assert MinutaEvent.objects.filter(session=session, new_value="regional").exists()
    data["h-timezone"] = "Mars/Olympus"
    reply = client.post(f"/sessions/{session.pk}/header/", data, **HX).content.decode()
    assert "Unknown time zone" in reply
    session.refresh_from_db()
    assert session.timezone == "America/Mazatlan"
    assert Session.objects.get(pk=session.pk).scope == "regional"
