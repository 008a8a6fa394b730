"""The one rule of which acuerdos exist (agreements.models.adopted_q): a planned session's acuerdos
reach no enlace, no list, export, API, figure or reminder; once the session is marked held they
appear everywhere, marked "minuta por aprobar" until the minuta's first approval."""

import csv
import datetime as dt
import io

import pytest
import time_machine

from agreements.models import Acuerdo
from meetings import drafting
from meetings.models import Session
from meetings.services import minuta_approve_by, minuta_submit, minuta_open_revision
from notifications.models import Notification
from notifications.services import plan_reminders

from .factories import GroupFactory, InstitutionFactory, PersonFactory, UserFactory, make_acuerdo
from .factories import make_session

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 7, 1)
DUE = dt.date(2025, 6, 24)  # a week overdue on TODAY: counted, listed and reminded once adopted


@pytest.fixture
def world():
    institution = InstitutionFactory(acronym="FGR-P")
    group = GroupFactory(members=[institution, InstitutionFactory()])
    enlace = UserFactory(username="enlace.p")
    PersonFactory(institution=institution, is_enlace=True, user=enlace, email="enlace@fgr.example")
    secretary = UserFactory(username="sec.p")
    PersonFactory(user=secretary, institution=group.convening_institution)
    group.secretariat.add(secretary)
    coordinator = UserFactory(username="coord.p")
    PersonFactory(user=coordinator, institution=group.convening_institution)
    group.coordinators.add(coordinator)
    session = make_session(group=group, date=dt.date(2025, 6, 3))
    acuerdo = make_acuerdo(session, held=False, text="La FGR-P enviará el protocolo.",
                           due_date=DUE, responsables=[institution])
    return {"session": session, "acuerdo": acuerdo, "enlace": enlace, "secretary": secretary,
            "coordinator": coordinator, "group": group}


def _seen(client, world, user) -> dict:
    """What `user` sees of the acuerdo through every door."""
    acuerdo = world["acuerdo"]
    client.force_login(user)
    part_rows = client.get("/acuerdos/").context["page"].rows
    export = client.get("/acuerdos/exportar.csv")
    body = b"".join(export.streaming_content) if export.streaming else export.content
    exported = [r[0] for r in csv.reader(io.StringIO(body.decode("utf-8-sig")))][1:]
    api_list = client.get("/api/v1/acuerdos/").json()["results"]
    api_parts = client.get("/api/v1/responsibilities/").json()["results"]
    detail = client.get(f"/api/v1/acuerdos/{acuerdo.pk}/")
    page = client.get(f"/acuerdos/{acuerdo.pk}/")
    return {
        "mis_acuerdos": [r.acuerdo.number for r in part_rows],
        "badges": [r.acuerdo.is_provisional for r in part_rows],
        "export": exported,
        "api": [(a["number"], a["provisional"]) for a in api_list],
        "api_parts": [p["acuerdo"] for p in api_parts],
        "api_detail": detail.status_code,
        "api_detail_provisional": detail.json().get("provisional"),
        "page": page.status_code,
        "page_badge": "badge in_review provisional" in page.content.decode(),
    }


def _figures(client, world) -> dict:
    client.force_login(world["coordinator"])
    dashboard = client.get("/coordinacion/").context
    compliance = client.get("/coordinacion/cumplimiento/?start=2025-01-01&end=2025-12-31").context
    figures = client.get("/api/v1/acuerdos/figures/").json()
    return {
        "overdue": sum(row["overdue"] for row in dashboard["summary"]),
        "adopted": sum(row["adopted"] for row in compliance["by_group"]),
        "adopted_by_institution": sum(row["adopted"] for row in compliance["by_institution"]),
        "api_total": figures["total"],
        "api_overdue": figures["overdue"],
    }


def _mark_held(world):
    drafting.session_update(session=world["session"], actor=world["secretary"],
                            status=Session.Status.HELD)


