"""Kinds of acuerdo: a commitment has parts to fulfil and reminders; an informational/approval
acuerdo ("se dan por enteradas", 5/SO-1 and 5/SO-4 of the demo) is fulfilled at adoption, has no
parts to report, reminds nobody, and still counts as adopted and fulfilled in the figures."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from agreements.models import Acuerdo, AcuerdoEvent, Responsibility
from agreements.services import acuerdo_change_kind
from followup import services
from followup.selectors import group_summary, overdue_matrix, parts_for
from notifications.models import Notification
from notifications.sweep import sweep
from reports.scope import build_scope
from reports.selectors import report_figures

from .factories import UserFactory, make_acuerdo, make_session
from .followup_helpers import user
from .notify_helpers import at, world
from .workspace_data import filled_session, secretariat_user

pytestmark = pytest.mark.django_db
INFO, COMMIT = Acuerdo.Kind.INFORMATIONAL, Acuerdo.Kind.COMMITMENT
HX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}


def _gttim(number):
    return Acuerdo.objects.get(group__acronym="GTTIM", number=number)


def test_it_marks_the_demo_acknowledgements_informational_and_fulfilled(demo):
    for number in ("5/SO-1", "5/SO-4"):
        acuerdo = _gttim(number)
        assert acuerdo.kind == INFO
        assert acuerdo.status == Acuerdo.Status.FULFILLED
        # It keeps its institutions for the minuta's Responsable column.
        assert acuerdo.all_institutions and acuerdo.responsibilities.exists()
    assert _gttim("5/SO-3").kind == COMMIT
    assert _gttim("5/SO-3").status != Acuerdo.Status.FULFILLED


def test_existing_and_new_acuerdos_are_commitments_unless_told():
    assert make_acuerdo().kind == COMMIT
    with pytest.raises(ValidationError):
        make_acuerdo(kind="promise")


def test_followup_services_refuse_an_informational_part(demo):
    informational = _gttim("5/SO-1").responsibilities.get(institution__acronym="FGR")
    commitment = _gttim("5/SO-3").responsibilities.get(institution__acronym="FGR")
    calls = [
        lambda part: services.progress_report(responsibility=part, status="reported",
                                              comment="Hecho", actor=user("enlace.fgr")),
        lambda part: services.fulfilment_record_on_behalf(responsibility=part, comment="Dicho",
                                                          actor=user("secretaria")),
        lambda part: services.due_date_request(responsibility=part, new_date=dt.date(2025, 7, 1),
                                               reason="Más tiempo", actor=user("enlace.fgr")),
    ]
    events = informational.events.count()
    for call in calls:
        with pytest.raises(ValidationError, match="informativo"):
            call(informational)
    assert informational.events.count() == events
    # Positive control: the same calls on a commitment's part go through.
    services.due_date_request(responsibility=commitment, new_date=dt.date(2025, 7, 1),
                              reason="Más tiempo", actor=user("enlace.fgr"))
    services.fulfilment_record_on_behalf(responsibility=commitment, comment="Dicho",
                                         actor=user("secretaria"))
    commitment.refresh_from_db()
    assert commitment.status == Responsibility.Status.FULFILLED


def test_mis_acuerdos_and_the_dashboard_leave_informational_parts_out(demo):
    day = dt.date(2025, 7, 1)  # after every 5/SO due date
    fgr = user("enlace.fgr")
    # Even with its parts open, an informational acuerdo is nobody's work.
    Responsibility.objects.filter(acuerdo__number="5/SO-1").update(
        status=Responsibility.Status.PENDING)
    numbers = set(parts_for(fgr, day).values_list("acuerdo__number", flat=True))
    assert "5/SO-3" in numbers and not numbers & {"5/SO-1", "5/SO-4"}
    # Turned into a commitment, its open parts show up again as overdue (positive control).
    gttim = Acuerdo.objects.get(number="5/SO-3").group
    groups = type(gttim).objects.filter(pk=gttim.pk)
    before = sum(r["total"] for r in overdue_matrix(groups, day))
    summary_before = group_summary(groups, day)[0]["overdue"]
    Acuerdo.objects.filter(number="5/SO-1").update(kind=COMMIT)
    members = _gttim("5/SO-1").responsibilities.filter(role="responsable").count()
    assert sum(r["total"] for r in overdue_matrix(groups, day)) == before + members
    assert group_summary(groups, day)[0]["overdue"] == summary_before + members
    assert "5/SO-1" in set(parts_for(fgr, day).values_list("acuerdo__number", flat=True))


def _sweep(day):
    with time_machine.travel(at(day.year, day.month, day.day, 9), tick=False):
        sweep(inline=True)


def test_it_sends_no_reminder_for_an_informational_acuerdo():
    due = dt.date(2026, 3, 31)
    _g, institutions, _e, session, commitment = world(due=due)
    informational = make_acuerdo(session, due_date=due, responsables=[institutions[0]], kind=INFO)
    _sweep(due)
    keys = set(Notification.objects.filter(kind=Notification.Kind.REMINDER)
               .values_list("object_key", flat=True))
    part = {a.pk: a.responsibilities.get().pk for a in (commitment, informational)}
    assert f"responsibility:{part[commitment.pk]}" in keys  # positive control
    assert f"responsibility:{part[informational.pk]}" not in keys


def test_the_informe_counts_it_adopted_and_fulfilled():
    session = make_session()
    commitment = make_acuerdo(session, due_date=dt.date(2025, 6, 30))
    make_acuerdo(session, due_date=dt.date(2025, 6, 30), kind=INFO)
    scope = build_scope(chosen_ids=[session.group_id], include_descendants=False,
                        start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31),
                        today=dt.date(2025, 7, 15))
    figures = report_figures(scope)
    assert figures["acuerdos"]["adopted"] == 2
    assert figures["acuerdos"]["fulfilled"] == 1
    assert figures["acuerdos"]["overdue"] == 1
    # Per institution only the commitment's part is to be fulfilled.
    assert [(r["parts"], r["fulfilled"]) for r in figures["institutions"]] == [(1, 0)]
    assert commitment.status_on(dt.date(2025, 7, 15)) == Acuerdo.Status.OVERDUE


def test_it_changes_kind_in_a_draft_with_a_history_row():
    acuerdo = make_acuerdo()
    actor = UserFactory()
    acuerdo_change_kind(acuerdo=acuerdo, kind=INFO, actor=actor)
    acuerdo.refresh_from_db()
    assert acuerdo.kind == INFO
    event = acuerdo.events.get(kind=AcuerdoEvent.Kind.KIND)
    assert (event.old_value, event.new_value, event.actor) == (COMMIT, INFO, actor)


# --- the session editor and the API ---------------------------------------------------------------


@pytest.fixture
def editor(client):
    session = filled_session(participants=2, items=1, acuerdos=1)
    client.force_login(secretariat_user(session.group))
    return client, session


def test_the_editor_adds_an_informational_acuerdo_and_shows_its_badge(editor):
    client, session = editor
    institution = session.group.member_institutions(on=session.date).first()
    response = client.post(f"/sessions/{session.pk}/acuerdos/", {
        "acuerdo-text": "Las instituciones se dan por enteradas.",
        "acuerdo-responsables": [str(institution.pk)], "acuerdo-kind": INFO}, **HX)
    assert response.status_code == 200, response.content[:500]
    acuerdo = session.acuerdos.get(sequence=2)
    assert acuerdo.kind == INFO
    assert response.content.decode().count('class="badge informational"') == 1
    # Without a kind (an older page) it is a commitment.
    client.post(f"/sessions/{session.pk}/acuerdos/", {
        "acuerdo-text": "Enviarán comentarios.",
        "acuerdo-responsables": [str(institution.pk)]}, **HX)
    assert session.acuerdos.get(sequence=3).kind == COMMIT


def test_the_editor_changes_the_kind_of_an_acuerdo(editor):
    from workspace.concurrency import PREFIX, token

    client, session = editor
    acuerdo = session.acuerdos.get(sequence=1)
    prefix = f"c{acuerdo.pk}"
    response = client.post(f"/sessions/{session.pk}/acuerdos/{acuerdo.pk}/", {
        f"{prefix}-text": acuerdo.text, f"{prefix}-kind": INFO,
        f"{prefix}-{PREFIX}text": token(acuerdo.text),
        f"{prefix}-{PREFIX}due_date": token(acuerdo.due_date)}, **HX)
    assert response.status_code == 200, response.content[:500]
    acuerdo.refresh_from_db()
    assert acuerdo.kind == INFO


def test_the_api_shows_and_changes_the_kind():
    session = make_session()
    acuerdo = make_acuerdo(session)
    secretaria = secretariat_user(session.group)
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(secretaria)
    url = f"/api/v1/acuerdos/{acuerdo.pk}/"
    read = api.get(url)
    assert read.json()["kind"] == COMMIT
    changed = api.patch(url, {"kind": INFO}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert changed.status_code == 200, changed.content
    assert changed.json()["kind"] == INFO and changed.json()["status"] == "fulfilled"
    refused = api.patch(url, {"kind": "promise"}, format="json")
    assert refused.status_code == 400
    # An enlace cannot change it (positive control above: the secretariat can).
    enlace = UserFactory()
    api.force_authenticate(enlace)
    assert api.patch(url, {"kind": COMMIT}, format="json").status_code in (403, 404)
    acuerdo.refresh_from_db()
    assert acuerdo.kind == INFO
