"""Permission matrix of the work plan pages and actions (tracker/access.py, "Work plans").

The object under test is the demo's GTTIM 2025 plan, in consultation. Personas: anonymous;
enlace.fgr and enlace.upmrip (enlaces of member institutions); enlace.sre (enlace of an
institution that is not a member of GTTIM); secretaria (GTTIM's secretariat); secretaria.mj
(secretariat of another group); coordinador (GTTIM's coordinator); admin (staff).

Every action is tried by every persona inside a savepoint that is rolled back; each action has
personas that succeed (the positive control) and the effect is checked both ways: denied requests
change nothing, accepted ones change the plan's state.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from agreements.models import Acuerdo
from directory.models import Institution, Person
from workplan import services
from workplan.models import ActividadAcuerdo, Plan, PlanEvent, Proposal

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "enlace.fgr", "enlace.upmrip", "enlace.sre", "secretaria",
            "secretaria.mj", "coordinador", "admin"]
LOGIN, OK, DONE, NOT_FOUND = "login", "ok", "done", "404"


def matrix(anonymous, fgr, upmrip, sre, sec, sec_mj, coord, admin):
    return dict(zip(PERSONAS, [anonymous, fgr, upmrip, sre, sec, sec_mj, coord, admin]))


READERS = matrix(LOGIN, OK, OK, NOT_FOUND, OK, NOT_FOUND, OK, OK)
DRAFT_READERS = matrix(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, OK)
MEMBER_ENLACES = matrix(LOGIN, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
PROPOSERS = matrix(LOGIN, DONE, DONE, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
OWN_PROPOSAL = matrix(LOGIN, DONE, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND,
                      NOT_FOUND)
SECRETARIAT = matrix(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, DONE, NOT_FOUND, NOT_FOUND, DONE)
SECRETARIAT_READ = matrix(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK)


@pytest.fixture
def world(demo):
    from .workplan_data import enlace_of

    sre = Institution.objects.create(acronym="SRE", name="Secretaría de Relaciones Exteriores")
    enlace_of(sre, "enlace.sre")
    users = {u.username: u for u in get_user_model().objects.all()}
    plan = Plan.objects.get(group__acronym="GTTIM", year=2025)
    actividad = plan.actividades.get(eje__order=2, order=2)
    draft = services.plan_create(group=plan.group, year=2026, title="Plan 2026")
    acuerdo = Acuerdo.objects.get(group=plan.group, number="5/SO-5")
    return {"users": users, "plan": plan, "actividad": actividad, "draft": draft,
            "acuerdo": acuerdo}


def _fgr_proposal(w):
    return services.proposal_create(
        actividad=w["actividad"], institution=Institution.objects.get(acronym="FGR"),
        role="coadyuvante", comment="Aportamos", actor=w["users"]["enlace.fgr"])


def _state(w):
    plan = Plan.objects.get(pk=w["plan"].pk)
    return (plan.status, PlanEvent.objects.filter(plan=plan).count(),
            list(Proposal.objects.filter(actividad__plan=plan).order_by("pk")
                 .values_list("status", flat=True)),
            ActividadAcuerdo.objects.count())


def _plan_url(w, c):
    return f"/grupos/{w['plan'].group_id}/plan/2025/"


# action: (expected, setup(world) -> ctx, method, url(world, ctx), data(world, ctx))
ACTIONS = {
    "plan_page": (READERS, None, "get", _plan_url, None),
    "draft_plan_page": (DRAFT_READERS, None, "get",
                        lambda w, c: f"/grupos/{w['plan'].group_id}/plan/2026/", None),
    "group_plans": (READERS, None, "get",
                    lambda w, c: f"/grupos/{w['plan'].group_id}/planes/", None),
    "propose_page": (MEMBER_ENLACES, None, "get",
                     lambda w, c: f"/planes/{w['plan'].pk}/proponer/", None),
    "propose": (PROPOSERS, None, "post", lambda w, c: f"/planes/{w['plan'].pk}/proponer/",
                lambda w, c: {"actividad": w["actividad"].pk,
                              f"p{w['actividad'].pk}-role": "coadyuvante",
                              f"p{w['actividad'].pk}-comment": "Podemos aportar"}),
    "withdraw": (OWN_PROPOSAL, _fgr_proposal, "post",
                 lambda w, c: f"/planes/propuestas/{c.pk}/retirar/", lambda w, c: {}),
    "queue": (SECRETARIAT_READ, None, "get", lambda w, c: f"/planes/{w['plan'].pk}/propuestas/",
              None),
    "accept": (SECRETARIAT, _fgr_proposal, "post",
               lambda w, c: f"/planes/propuestas/{c.pk}/decidir/",
               lambda w, c: {"action": "accept", f"d{c.pk}-note": ""}),
    "decline": (SECRETARIAT, _fgr_proposal, "post",
                lambda w, c: f"/planes/propuestas/{c.pk}/decidir/",
                lambda w, c: {"action": "decline", f"d{c.pk}-note": "Ya está cubierta"}),
    "approve": (SECRETARIAT, None, "post", lambda w, c: f"/planes/{w['plan'].pk}/aprobar/",
                lambda w, c: {"a-acuerdo": w["acuerdo"].pk}),
    "add_eje": (SECRETARIAT, None, "post", lambda w, c: f"/planes/{w['plan'].pk}/ejes/",
                lambda w, c: {"e-title": "Eje nuevo"}),
    "link_acuerdo": (SECRETARIAT, None, "post",
                     lambda w, c: f"/acuerdos/{w['acuerdo'].pk}/actividades/",
                     lambda w, c: {"actividades": [w["actividad"].pk]}),
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_it_gives_each_persona_exactly_the_intended_result(action, world, client):
    expected, setup, method, url, data = ACTIONS[action]
    assert {LOGIN, NOT_FOUND} & set(expected.values()), "every action has a denial"
    assert {OK, DONE} & set(expected.values()), "every denial has a positive control"
    got = {}
    for persona in PERSONAS:
        with transaction.atomic():
            ctx = setup(world) if setup else None
            before = _state(world)
            client.logout()
            if persona != "anonymous":
                client.force_login(world["users"][persona])
            target = url(world, ctx)
            response = client.get(target) if method == "get" else client.post(
                target, data(world, ctx))
            after = _state(world)
            if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
                got[persona] = LOGIN
            elif response.status_code == 404:
                got[persona] = NOT_FOUND
            elif method == "post" and response.status_code == 302:
                got[persona] = DONE
            elif method == "get" and response.status_code == 200:
                got[persona] = OK
            else:
                got[persona] = f"unexpected {response.status_code}"
            if method == "post":
                assert (after != before) == (got[persona] == DONE), (persona, before, after)
            transaction.set_rollback(True)
    assert got == expected


def test_an_enlace_proposes_only_their_own_institution(world, client):
    """A forged institution field is ignored: enlace.upmrip's proposal is UPMRIP's, and the
    positive control: enlace.fgr's is FGR's."""
    actividad = world["actividad"]
    fgr = Institution.objects.get(acronym="FGR")
    for username, acronym in (("enlace.upmrip", "UPMRIP"), ("enlace.fgr", "FGR")):
        client.force_login(world["users"][username])
        response = client.post(f"/planes/{world['plan'].pk}/proponer/", {
            "actividad": actividad.pk, "institution": fgr.pk,
            f"p{actividad.pk}-role": "responsable"})
        assert response.status_code == 302
        assert Proposal.objects.filter(actividad=actividad, proposed_by__username=username) \
            .get().institution.acronym == acronym


def test_an_enlace_sees_only_their_institutions_proposals(world, client):
    """enlace.upmrip's proposal page lists UPMRIP's proposals (demo: one accepted on 1.1), never
    OIM's or FGR's."""
    _fgr_proposal(world)
    client.force_login(world["users"]["enlace.upmrip"])
    body = client.get(f"/planes/{world['plan'].pk}/proponer/").content.decode()
    assert "Su propuesta como Responsable: Aceptada" in body
    assert "Su propuesta como Coadyuvante" not in body  # FGR's and OIM's stay hidden
    client.force_login(world["users"]["enlace.fgr"])
    body = client.get(f"/planes/{world['plan'].pk}/proponer/").content.decode()
    assert "Su propuesta como Coadyuvante: Pendiente" in body
    assert "Su propuesta como Responsable" not in body


def test_proposals_close_when_the_plan_leaves_consultation(world, client):
    plan = world["plan"]
    services.plan_approve(plan=plan, acuerdo=world["acuerdo"], schedule_calendar=False)
    client.force_login(world["users"]["enlace.fgr"])
    assert client.get(f"/planes/{plan.pk}/proponer/").status_code == 404
    assert client.get(f"/grupos/{plan.group_id}/plan/2025/").status_code == 200
    assert Person.objects.get(user__username="enlace.fgr").institution.acronym == "FGR"