@time_machine.travel("2025-07-01 10:00 -06:00", tick=False)
def test_it_keeps_a_planned_sessions_acuerdo_from_everyone_but_the_editor(client, world):
    number = world["acuerdo"].number
    seen = _seen(client, world, world["enlace"])
    assert seen["mis_acuerdos"] == [] and seen["export"] == [] and seen["api"] == []
    assert seen["api_parts"] == [] and seen["api_detail"] == 404 and seen["page"] == 404
    assert _figures(client, world) == {"overdue": 0, "adopted": 0, "adopted_by_institution": 0,
                                       "api_total": 0, "api_overdue": 0}
    drafts, _skipped = plan_reminders(today=TODAY)
    assert drafts == []
    # The secretariat still drafts it in the session editor.
    client.force_login(world["secretary"])
    editor = client.get(f"/sessions/{world['session'].pk}/")
    assert [a.number for a in editor.context["acuerdos"]] == [number]

    # Positive control: the same acuerdo, the session marked held.
    _mark_held(world)
    seen = _seen(client, world, world["enlace"])
    assert seen["mis_acuerdos"] == [number] and seen["badges"] == [True]
    assert seen["export"] == [number] and seen["api"] == [(number, True)]
    assert seen["api_parts"] == [world["acuerdo"].pk]
    assert seen["api_detail"] == 200 and seen["api_detail_provisional"] is True
    assert seen["page"] == 200 and seen["page_badge"]
    assert _figures(client, world) == {"overdue": 1, "adopted": 1, "adopted_by_institution": 1,
                                       "api_total": 1, "api_overdue": 1}
    drafts, _skipped = plan_reminders(today=TODAY)
    assert {(d.kind, d.recipient_email) for d in drafts} >= {
        (Notification.Kind.REMINDER, "enlace@fgr.example")}


@time_machine.travel("2025-07-01 10:00 -06:00", tick=False)
def test_the_badge_goes_once_the_minuta_is_first_approved_and_stays_gone(client, world):
    _mark_held(world)
    minuta_submit(session=world["session"], user=world["secretary"])
    assert _seen(client, world, world["enlace"])["badges"] == [True]  # in review: provisional
    minuta_approve_by(session=world["session"], user=world["coordinator"])
    seen = _seen(client, world, world["enlace"])
    assert seen["badges"] == [False] and seen["api"] == [(world["acuerdo"].number, False)]
    assert seen["api_detail_provisional"] is False and not seen["page_badge"]
    # A correction reopens the minuta, but its acuerdos' numbers stay as approved.
    minuta_open_revision(session=Session.objects.get(pk=world["session"].pk),
                         user=world["secretary"], reason="Errata en un nombre")
    assert _seen(client, world, world["enlace"])["badges"] == [False]


@time_machine.travel("2025-07-01 10:00 -06:00", tick=False)
def test_a_cancelled_session_adopted_nothing(client, world):
    _mark_held(world)
    assert Acuerdo.objects.adopted().count() == 1  # positive control
    drafting.session_update(session=world["session"], actor=world["secretary"],
                            status=Session.Status.CANCELLED)
    assert _seen(client, world, world["enlace"])["mis_acuerdos"] == []
    assert _figures(client, world)["adopted"] == 0
    assert plan_reminders(today=TODAY)[0] == []


@time_machine.travel("2025-07-01 10:00 -06:00", tick=False)
def test_sending_the_minuta_to_review_marks_a_planned_session_held(client, world):
    assert _seen(client, world, world["enlace"])["mis_acuerdos"] == []
    minuta_submit(session=world["session"], user=world["secretary"])
    session = Session.objects.get(pk=world["session"].pk)
    assert session.status == Session.Status.HELD
    event = session.minuta_events.get(new_value=Session.Status.HELD)
    assert (event.actor, event.old_value) == (world["secretary"], Session.Status.PLANNED)
    seen = _seen(client, world, world["enlace"])
    assert seen["mis_acuerdos"] == [world["acuerdo"].number] and seen["badges"] == [True]
