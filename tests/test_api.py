"""REST API under /api/v1/: auth, scope (tracker.access), filters, errors, If-Match writes."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import translation
from rest_framework.test import APIClient

from agreements.models import Acuerdo, AcuerdoEvent, Responsibility
from api.models import ApiToken
from directory.models import Institution
from meetings.services import minuta_return

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(TODAY, tick=False):
        yield


def client_for(username: str, language: str = "en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    response = client.post(
        "/api/v1/auth/token/", {"username": username, "password": "acuerdos-demo"}, format="json"
    )
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def numbers(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()["results"]}


def test_it_issues_and_revokes_tokens(demo):
    client = client_for("enlace.fgr")
    assert client.get("/api/v1/groups/").status_code == 200
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert not ApiToken.objects.filter(user__username="enlace.fgr", revoked_at=None).exists()
    response = client.get("/api/v1/groups/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_it_refuses_wrong_passwords_with_the_error_format(demo):
    with translation.override("en"):
        response = APIClient(HTTP_ACCEPT_LANGUAGE="en").post(
            "/api/v1/auth/token/", {"username": "enlace.fgr", "password": "nope"}, format="json"
        )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Unable to sign in")


def test_it_requires_authentication(demo):
    response = APIClient().get("/api/v1/acuerdos/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert set(response.json()) == {"code", "detail"}


def test_it_shows_an_enlace_only_their_institutions_acuerdos(demo):
    fgr = Institution.objects.get(acronym="FGR")
    rows = client_for("enlace.fgr").get("/api/v1/acuerdos/").json()["results"]
    assert rows
    for row in rows:
        assert fgr.pk in {r["institution"]["id"] for r in row["responsibilities"]}
    visible = {row["id"] for row in rows}
    hidden = Acuerdo.objects.exclude(responsibilities__institution=fgr).first()
    assert hidden.pk not in visible
    response = client_for("enlace.fgr").get(f"/api/v1/acuerdos/{hidden.pk}/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found."}


def test_it_filters_by_institution_status_and_due_dates(demo):
    client = client_for("admin")
    fgr = Institution.objects.get(acronym="FGR")
    overdue = numbers(client.get(f"/api/v1/acuerdos/?institution={fgr.pk}&overdue=true"))
    expected = {
        a.number for a in Acuerdo.objects.filter(responsibilities__institution=fgr)
        if a.status_on(TODAY.date()) == Acuerdo.Status.OVERDUE
    }
    assert overdue == expected and overdue
    assert numbers(client.get("/api/v1/acuerdos/?status=overdue")) >= overdue
    fulfilled = numbers(client.get("/api/v1/acuerdos/?status=fulfilled"))
    assert fulfilled and not fulfilled & overdue
    ranged = numbers(client.get("/api/v1/acuerdos/?due_after=2026-06-01&due_before=2026-06-30"))
    assert ranged == set(
        Acuerdo.objects.filter(due_date__range=("2026-06-01", "2026-06-30"))
        .values_list("number", flat=True)
    )


def test_it_pages_in_a_stable_order(demo):
    client = client_for("admin")
    seen, url = [], "/api/v1/acuerdos/?page_size=3&ordering=-due"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == Acuerdo.objects.count()
    dues = [Acuerdo.objects.get(pk=pk).due_date or dt.date.max for pk in seen]
    assert dues == sorted(dues, reverse=True)


def test_it_reports_field_errors_in_the_request_language(demo):
    english = client_for("admin", "en").get("/api/v1/acuerdos/?due_after=soon")
    spanish = client_for("admin", "es-mx").get("/api/v1/acuerdos/?due_after=soon")
    assert english.status_code == spanish.status_code == 400
    assert english.json()["fields"]["due_after"] == ["Enter a valid date."]
    assert spanish.json()["fields"]["due_after"] != ["Enter a valid date."]


def test_it_shows_groups_with_members_and_sessions_with_attendance_and_agenda(demo):
    client = client_for("enlace.fgr")
    groups = client.get("/api/v1/groups/").json()["results"]
    gttim = next(g for g in groups if g["acronym"] == "GTTIM")
    detail = client.get(f"/api/v1/groups/{gttim['id']}/").json()
    assert "FGR" in {m["institution"]["acronym"] for m in detail["members"]}
    session = client.get(f"/api/v1/sessions/?group={gttim['id']}").json()["results"]
    held = next(s for s in session if s["code"] == "5/SO")
    body = client.get(f"/api/v1/sessions/{held['id']}/").json()
    assert len(body["attendance"]) == 28
    assert len(body["agenda"]) == 9


def test_it_gives_figures_of_what_the_user_sees(demo):
    figures = client_for("enlace.fgr").get("/api/v1/acuerdos/figures/").json()
    visible = Acuerdo.objects.filter(responsibilities__institution__acronym="FGR").distinct()
    assert figures["total"] == visible.count()
    assert figures["overdue"] == sum(
        a.status_on(TODAY.date()) == Acuerdo.Status.OVERDUE for a in visible
    )


def _fgr_part():
    return Responsibility.objects.filter(
        institution__acronym="FGR", status=Responsibility.Status.PENDING
    ).first()


def test_it_lets_an_enlace_report_on_their_part_with_if_match(demo):
    client = client_for("enlace.fgr")
    part = _fgr_part()
    url = f"/api/v1/responsibilities/{part.pk}/"
    etag = client.get(url)["ETag"]
    response = client.patch(url, {"status": "in_progress", "note": "Oficio enviado"},
                            format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_progress"
    assert response["ETag"] != etag
    # The web's rule: a progress report (followup.services.progress_report), note as comment.
    event = AcuerdoEvent.objects.get(responsibility=part, kind=AcuerdoEvent.Kind.REPORT)
    assert event.actor.username == "enlace.fgr"
    assert part.reports.get().comment == "Oficio enviado"
    # The same, now stale, ETag: 412 and nothing changes.
    stale = client.patch(url, {"status": "reported", "note": "Listo"}, format="json",
                         HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    part.refresh_from_db()
    assert part.status == Responsibility.Status.IN_PROGRESS
    assert part.reports.count() == 1


def test_it_reports_fulfilment_by_patch_only_as_awaiting_validation(demo):
    client = client_for("enlace.fgr")
    part = _fgr_part()
    url = f"/api/v1/responsibilities/{part.pk}/"
    response = client.patch(url, {"status": "reported", "note": "Protocolo entregado"},
                            format="json", HTTP_IF_MATCH=client.get(url)["ETag"])
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "reported"
    assert part.reports.get().review == "pending"


def test_it_never_sets_fulfilled_by_patch(demo):
    for username in ("enlace.fgr", "admin"):
        client = client_for(username)
        part = _fgr_part()
        url = f"/api/v1/responsibilities/{part.pk}/"
        with translation.override("en"):
            response = client.patch(url, {"status": "fulfilled", "note": "Hecho"}, format="json",
                                    HTTP_IF_MATCH=client.get(url)["ETag"])
        assert response.status_code == 400, (username, response.content)
        message = response.json()["fields"]["status"][0]
        assert "only when the group's secretariat validates" in message
        part.refresh_from_db()
        assert part.status == Responsibility.Status.PENDING
        assert not part.reports.exists()


def test_it_asks_for_the_note_of_a_patch(demo):
    client = client_for("enlace.fgr")
    part = _fgr_part()
    url = f"/api/v1/responsibilities/{part.pk}/"
    response = client.patch(url, {"status": "in_progress"}, format="json",
                            HTTP_IF_MATCH=client.get(url)["ETag"])
    assert response.status_code == 400
    assert response.json()["fields"]["note"] == ["Describe the progress, or attach evidence."]
    part.refresh_from_db()
    assert part.status == Responsibility.Status.PENDING


def test_it_does_not_let_the_secretariat_patch_a_part(demo):
    # The secretariat validates reports or records fulfilment on behalf; it does not report.
    client = client_for("secretaria")
    part = Responsibility.objects.filter(
        institution__acronym="FGR", status=Responsibility.Status.PENDING,
        acuerdo__group__acronym="GTTIM",
    ).first()
    url = f"/api/v1/responsibilities/{part.pk}/"
    response = client.patch(url, {"status": "in_progress", "note": "x"}, format="json",
                            HTTP_IF_MATCH=client.get(url)["ETag"])
    assert response.status_code == 403
    part.refresh_from_db()
    assert part.status == Responsibility.Status.PENDING


def test_it_requires_if_match(demo):
    client = client_for("enlace.fgr")
    part = _fgr_part()
    response = client.patch(
        f"/api/v1/responsibilities/{part.pk}/", {"status": "in_progress", "note": "x"},
        format="json",
    )
    assert response.status_code == 428
    part.refresh_from_db()
    assert part.status == Responsibility.Status.PENDING


def test_it_refuses_an_enlace_another_institutions_part(demo):
    client = client_for("enlace.fgr")
    other = Responsibility.objects.filter(
        acuerdo__responsibilities__institution__acronym="FGR"
    ).exclude(institution__acronym="FGR").first()
    url = f"/api/v1/responsibilities/{other.pk}/"
    etag = client.get(url)["ETag"]
    response = client.patch(url, {"status": "fulfilled"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 403
    hidden = Responsibility.objects.exclude(
        acuerdo__responsibilities__institution__acronym="FGR"
    ).first()
    response = client.patch(
        f"/api/v1/responsibilities/{hidden.pk}/", {"status": "fulfilled"}, format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 404


def _draft_acuerdo(number="3/SO-1"):
    """An acuerdo of the demo's minuta in review, returned to draft: in review nothing changes
    (agreements.services, the same rule as the session editor)."""
    acuerdo = Acuerdo.objects.get(group__acronym="MJ-MIGRACION", number=number)
    minuta_return(session=acuerdo.session, user=get_user_model().objects.get(
        username="coordinador"), comments="Revisar fechas")
    return acuerdo


def test_it_moves_a_due_date_only_with_a_reason(demo):
    client = client_for("secretaria.mj")
    acuerdo = _draft_acuerdo()
    url = f"/api/v1/acuerdos/{acuerdo.pk}/"
    etag = client.get(url)["ETag"]
    missing = client.patch(url, {"due_date": "2026-12-31"}, format="json", HTTP_IF_MATCH=etag)
    assert missing.status_code == 400
    assert "reason" in missing.json()["fields"]
    response = client.patch(
        url, {"due_date": "2026-12-31", "reason": "Se amplía el plazo en la sesión 4"},
        format="json", HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    assert response.json()["due_date"] == "2026-12-31"
    assert response.json()["history"][-1]["kind"] == "due_date"
    acuerdo.refresh_from_db()
    assert acuerdo.due_date == dt.date(2026, 12, 31)


def test_it_rolls_back_a_text_change_when_the_due_date_is_invalid(demo):
    client = client_for("secretaria.mj")
    acuerdo = _draft_acuerdo()
    url = f"/api/v1/acuerdos/{acuerdo.pk}/"
    etag = client.get(url)["ETag"]
    response = client.patch(
        url, {"text": "Otro texto", "due_date": "2020-01-01", "reason": "x"}, format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 400
    assert "due_date" in response.json()["fields"]
    acuerdo.refresh_from_db()
    assert acuerdo.text != "Otro texto"


def test_it_refuses_text_changes_after_the_minuta_is_approved(demo):
    client = client_for("secretaria.mj")
    acuerdo = Acuerdo.objects.get(group__acronym="MJ-MIGRACION", number="1/SO-1")
    url = f"/api/v1/acuerdos/{acuerdo.pk}/"
    response = client.patch(url, {"text": "Nuevo"}, format="json", HTTP_IF_MATCH=client.get(url)["ETag"])
    assert response.status_code == 400
    assert "approved" in response.json()["detail"]


def test_it_does_not_let_an_enlace_edit_acuerdos(demo):
    client = client_for("enlace.fgr")
    acuerdo = Acuerdo.objects.filter(responsibilities__institution__acronym="FGR").first()
    url = f"/api/v1/acuerdos/{acuerdo.pk}/"
    response = client.patch(url, {"text": "Nuevo"}, format="json", HTTP_IF_MATCH=client.get(url)["ETag"])
    assert response.status_code == 403


@pytest.mark.parametrize("value", ["2.1857797993065734e+36", "1.5", str(10**20), "x"])
def test_it_answers_an_impossible_id_filter_with_a_400(demo, client, value):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="enlace.fgr"))
    response = client.get("/api/v1/acuerdos/", {"group": value}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "group" in response.json()["fields"]
