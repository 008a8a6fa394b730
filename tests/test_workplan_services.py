"""The work plan's services: lifecycle, versions, actividades, proposals with their history and
e-mail, the calendar planned through meetings.services.session_plan, and the derived progress
through linked acuerdos' report → validation flow."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from agreements.models import Responsibility
from followup import services as followup
from meetings.models import Session
from notifications.models import Notification
from workplan import services
from workplan.models import ActividadInstitution, Plan, PlanEvent, PlanVersion, Proposal
from workplan.progress import Progress
from workplan.selectors import plan_page

from .followup_helpers import pdf
from .workplan_data import held_acuerdo, plan_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return plan_world()


def test_it_creates_a_plan_once_per_group_and_year(w):
    with pytest.raises(ValidationError) as exc:
        services.plan_create(group=w["group"], year=2025, title="Otro", actor=w["secretaria"])
    assert "year" in exc.value.message_dict
    assert services.plan_create(group=w["group"], year=2026, title="Plan 2026").year == 2026
    assert PlanEvent.objects.filter(plan=w["plan"], kind=PlanEvent.Kind.CREATED).count() == 1


def test_it_refuses_consultation_of_an_empty_plan_and_sends_a_draft_with_actividades(w):
    empty = services.plan_create(group=w["group"], year=2030, title="Vacío")
    with pytest.raises(ValidationError):
        services.plan_submit_for_consultation(plan=empty)
    plan = services.plan_submit_for_consultation(plan=w["plan"], until=dt.date(2025, 6, 11),
                                                 actor=w["secretaria"])
    assert plan.status == Plan.Status.IN_CONSULTATION
    event = PlanEvent.objects.filter(plan=plan, kind=PlanEvent.Kind.STATUS).get()
    assert (event.old_value, event.new_value, event.actor) == (
        "draft", "in_consultation", w["secretaria"])
    with pytest.raises(ValidationError):
        services.plan_submit_for_consultation(plan=plan)


def test_it_approves_by_an_acuerdo_of_the_group_keeps_version_1_and_plans_the_calendar(w):
    plan = w["plan"]
    services.planned_session_add(plan=plan, date=dt.date(2025, 10, 7), ordinal=7,
                                 start_time=dt.time(11, 0))
    services.planned_session_add(plan=plan, date=dt.date(2025, 12, 2))  # the next number: 8
    acuerdo = held_acuerdo(w["group"], number=6)
    foreign = held_acuerdo(_group_of(w["other_secretaria"]), number=1)
    with pytest.raises(ValidationError):
        services.plan_approve(plan=plan, acuerdo=foreign)
    services.plan_approve(plan=plan, acuerdo=acuerdo, actor=w["secretaria"])
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED and plan.approved_by_acuerdo == acuerdo
    version = PlanVersion.objects.get(plan=plan)
    assert version.number == 1 and "6/SO-1" in version.reason
    assert [a["description"] for a in version.snapshot["ejes"][0]["actividades"]] == [
        "Actividad 1.1", "Actividad 1.2"]
    sessions = {s.number: s for s in w["group"].sessions.filter(number__in=[7, 8])}
    assert sessions[7].date == dt.date(2025, 10, 7) and sessions[7].start_time == dt.time(11, 0)
    assert sessions[8].status == Session.Status.PLANNED
    assert {e.session_id for e in plan.planned_sessions.all()} == {s.pk for s in sessions.values()}
    assert plan.calendar_acuerdo == acuerdo
    with pytest.raises(ValidationError):
        services.plan_approve(plan=plan, acuerdo=acuerdo)


def _group_of(user):
    from meetings.models import WorkingGroup

    return WorkingGroup.objects.get(secretariat=user)


@time_machine.travel("2025-06-10 12:00 -0600", tick=False)
def test_planning_the_calendar_sends_the_invitations_as_planning_one_session_does(
        w, django_capture_on_commit_callbacks):
    plan = w["plan"]
    services.planned_session_add(plan=plan, date=dt.date(2025, 8, 5), ordinal=6)
    acuerdo = held_acuerdo(w["group"], number=5, date=dt.date(2025, 6, 3))
    with django_capture_on_commit_callbacks(execute=True):
        planned = services.plan_approve_calendar(plan=plan, acuerdo=acuerdo,
                                                 actor=w["secretaria"])
    assert [s.number for s in planned] == [6]
    invitations = Notification.objects.filter(kind=Notification.Kind.INVITATION,
                                              session=planned[0])
    # The member institutions' enlace (the one with an e-mail) is invited.
    assert "enlace" + str(w["group"].pk) + "@example.org" in set(
        invitations.values_list("recipient_email", flat=True))
    with pytest.raises(ValidationError):
        services.plan_approve_calendar(plan=plan, acuerdo=acuerdo)


def test_a_proposed_session_the_group_already_has_is_matched_not_duplicated(w):
    existing = held_acuerdo(w["group"], number=5, date=dt.date(2025, 6, 3)).session
    services.planned_session_add(plan=w["plan"], date=existing.date, ordinal=5)
    planned = services.plan_approve_calendar(plan=w["plan"], acuerdo=existing.acuerdos.first())
    assert planned == []
    assert w["plan"].planned_sessions.get().session == existing
    assert w["group"].sessions.filter(number=5).count() == 1


def test_after_approval_a_change_needs_a_reason_and_keeps_a_new_version(w):
    plan = w["plan"]
    services.plan_approve(plan=plan, acuerdo=held_acuerdo(w["group"]), actor=w["secretaria"])
    actividad = w["actividades"][0]
    with pytest.raises(ValidationError) as exc:
        services.actividad_update(actividad=actividad, goal="3 talleres", actor=w["secretaria"])
    assert "reason" in exc.value.message_dict
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    services.actividad_update(actividad=actividad, goal="3 talleres", actor=w["secretaria"],
                              reason="Acuerdo 7/SO-2: se fija la meta")
    version = PlanVersion.objects.get(plan=plan, number=2)
    assert version.reason == "Acuerdo 7/SO-2: se fija la meta"
    assert version.created_by == w["secretaria"]
    assert version.snapshot["ejes"][0]["actividades"][0]["goal"] == "3 talleres"
    plan.refresh_from_db()
    assert plan.version == 2


def test_it_adds_moves_and_validates_actividades(w):
    eje = w["actividades"][0].eje
    with pytest.raises(ValidationError) as exc:
        services.actividad_add(eje=eje, description="X", start_date=dt.date(2025, 9, 1),
                               end_date=dt.date(2025, 8, 1))
    assert "end_date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.actividad_add(eje=eje, description="X", states=["ZZZ"])
    assert "states" in exc.value.message_dict
    third = services.actividad_add(eje=eje, description="Rutas locales", states=["VER", "OAX"])
    assert third.order == 3
    services.actividad_move(actividad=third, direction="up", actor=w["secretaria"])
    assert list(eje.actividades.order_by("order").values_list("description", flat=True)) == [
        "Actividad 1.1", "Rutas locales", "Actividad 1.2"]
    other = w["actividades"][2].eje
    moved = services.actividad_move(actividad=third, to_eje=other)
    assert moved.eje == other and moved.order == 3
    assert PlanEvent.objects.filter(kind=PlanEvent.Kind.MOVED, actividad=third).count() == 2


def test_all_institutions_gives_every_member_a_responsable_row(w):
    actividad = services.actividad_set_institutions(
        actividad=w["actividades"][0], all_institutions=True, actor=w["secretaria"])
    rows = ActividadInstitution.objects.filter(actividad=actividad)
    assert {r.institution for r in rows} == set(w["institutions"])
    assert {r.role for r in rows} == {"responsable"} and actividad.all_institutions
    with pytest.raises(ValidationError):
        services.actividad_set_institutions(actividad=actividad,
                                            responsables=[w["institutions"][0]],
                                            coadyuvantes=[w["institutions"][0]])


def test_an_enlace_proposes_and_the_secretariat_accepts_with_history_and_an_email(
        w, django_capture_on_commit_callbacks):
    actividad, institution = w["actividades"][1], w["institutions"][1]
    with pytest.raises(ValidationError):  # still a draft: proposals are closed
        services.proposal_create(actividad=actividad, institution=institution,
                                 role="coadyuvante", actor=w["enlace"])
    services.plan_submit_for_consultation(plan=w["plan"])
    proposal = services.proposal_create(actividad=actividad, institution=institution,
                                        role="coadyuvante", comment="Aportamos la guía",
                                        actor=w["enlace"])
    with pytest.raises(ValidationError):  # one pending per institution and actividad
        services.proposal_create(actividad=actividad, institution=institution,
                                 role="responsable", actor=w["enlace"])
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_accept(proposal=proposal, actor=w["secretaria"], note="Gracias")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.decided_by == w["secretaria"]
    part = ActividadInstitution.objects.get(actividad=actividad, institution=institution)
    assert part.role == "coadyuvante" and part.proposal == proposal
    kinds = list(PlanEvent.objects.filter(proposal=proposal).values_list("kind", flat=True))
    assert kinds == [PlanEvent.Kind.PROPOSAL, PlanEvent.Kind.ACCEPTED]
    mail = Notification.objects.get(object_key=f"proposal:{proposal.pk}")
    assert mail.recipient_email == w["enlace"].email and mail.kind == Notification.Kind.DECISION
    assert "aceptó" in mail.body_text and actividad.description in mail.body_text
    with pytest.raises(ValidationError):
        services.proposal_decline(proposal=proposal, note="tarde", actor=w["secretaria"])


def test_declining_needs_a_note_and_tells_the_enlace(w, django_capture_on_commit_callbacks):
    services.plan_submit_for_consultation(plan=w["plan"])
    proposal = services.proposal_create(actividad=w["actividades"][0],
                                        institution=w["institutions"][1], role="responsable",
                                        actor=w["enlace"])
    with pytest.raises(ValidationError):
        services.proposal_decline(proposal=proposal, note=" ", actor=w["secretaria"])
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decline(proposal=proposal, note="Ya la coordina otra institución",
                                  actor=w["secretaria"])
    assert not ActividadInstitution.objects.filter(institution=w["institutions"][1]).exists()
    mail = Notification.objects.get(object_key=f"proposal:{proposal.pk}")
    assert "Ya la coordina otra institución" in mail.body_text


@time_machine.travel("2025-10-15 12:00 -0600", tick=False)
def test_progress_follows_the_linked_acuerdos_report_and_validation(w):
    """sin iniciar → en proceso (a part reported) → concluida once validated; late while open
    past its end date."""
    actividad = w["actividades"][0]
    day = dt.date(2025, 10, 15)

    def progress():
        row = next(a for e in plan_page(w["plan"], day).ejes for a in e.items
                   if a.pk == actividad.pk)
        return row.progress_value, row.is_late

    assert progress() == (Progress.NOT_STARTED, True)
    acuerdo = held_acuerdo(w["group"], number=7, date=dt.date(2025, 9, 18),
                           responsables=[w["institutions"][1]], due_date=dt.date(2025, 11, 30))
    services.actividad_link_acuerdo(actividad=actividad, acuerdo=acuerdo, actor=w["secretaria"])
    assert progress() == (Progress.NOT_STARTED, True)
    part = acuerdo.responsibilities.get()
    report = followup.progress_report(responsibility=part, status=Responsibility.Status.REPORTED,
                                      comment="Entregado", files=[pdf()], actor=w["enlace"])
    assert progress() == (Progress.IN_PROGRESS, True)
    followup.report_validate(report=report, actor=w["secretaria"])
    assert progress() == (Progress.DONE, False)
    page = plan_page(w["plan"], day)
    assert page.counts.done == 1 and page.counts.late == len(w["actividades"]) - 1


def test_a_cancelled_actividad_needs_a_reason_and_counts_apart(w):
    with pytest.raises(ValidationError):
        services.actividad_cancel(actividad=w["actividades"][0], reason="")
    services.actividad_cancel(actividad=w["actividades"][0], reason="Sin presupuesto",
                              actor=w["secretaria"])
    page = plan_page(w["plan"], dt.date(2025, 7, 1))
    assert page.counts.cancelled == 1 and page.counts.pending == len(w["actividades"]) - 1
