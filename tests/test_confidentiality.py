"""Confidentiality, one rule (tracker.access, docs/access.md): a minuta in draft or in review only
for the group's secretariat, reviewers (coordinators) and staff; approved, for the group's members
too; another institution's follow-up never for an enlace. Every denial is paired with a persona
that gets through (the positive control), and writes that are refused leave the state unchanged."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from agreements.models import Responsibility
from followup import services
from followup.models import DueDateRequest, Evidence, ProgressReport
from meetings.models import Session
from meetings.services import minuta_open_revision

from .factories import GroupFactory, InstitutionFactory, PersonFactory, UserFactory, make_acuerdo
from .factories import make_session
from .followup_helpers import pdf

pytestmark = pytest.mark.django_db


def _status(client, user, url):
    client.logout()
    client.force_login(user)
    return client.get(url).status_code


@pytest.fixture
def mesa(demo):
    users = {u.username: u for u in get_user_model().objects.all()}
    sessions = {s.code: s for s in Session.objects.filter(group__acronym="MJ-MIGRACION")}
    in_review = sessions["3/SO"]
    Session.objects.filter(pk=in_review.pk).update(meeting_id="845 1122 9900", passcode="Zx81q")
    assert in_review.minuta_status == Session.MinutaStatus.IN_REVIEW
    assert sessions["1/SO"].minuta_status == Session.MinutaStatus.APPROVED
    return {"users": users, "in_review": in_review, "approved": sessions["1/SO"]}


def test_an_unapproved_minuta_is_read_only_by_secretariat_reviewers_and_staff(client, mesa):
    users, session = mesa["users"], mesa["in_review"]
    doors = [f"/sessions/{session.pk}/", f"/minutas/{session.pk}/docx",
             f"/api/v1/sessions/{session.pk}/"]
    for door in doors:
        # enlace.fgr's institution is a member of the group: still no draft for them.
        assert _status(client, users["enlace.fgr"], door) == 404, door
        assert _status(client, users["enlace.upmrip"], door) == 404, door
        assert _status(client, users["secretaria"], door) == 404, door  # another group's
        for reader in ("secretaria.mj", "coordinador", "admin"):  # positive controls
            assert _status(client, users[reader], door) == 200, (reader, door)
    assert _status(client, users["enlace.fgr"], f"/minutas/{session.pk}/pdf") == 404
    client.force_login(users["coordinador"])
    preview = client.get(f"/minutas/{session.pk}/pdf")
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    body = client.get(f"/api/v1/sessions/{session.pk}/").json()
    assert body["passcode"] == "Zx81q"  # the reviewer reads what the enlace may not
    client.force_login(users["enlace.fgr"])
    listed = [s["id"] for s in client.get("/api/v1/sessions/?page_size=100").json()["results"]]
    assert session.pk not in listed and mesa["approved"].pk in listed
    page = client.get(f"/groups/{session.group_id}/").content.decode()
    assert f'href="/sessions/{session.pk}/"' not in page
    assert f'href="/sessions/{mesa["approved"].pk}/"' in page


def test_an_approved_minuta_is_read_by_the_groups_members(client, mesa):
    users, session = mesa["users"], mesa["approved"]
    for door in (f"/sessions/{session.pk}/", f"/api/v1/sessions/{session.pk}/",
                 f"/minutas/{session.pk}/pdf"):
        assert _status(client, users["enlace.fgr"], door) == 200, door
        assert _status(client, users["secretaria"], door) == 404, door  # not of the group


def test_a_correction_keeps_the_approved_revision_for_members_but_not_the_new_draft(
        client, mesa):
    users, session = mesa["users"], mesa["approved"]
    client.force_login(users["enlace.fgr"])
    assert client.get(f"/minutas/{session.pk}/pdf").status_code == 200  # stores revision 1
    stored = session.documents.get(revision=1, format="pdf")
    minuta_open_revision(session=session, user=users["secretaria.mj"], reason="Errata")
    assert _status(client, users["enlace.fgr"], f"/sessions/{session.pk}/") == 404
    assert _status(client, users["enlace.fgr"], f"/minutas/{session.pk}/docx") == 404
    assert _status(client, users["enlace.fgr"], f"/sessions/{session.pk}/revisions/1/") == 200
    assert _status(client, users["enlace.fgr"], f"/minutas/files/{stored.pk}") == 200
    assert _status(client, users["secretaria"], f"/minutas/files/{stored.pk}") == 404
    assert _status(client, users["secretaria.mj"], f"/sessions/{session.pk}/") == 200


@pytest.fixture
def shared():
    """One acuerdo two institutions share: A answers for it, B helps; each has an enlace."""
    a, b = InstitutionFactory(acronym="INST-A"), InstitutionFactory(acronym="INST-B")
    group = GroupFactory(members=[a, b])
    enlace_a, enlace_b = UserFactory(username="enlace.a"), UserFactory(username="enlace.b")
    PersonFactory(institution=a, is_enlace=True, user=enlace_a)
    PersonFactory(institution=b, is_enlace=True, user=enlace_b)
    coordinator = UserFactory(username="coord.ab")
    group.coordinators.add(coordinator)
    session = make_session(group=group, date=dt.date(2025, 6, 3))
    acuerdo = make_acuerdo(session, due_date=dt.date(2026, 6, 30), responsables=[a],
                           coadyuvantes=[b])
    part_a = acuerdo.responsibilities.get(institution=a)
    part_b = acuerdo.responsibilities.get(institution=b)
    report = services.progress_report(
        responsibility=part_a, status=Responsibility.Status.IN_PROGRESS,
        comment="Oficio reservado de A", files=[pdf("oficio-a.pdf")], actor=enlace_a)
    request = services.due_date_request(responsibility=part_a, new_date=dt.date(2026, 8, 1),
                                        reason="Motivo interno de A", actor=enlace_a)
    return {"acuerdo": acuerdo, "a": enlace_a, "b": enlace_b, "coordinator": coordinator,
            "staff": UserFactory(username="staff.ab", is_staff=True),
            "part_a": part_a, "part_b": part_b, "report": report, "request": request,
            "evidence": Evidence.objects.get(report=report)}


def test_another_institutions_follow_up_is_never_shown_to_an_enlace(client, shared):
    acuerdo, evidence = shared["acuerdo"], shared["evidence"]
    # Staff too: their scope is "everything", written Q(), which an OR with the acuerdo's own
    # rows once swallowed (Q(x) | Q() is Q(x)), hiding every part's follow-up from staff.
    for user, sees in ((shared["b"], False), (shared["a"], True), (shared["coordinator"], True),
                       (shared["staff"], True)):
        client.force_login(user)
        page = client.get(f"/acuerdos/{acuerdo.pk}/")
        assert page.status_code == 200  # the acuerdo itself is B's too
        html = page.content.decode()
        assert ("Oficio reservado de A" in html) is sees
        assert ("Motivo interno de A" in html) is sees
        assert (shared["report"] in page.context["page"].reports) is sees
        assert client.get(f"/acuerdos/evidencias/{evidence.pk}/").status_code == (
            200 if sees else 404)
        reports = [r["id"] for r in client.get("/api/v1/reports/").json()["results"]]
        assert (shared["report"].pk in reports) is sees
        requests = [r["id"] for r in client.get("/api/v1/due-date-requests/").json()["results"]]
        assert (shared["request"].pk in requests) is sees
        assert client.get(f"/api/v1/reports/{shared['report'].pk}/").status_code == (
            200 if sees else 404)
        assert client.get(f"/api/v1/evidence/{evidence.pk}/").status_code == (
            200 if sees else 404)
        history = client.get(f"/api/v1/acuerdos/{acuerdo.pk}/").json()["history"]
        assert any("Oficio reservado de A" in (e["note"] + e["new_value"]) for e in history) is sees
        client.logout()


def test_an_enlace_cannot_write_on_another_institutions_part(client, shared):
    before = (ProgressReport.objects.count(), DueDateRequest.objects.count(),
              Responsibility.objects.get(pk=shared["part_a"].pk).status)
    client.force_login(shared["b"])
    url = f"/acuerdos/partes/{shared['part_a'].pk}/informe/"
    data = {f"r{shared['part_a'].pk}-status": "reported", f"r{shared['part_a'].pk}-comment": "x"}
    assert client.post(url, data).status_code == 404
    # The API says 403 where the reader may see the acuerdo but not write on the part.
    assert client.post(f"/api/v1/responsibilities/{shared['part_a'].pk}/reports/",
                       {"status": "reported", "comment": "x"}).status_code in (403, 404)
    assert (ProgressReport.objects.count(), DueDateRequest.objects.count(),
            Responsibility.objects.get(pk=shared["part_a"].pk).status) == before
    # Positive control: B reports on B's own part.
    own = f"r{shared['part_b'].pk}"
    response = client.post(f"/acuerdos/partes/{shared['part_b'].pk}/informe/",
                           {f"{own}-status": "in_progress", f"{own}-comment": "avance de B"})
    assert response.status_code in (200, 302)
    assert ProgressReport.objects.count() == before[0] + 1
