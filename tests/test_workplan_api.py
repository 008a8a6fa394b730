"""The work plan API: plans, ejes, actividades, progress, proposals (propose, accept, decline,
withdraw) and the import, with the web's access rules (tracker.access). Each denial is paired with
a positive control."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from agreements.models import Responsibility
from agreements.services import responsibility_change_status
from api.tokens import token_issue
from notifications.models import Notification
from workplan import services
from workplan.models import Actividad, Proposal

from .factories import make_acuerdo, make_session
from .notify_helpers import MX
from .workplan_docs_data import plan_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    """15 October 2025: the actividades that ended in August and September are late."""
    with time_machine.travel(dt.datetime(2025, 10, 15, 12, tzinfo=MX), tick=True):
        yield


@pytest.fixture
def world():
    return plan_world()


def _client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)[1]}",
                       HTTP_ACCEPT_LANGUAGE="es-mx")
    return client


def _consultation(world):
    services.plan_submit_for_consultation(plan=world.plan, actor=world.secretary)


def test_the_secretary_reads_plans_ejes_and_actividades(world):
    client = _client(world.secretary)
    plans = client.get("/api/v1/plans/").json()["results"]
    assert [(p["id"], p["status"], p["year"]) for p in plans] == [(world.plan.pk, "draft", 2025)]
    assert plans[0]["documents"]["pdf"].endswith(f"/planes/{world.plan.pk}/plan.pdf")
    detail = client.get(f"/api/v1/plans/{world.plan.pk}/").json()
    assert [e["title"] for e in detail["ejes"]] == [e.title for e in world.ejes]
    assert detail["ejes"][0]["actividades"] == [a.pk for a in world.actividades[:2]]
    assert [c["ordinal"] for c in detail["calendar"]] == [6, 7]
    rows = client.get(f"/api/v1/actividades/?plan={world.plan.pk}").json()["results"]
    assert len(rows) == 4
    first = next(r for r in rows if r["id"] == world.actividades[1].pk)
    assert {(p["institution"]["acronym"], p["role"]) for p in first["institutions"]} == {
        ("SSPC", "responsable"), ("OIM", "coadyuvante"), ("UNODC", "coadyuvante")}
    assert first["progress"] == "sin_iniciar" and first["late"] is False
    fgr = world.institutions["FGR"].pk
    led = client.get(f"/api/v1/actividades/?institution={fgr}&role=responsable").json()
    assert [r["id"] for r in led["results"]] == [world.actividades[2].pk]
    helps = client.get(f"/api/v1/actividades/?institution={fgr}").json()["results"]
    assert {r["id"] for r in helps} == {world.actividades[2].pk, world.actividades[3].pk}
    eje = client.get(f"/api/v1/ejes/{world.ejes[2].pk}/").json()
    assert eje["actividades"] == [world.actividades[3].pk]


def test_progress_per_eje_actividad_and_institution_follows_the_linked_acuerdos(world):
    actividad = world.actividades[2]
    acuerdo = make_acuerdo(session=make_session(group=world.group, date=dt.date(2025, 8, 5)),
                           responsables=[world.institutions["FGR"]])
    services.actividad_link_acuerdo(actividad=actividad, acuerdo=acuerdo, actor=world.secretary)
    client = _client(world.coordinator)
    row = client.get(f"/api/v1/actividades/{actividad.pk}/").json()
    assert row["acuerdos"] == [acuerdo.pk] and row["progress"] == "sin_iniciar"
    responsibility_change_status(responsibility=acuerdo.responsibilities.get(),
                                 status=Responsibility.Status.IN_PROGRESS)
    assert client.get(f"/api/v1/actividades/{actividad.pk}/").json()["progress"] == "en_proceso"
    assert client.get("/api/v1/actividades/?progress=en_proceso").json()["results"][0]["id"] \
        == actividad.pk
    progress = client.get(f"/api/v1/plans/{world.plan.pk}/progress/").json()
    assert progress["counts"] == {"total": 4, "sin_iniciar": 3, "en_proceso": 1, "concluida": 0,
                                  "cancelada": 0, "late": 2}
    second = progress["ejes"][1]
    assert second["actividades"][0] == {
        "id": actividad.pk, "number": "2.1", "progress": "en_proceso",
        "late": True, "end_date": "2025-08-29",
        "responsables": ["FGR"], "coadyuvantes": []}
    loads = {e["institution"]["acronym"]: e for e in progress["institutions"]}
    assert (loads["FGR"]["responsable"], loads["FGR"]["coadyuvante"]) == (1, 1)
    assert (loads["OIM"]["responsable"], loads["OIM"]["coadyuvante"]) == (0, 2)


def test_an_enlace_sees_the_plan_only_once_in_consultation(world):
    enlace = _client(world.enlace_fgr)
    assert enlace.get("/api/v1/plans/").json()["results"] == []
    assert enlace.get(f"/api/v1/plans/{world.plan.pk}/").status_code == 404
    assert enlace.get(f"/api/v1/actividades/{world.actividades[0].pk}/").status_code == 404
    assert _client(world.coordinator).get(
        f"/api/v1/plans/{world.plan.pk}/").status_code == 200  # positive control
    _consultation(world)
    assert enlace.get(f"/api/v1/plans/{world.plan.pk}/").status_code == 200
    assert len(enlace.get("/api/v1/actividades/").json()["results"]) == 4
    outsider = _client(world.outsider)
    assert outsider.get(f"/api/v1/plans/{world.plan.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/ejes/{world.ejes[0].pk}/").status_code == 404
    assert APIClient().get("/api/v1/plans/").status_code == 401


def test_an_enlace_proposes_and_the_secretary_accepts_and_the_enlace_is_told(
        world, django_capture_on_commit_callbacks):
    actividad = world.actividades[0]
    url = f"/api/v1/actividades/{actividad.pk}/proposals/"
    body = {"role": "coadyuvante", "comment": "Podemos aportar el protocolo."}
    enlace = _client(world.enlace_fgr)
    assert enlace.post(url, body, format="json").status_code == 404  # a draft: not seen yet
    _consultation(world)
    # The coordinator sees the actividad but is no enlace: 403, and nothing is created.
    assert _client(world.coordinator).post(url, body, format="json").status_code == 403
    response = enlace.post(url, body, format="json")
    assert response.status_code == 201, response.json()
    proposal = response.json()
    assert proposal["institution"]["acronym"] == "FGR" and proposal["status"] == "pending"
    again = enlace.post(url, body, format="json")
    assert again.status_code == 400 and again.json()["detail"]  # one pending per institution
    assert Proposal.objects.filter(actividad=actividad).count() == 1
    # Another institution's enlace never sees FGR's proposal; the secretariat's queue does.
    assert _client(world.enlace_sspc).get(f"/api/v1/proposals/{proposal['id']}/").status_code \
        == 404
    queue = _client(world.secretary).get("/api/v1/proposals/?status=pending").json()["results"]
    assert [p["id"] for p in queue] == [proposal["id"]]
    # The enlace cannot decide their own proposal; the secretary can.
    accept = f"/api/v1/proposals/{proposal['id']}/accept/"
    assert enlace.post(accept, {}, format="json").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        decided = _client(world.secretary).post(accept, {"note": "Gracias"}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"
    roles = {(p.institution.acronym, p.role) for p in Actividad.objects.get(
        pk=actividad.pk).institutions.all()}
    assert ("FGR", "coadyuvante") in roles
    told = Notification.objects.get(object_key=f"proposal:{proposal['id']}")
    assert told.recipient_email == "enlace.fgr@example.org" and told.kind == "decision"


def test_declining_needs_a_note_and_withdrawing_is_the_proposers(world):
    _consultation(world)
    actividad = world.actividades[2]
    made = _client(world.enlace_sspc).post(f"/api/v1/actividades/{actividad.pk}/proposals/",
                                           {"role": "coadyuvante"}, format="json").json()
    decline = f"/api/v1/proposals/{made['id']}/decline/"
    secretary = _client(world.secretary)
    refused = secretary.post(decline, {"note": ""}, format="json")
    assert refused.status_code == 400 and "note" in refused.json()["fields"]
    withdraw = f"/api/v1/proposals/{made['id']}/withdraw/"
    assert secretary.post(withdraw, {}, format="json").status_code == 403  # not the proposer
    assert _client(world.enlace_sspc).post(withdraw, {}, format="json").json()["status"] == \
        "withdrawn"
    again = _client(world.enlace_sspc).post(f"/api/v1/actividades/{actividad.pk}/proposals/",
                                            {"role": "coadyuvante"}, format="json").json()
    declined = secretary.post(f"/api/v1/proposals/{again['id']}/decline/",
                              {"note": "FGR ya la coordina"}, format="json")
    assert declined.status_code == 200 and declined.json()["decision_note"] == \
        "FGR ya la coordina"


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Eje", "Actividad", "Fecha de término", "Instancias responsables"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_import_endpoint_checks_every_row_and_saves_all_or_nothing(world):
    url = f"/api/v1/plans/{world.plan.pk}/import/"
    good = [["1", "Guía de documentación.", "30/11/2025", "FGR"],
            ["Eje nuevo", "Otra actividad.", "", "SSPC"]]
    before = Actividad.objects.count()

    def post(client, rows, **extra):
        return client.post(url, {"file": SimpleUploadedFile("plan.xlsx", _xlsx(rows)), **extra},
                           format="multipart")

    assert post(_client(world.enlace_fgr), good).status_code == 404  # a draft: not seen
    assert post(_client(world.coordinator), good).status_code == 403  # seen, not the secretariat
    bad = post(_client(world.secretary), good + [["2", "Sin institución conocida.", "", "XYZ"]])
    assert bad.status_code == 400
    assert bad.json()["fields"]["file"] == ["Fila 4: No están en el directorio: XYZ."]
    dry = post(_client(world.secretary), good, dry_run="true")
    assert dry.status_code == 200 and dry.json()["imported"] == 0
    assert dry.json()["new_ejes"] == ["Eje nuevo"]
    assert Actividad.objects.count() == before
    done = post(_client(world.secretary), good)
    assert done.status_code == 201 and done.json()["imported"] == 2
    assert Actividad.objects.count() == before + 2


def test_the_new_operations_are_in_the_openapi_schema(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    for path, method in [("/api/v1/plans/", "get"), ("/api/v1/plans/{id}/", "get"),
                         ("/api/v1/plans/{id}/progress/", "get"),
                         ("/api/v1/plans/{id}/import/", "post"), ("/api/v1/ejes/", "get"),
                         ("/api/v1/actividades/{id}/", "get"),
                         ("/api/v1/actividades/{id}/proposals/", "post"),
                         ("/api/v1/proposals/", "get"),
                         ("/api/v1/proposals/{id}/accept/", "post"),
                         ("/api/v1/proposals/{id}/decline/", "post"),
                         ("/api/v1/proposals/{id}/withdraw/", "post")]:
        assert method in paths[path], path
