"""POST /api/v1/imports/sessions/: a whole session from another system, through the services."""

import pytest
from rest_framework.test import APIClient

from agreements.models import Acuerdo
from directory.models import Institution, Person
from meetings.models import Session, WorkingGroup

from .followup_helpers import user

pytestmark = pytest.mark.django_db


def _client(username):
    client = APIClient()
    client.force_authenticate(user(username))
    return client


def _body(group, **extra):
    raul = Person.objects.get(name="Raúl Salgado Martínez")
    eder = Person.objects.get(name="Eder Ramírez Pavón")
    return {
        "group": group.pk, "type": "SE", "date": "2025-07-01", "start_time": "10:00",
        "end_time": "11:00", "modality": "in_person", "place": "Palacio de Cobián",
        "attendance": [{"person": raul.pk}, {"person": eder.pk}],
        "agenda": [{"start_time": "10:00", "end_time": "10:30", "activity": "Bienvenida",
                    "narrative": "Se dio la bienvenida.",
                    "presenters": [{"person": raul.pk, "text": "Raúl Salgado, Director"}]},
                   {"start_time": "10:30", "end_time": "11:00", "activity": "Asuntos generales",
                    "presenters": [{"text": "Invitada de la OIM"}]}],
        "acuerdos": [{"text": "La FGR enviará su informe.", "due_date": "2025-07-15",
                      "responsables": [Institution.objects.get(acronym="FGR").pk]},
                     {"text": "Todas revisarán el calendario.", "all_institutions": True}],
        **extra,
    }


def test_it_creates_a_whole_session(demo):
    group = WorkingGroup.objects.get(acronym="GTTIM")
    response = _client("secretaria").post("/api/v1/imports/sessions/", _body(group),
                                          format="json")
    assert response.status_code == 201, response.json()
    session = Session.objects.get(pk=response.json()["id"])
    assert (session.code, session.status, session.place) == ("1/SE", "held", "Palacio de Cobián")
    assert [a.name for a in session.attendances.all()] == ["Raúl Salgado Martínez",
                                                           "Eder Ramírez Pavón"]
    first = session.agenda_items.get(order=1)
    assert first.narrative == "Se dio la bienvenida."
    assert first.presenters.get().attendance.name == "Raúl Salgado Martínez"
    assert [a.number for a in session.acuerdos.all()] == ["1/SE-1", "1/SE-2"]
    assert session.acuerdos.get(sequence=2).responsibilities.count() == 15


def test_nothing_is_saved_when_one_part_is_wrong(demo):
    group = WorkingGroup.objects.get(acronym="GTTIM")
    before = (Session.objects.count(), Acuerdo.objects.count())
    body = _body(group)
    body["acuerdos"][0]["due_date"] = "2025-06-01"  # before the session
    response = _client("secretaria").post("/api/v1/imports/sessions/", body, format="json")
    assert response.status_code == 400 and "due_date" in response.json()["fields"]
    body = _body(group)
    body["agenda"][1]["start_time"] = "10:15"  # overlaps the first item
    assert _client("secretaria").post("/api/v1/imports/sessions/", body,
                                      format="json").status_code == 400
    assert (Session.objects.count(), Acuerdo.objects.count()) == before


def test_only_the_groups_secretariat_may_import(demo):
    group = WorkingGroup.objects.get(acronym="GTTIM")
    before = Session.objects.count()
    # An enlace of a member institution sees the group: 403; another group's secretary: 404.
    assert _client("enlace.fgr").post("/api/v1/imports/sessions/", _body(group),
                                      format="json").status_code == 403
    assert _client("secretaria.mj").post("/api/v1/imports/sessions/", _body(group),
                                         format="json").status_code == 404
    assert Session.objects.count() == before
    assert APIClient().post("/api/v1/imports/sessions/", _body(group),
                            format="json").status_code == 401


def test_it_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    assert "post" in schema["paths"]["/api/v1/imports/sessions/"]


def test_it_adds_acuerdos_to_an_existing_session(demo):
    sixth = Session.objects.get(group__acronym="GTTIM", number=6, type="SO")
    Session.objects.filter(pk=sixth.pk).update(status="held")
    fgr = Institution.objects.get(acronym="FGR").pk
    body = {"session": sixth.pk, "acuerdos": [
        {"text": "Primero.", "responsables": [fgr]}, {"text": "Segundo.", "responsables": [fgr]}]}
    response = _client("secretaria").post("/api/v1/imports/acuerdos/", body, format="json")
    assert response.status_code == 201, response.json()
    assert [a["number"] for a in response.json()] == ["6/SO-1", "6/SO-2"]
    # All or nothing: the second row names no institution that exists.
    body["acuerdos"][1]["responsables"] = [10**9]
    assert _client("secretaria").post("/api/v1/imports/acuerdos/", body,
                                      format="json").status_code == 400
    assert sixth.acuerdos.count() == 2
    # The approved 5th session takes no new acuerdo; an enlace may not add any.
    fifth = Session.objects.get(group__acronym="GTTIM", number=5, type="SO")
    body = {"session": fifth.pk, "acuerdos": [{"text": "Tarde.", "responsables": [fgr]}]}
    assert _client("secretaria").post("/api/v1/imports/acuerdos/", body,
                                      format="json").status_code == 400
    assert _client("enlace.fgr").post("/api/v1/imports/acuerdos/", body,
                                      format="json").status_code in (403, 404)
    assert fifth.acuerdos.count() == 5
