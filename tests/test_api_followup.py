"""Follow-up through the REST API: progress reports with evidence, validation, due-date requests,
evidence downloads — the web's rules (followup.services, tracker.access) over /api/v1/.

The object under test is MJ-MIGRACION's 1/SO-2: FGR answers for it (CNDH helps). Personas:
anonymous; enlace.fgr (the part's institution); enlace.upmrip (not a party: 404); secretaria.mj
(the group's secretariat: manages); secretaria (another group's secretariat: 404); coordinador
(follows the group: reads, 403 on writes); admin (staff). Each persona acts inside a savepoint that
is rolled back, so all start from the same state, and the effect is checked both ways."""

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from agreements.models import Acuerdo, Responsibility
from followup import services
from followup.models import DueDateRequest, Evidence, ProgressReport

from .followup_helpers import PDF_BYTES, pdf, user

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)
PERSONAS = ["anonymous", "enlace.fgr", "enlace.upmrip", "secretaria.mj", "secretaria",
            "coordinador", "admin"]


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(demo):
    acuerdo = Acuerdo.objects.get(group__acronym="MJ-MIGRACION", number="1/SO-2")
    return {"acuerdo": acuerdo, "part": acuerdo.responsibilities.get(institution__acronym="FGR")}


def client_for(username: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if username != "anonymous":
        response = client.post("/api/v1/auth/token/",
                               {"username": username, "password": "acuerdos-demo"}, format="json")
        assert response.status_code == 200, response.content
        client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
        # The first use records the token's last_used_at (one UPDATE); later uses within five
        # minutes do not, so query counts are those of every later request.
        assert client.get("/api/v1/groups/").status_code == 200
    return client


def pending_report(world):
    return services.progress_report(
        responsibility=world["part"], status=Responsibility.Status.REPORTED,
        comment="Protocolo presentado", files=[pdf()], actor=user("enlace.fgr"),
    )


def pending_request(world):
    return services.due_date_request(
        responsibility=world["part"], new_date=dt.date(2026, 12, 31), reason="Falta la firma",
        actor=user("enlace.fgr"),
    )


def state(world):
    part = Responsibility.objects.get(pk=world["part"].pk)
    return (part.status,
            list(ProgressReport.objects.filter(responsibility=part).values_list("review", flat=True)),
            list(DueDateRequest.objects.filter(responsibility=part).values_list("state", flat=True)),
            Acuerdo.objects.get(pk=world["acuerdo"].pk).due_date)


class Rollback(Exception):
    pass


def each_persona(world, setup, call):
    """{persona: (status code, body or None, state before, state after)}, each in a rolled-back
    savepoint."""
    results = {}
    for persona in PERSONAS:
        try:
            with transaction.atomic():
                ctx = setup(world) if setup else None
                before = state(world)
                response = call(client_for(persona), world, ctx)
                body = response.json() if response.get("Content-Type", "").startswith(
                    "application/json") else None
                results[persona] = (response.status_code, body, before, state(world))
                raise Rollback
        except Rollback:
            pass
    return results


def codes(results):
    return {persona: result[0] for persona, result in results.items()}


def expect(anonymous, fgr, upmrip, sec_mj, sec_gttim, coord, admin):
    return dict(zip(PERSONAS, [anonymous, fgr, upmrip, sec_mj, sec_gttim, coord, admin]))


def assert_changed_only_on_success(results, success):
    for persona, (code, body, before, after) in results.items():
        if code == success:
            assert after != before, persona
        else:
            assert after == before, persona
            assert set(body) <= {"code", "detail", "fields"}, (persona, body)


# --- Permissions of every endpoint ---------------------------------------------------------------

ENLACE_WRITE = expect(401, 201, 404, 403, 404, 403, 201)
SECRETARIAT_WRITE = expect(401, 403, 404, 200, 404, 403, 200)
READERS = expect(401, 200, 404, 200, 404, 200, 200)


def test_it_lets_only_the_institutions_enlace_report(world):
    results = each_persona(world, None, lambda c, w, _: c.post(
        f"/api/v1/responsibilities/{w['part'].pk}/reports/",
        {"status": "reported", "comment": "Protocolo presentado", "files": [pdf()]},
        format="multipart"))
    assert codes(results) == ENLACE_WRITE
    assert_changed_only_on_success(results, 201)
    body = results["enlace.fgr"][1]
    assert body["status"] == "pending" and body["kind"] == "fulfilled"
    assert body["reported_by"] == "enlace.fgr"
    assert [e["name"] for e in body["evidence"]] == ["evidencia.pdf"]
    assert results["enlace.fgr"][3][0] == Responsibility.Status.REPORTED


def test_it_lets_only_the_institutions_enlace_patch_the_part(world):
    def patch(client, w, _):
        url = f"/api/v1/responsibilities/{w['part'].pk}/"
        etag = client.get(url).get("ETag", '"none"')
        return client.patch(url, {"status": "reported", "note": "Protocolo presentado"},
                            format="json", HTTP_IF_MATCH=etag)

    results = each_persona(world, None, patch)
    assert codes(results) == expect(401, 200, 404, 403, 404, 403, 200)
    assert_changed_only_on_success(results, 200)
    assert results["enlace.fgr"][1]["status"] == "reported"
    assert results["enlace.fgr"][3][1] == ["pending"]  # a report awaiting validation


def test_it_lets_only_the_institutions_enlace_ask_for_a_due_date(world):
    results = each_persona(world, None, lambda c, w, _: c.post(
        f"/api/v1/responsibilities/{w['part'].pk}/due-date-requests/",
        {"new_date": "2026-12-31", "reason": "Falta la firma"}, format="json"))
    assert codes(results) == ENLACE_WRITE
    assert_changed_only_on_success(results, 201)
    body = results["enlace.fgr"][1]
    assert body["state"] == "pending" and body["requested_date"] == "2026-12-31"
    assert body["current_date"] == "2026-04-30"


def test_it_lets_only_the_groups_secretariat_validate(world):
    results = each_persona(world, pending_report, lambda c, w, r: c.post(
        f"/api/v1/reports/{r.pk}/validate/", {"note": "Revisado"}, format="json"))
    assert codes(results) == SECRETARIAT_WRITE
    assert_changed_only_on_success(results, 200)
    body = results["secretaria.mj"][1]
    assert body["status"] == "validated" and body["reviewed_by"] == "secretaria.mj"
    assert results["secretaria.mj"][3][0] == Responsibility.Status.FULFILLED
    assert results["coordinador"][1]["detail"] == "Only the group's secretariat can do this."


def test_it_lets_only_the_groups_secretariat_return(world):
    results = each_persona(world, pending_report, lambda c, w, r: c.post(
        f"/api/v1/reports/{r.pk}/return/", {"reason": "Falta el acuse"}, format="json"))
    assert codes(results) == SECRETARIAT_WRITE
    assert_changed_only_on_success(results, 200)
    body = results["admin"][1]
    assert body["status"] == "returned" and body["return_reason"] == "Falta el acuse"
    assert results["admin"][3][0] == Responsibility.Status.IN_PROGRESS


def test_it_lets_only_the_groups_secretariat_approve_a_due_date(world):
    results = each_persona(world, pending_request, lambda c, w, r: c.post(
        f"/api/v1/due-date-requests/{r.pk}/approve/", {}, format="json"))
    assert codes(results) == SECRETARIAT_WRITE
    assert_changed_only_on_success(results, 200)
    assert results["secretaria.mj"][1]["state"] == "approved"
    assert results["secretaria.mj"][3][3] == dt.date(2026, 12, 31)


def test_it_lets_only_the_groups_secretariat_reject_a_due_date(world):
    results = each_persona(world, pending_request, lambda c, w, r: c.post(
        f"/api/v1/due-date-requests/{r.pk}/reject/", {"reason": "No procede"}, format="json"))
    assert codes(results) == SECRETARIAT_WRITE
    assert_changed_only_on_success(results, 200)
    body = results["secretaria.mj"][1]
    assert body["state"] == "rejected" and body["decision_note"] == "No procede"
    assert results["secretaria.mj"][3][3] == dt.date(2026, 4, 30)


def test_it_shows_a_report_to_whoever_reads_the_acuerdo(world):
    results = each_persona(world, pending_report, lambda c, w, r: c.get(f"/api/v1/reports/{r.pk}/"))
    assert codes(results) == READERS
    assert results["coordinador"][1]["comment"] == "Protocolo presentado"


def test_it_lists_the_reports_each_persona_may_read(world):
    results = each_persona(world, pending_report,
                           lambda c, w, r: c.get("/api/v1/reports/?status=pending"))
    assert codes(results) == expect(401, 200, 200, 200, 200, 200, 200)
    seen = {p: [row["comment"] for row in r[1]["results"]] for p, r in results.items()
            if r[0] == 200}
    mine = ["Protocolo presentado"]
    assert seen == {"enlace.fgr": mine, "enlace.upmrip": [], "secretaria.mj": mine,
                    "secretaria": [], "coordinador": mine, "admin": mine}


def test_it_shows_due_date_requests_to_whoever_reads_the_acuerdo(world):
    results = each_persona(world, pending_request,
                           lambda c, w, r: c.get(f"/api/v1/due-date-requests/{r.pk}/"))
    assert codes(results) == READERS
    listed = each_persona(world, pending_request,
                          lambda c, w, r: c.get("/api/v1/due-date-requests/?state=pending"))
    seen = {p: len(r[1]["results"]) for p, r in listed.items() if r[0] == 200}
    assert seen == {"enlace.fgr": 1, "enlace.upmrip": 0, "secretaria.mj": 1, "secretaria": 0,
                    "coordinador": 1, "admin": 1}


def test_it_serves_evidence_to_whoever_reads_the_acuerdo(world):
    def download(client, w, report):
        return client.get(f"/api/v1/evidence/{report.evidence.get().pk}/")

    results = each_persona(world, pending_report, download)
    assert codes(results) == READERS


# --- Behaviour -----------------------------------------------------------------------------------

def test_it_downloads_evidence_with_its_name_and_type_whatever_accept_says(world):
    report = pending_report(world)
    evidence = report.evidence.get()
    client = client_for("secretaria.mj")
    response = client.get(f"/api/v1/evidence/{evidence.pk}/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="evidencia.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES
    evidence.file.delete(save=False)
    missing = client.get(f"/api/v1/evidence/{evidence.pk}/", HTTP_ACCEPT="application/pdf")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"


def test_it_links_evidence_from_the_report(world):
    report = pending_report(world)
    body = client_for("enlace.fgr").get(f"/api/v1/reports/{report.pk}/").json()
    url = body["evidence"][0]["url"]
    assert url.endswith(f"/api/v1/evidence/{report.evidence.get().pk}/")
    assert client_for("enlace.fgr").get(url).status_code == 200


def test_it_refuses_evidence_that_is_not_what_it_claims(world):
    response = client_for("enlace.fgr").post(
        f"/api/v1/responsibilities/{world['part'].pk}/reports/",
        {"status": "reported", "comment": "x", "files": [_file("informe.pdf", b"hola")]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "is not an accepted file" in response.json()["fields"]["files"][0]
    assert not ProgressReport.objects.filter(responsibility=world["part"]).exists()
    assert not Evidence.objects.exists()


def test_it_asks_for_a_comment_or_evidence(world):
    response = client_for("enlace.fgr").post(
        f"/api/v1/responsibilities/{world['part'].pk}/reports/", {"status": "reported"},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["comment"] == [
        "Say how the part was fulfilled, or attach evidence."]


def test_it_refuses_fulfilled_as_a_reported_status(world):
    response = client_for("admin").post(
        f"/api/v1/responsibilities/{world['part'].pk}/reports/",
        {"status": "fulfilled", "comment": "Hecho"}, format="multipart",
    )
    assert response.status_code == 400
    assert "only when the group's secretariat validates" in response.json()["fields"]["status"][0]
    assert state(world)[0] == Responsibility.Status.IN_PROGRESS


def test_it_refuses_a_second_report_while_one_awaits_validation(world):
    pending_report(world)
    response = client_for("enlace.fgr").post(
        f"/api/v1/responsibilities/{world['part'].pk}/reports/",
        {"status": "in_progress", "comment": "Más avances"}, format="multipart",
    )
    assert response.status_code == 400
    assert "awaits the secretariat's validation" in response.json()["detail"]


def test_it_validates_once(world):
    report = pending_report(world)
    client = client_for("secretaria.mj")
    assert client.post(f"/api/v1/reports/{report.pk}/validate/", {}, format="json").status_code == 200
    again = client.post(f"/api/v1/reports/{report.pk}/validate/", {}, format="json")
    assert again.status_code == 400
    assert again.json()["detail"] == "This report was already validated or returned."


def test_it_requires_a_reason_to_return_or_reject(world):
    report = pending_report(world)
    client = client_for("secretaria.mj")
    response = client.post(f"/api/v1/reports/{report.pk}/return/", {"reason": " "}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["reason"] == ["Say why the report is returned."]
    request = pending_request(world)
    response = client.post(f"/api/v1/due-date-requests/{request.pk}/reject/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["reason"] == ["Say why the request is rejected."]
    assert state(world)[1:3] == (["pending"], ["pending"])


def test_it_checks_the_requested_due_date(world):
    client = client_for("enlace.fgr")
    url = f"/api/v1/responsibilities/{world['part'].pk}/due-date-requests/"
    before = client.post(url, {"new_date": "2020-01-01", "reason": "x"}, format="json")
    assert before.status_code == 400
    assert before.json()["fields"]["new_date"][0].startswith("The due date cannot be before")
    missing = client.post(url, {"new_date": "2026-12-31"}, format="json")
    assert missing.json()["fields"]["reason"] == ["Say why you need a new due date."]
    assert not DueDateRequest.objects.exists()


def test_it_filters_reports_by_status(world):
    returned = pending_report(world)
    services.report_return(report=returned, reason="Falta el acuse", actor=user("secretaria.mj"))
    pending = pending_report(world)
    client = client_for("secretaria.mj")

    def ids(query):
        response = client.get(f"/api/v1/reports/?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("status=pending") == {pending.pk}
    assert ids("status=returned") == {returned.pk}
    assert ids("status=validated") == set()
    assert ids(f"acuerdo={world['acuerdo'].pk}") == {pending.pk, returned.pk}
    bad = client.get("/api/v1/reports/?status=fulfilled")
    assert bad.status_code == 400 and "status" in bad.json()["fields"]


def test_it_lists_reports_in_a_constant_number_of_queries(world):
    client = client_for("secretaria.mj")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/reports/").status_code == 200
        return len(queries)

    first = pending_report(world)
    one = count()
    services.report_return(report=first, reason="x", actor=user("secretaria.mj"))
    pending_report(world)
    services.progress_report(
        responsibility=world["acuerdo"].responsibilities.get(institution__acronym="CNDH"),
        status=Responsibility.Status.IN_PROGRESS, comment="Avance", files=[pdf(), pdf()],
        actor=user("admin"),
    )
    assert ProgressReport.objects.count() == 3
    assert count() == one


def test_it_speaks_the_requests_language(world):
    response = client_for("enlace.fgr").post(
        f"/api/v1/responsibilities/{world['part'].pk}/reports/", {"status": "reported"},
        format="multipart", HTTP_ACCEPT_LANGUAGE="es-mx",
    )
    assert response.status_code == 400
    # An msgid of the follow-up app, already in the Spanish catalog.
    assert response.json()["fields"]["comment"] == [
        "Indique cómo se cumplió la parte, o adjunte evidencia."]


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)
