"""The work plan API's lists and details cost the same number of queries whatever the plan's
size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from api.tokens import token_issue
from workplan import services

from .factories import make_acuerdo, make_session
from .workplan_docs_data import plan_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = plan_world()
    services.plan_submit_for_consultation(plan=world.plan, actor=world.secretary)
    return world


def _client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)[1]}")
    assert client.get("/api/v1/plans/").status_code == 200  # records the token's first use
    return client


def _grow(world, n):
    """n more actividades per eje, each with institutions, a linked acuerdo and a proposal."""
    session = make_session(group=world.group, date=dt.date(2025, 8, 5))
    for eje in world.ejes:
        for i in range(n):
            actividad = services.actividad_add(
                eje=eje, description=f"Actividad {eje.pk}-{i}",
                responsables=[world.institutions["INM"]],
                coadyuvantes=[world.institutions["OIM"], world.institutions["UNODC"]],
                actor=world.secretary)
            acuerdo = make_acuerdo(session=session, responsables=[world.institutions["INM"]])
            services.actividad_link_acuerdo(actividad=actividad, acuerdo=acuerdo,
                                            actor=world.secretary)
            services.proposal_create(actividad=actividad, institution=world.institutions["FGR"],
                                     role="coadyuvante", actor=world.enlace_fgr)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


# Every request starts with the token, read with its user, the user's directory entry (are they an
# enlace?) and its institution (an enlace's scope) in one query (api.tokens.token_find).
URLS = {
    # token+user+person, page of actividades with progress, their
    # institutions, their linked adopted acuerdos
    "actividades": "/api/v1/actividades/?page_size=100",
    # token+user+person, page of plans (with group)
    "plans": "/api/v1/plans/",
    # token+user+person, access check, plan (+group), ejes, their actividades' ids, calendar
    "plan": "/api/v1/plans/{plan}/",
    # token+user+person, access check, ejes, actividades with progress, their institutions
    "progress": "/api/v1/plans/{plan}/progress/",
    # token+user+person, page of ejes, their actividades' ids
    "ejes": "/api/v1/ejes/?page_size=100",
    # token+user+person, page of proposals (+institution, actividad)
    "proposals": "/api/v1/proposals/?page_size=100",
}
EXPECTED = {"actividades": 4, "plans": 2, "plan": 6, "progress": 5, "ejes": 3, "proposals": 2}


@pytest.mark.parametrize("name", list(URLS))
def test_it_answers_in_a_constant_number_of_queries(world, name):
    for user in (world.secretary, world.enlace_fgr):
        client = _client(user)
        url = URLS[name].format(plan=world.plan.pk)
        small = _count(client, url)
        if user == world.secretary:
            assert small == EXPECTED[name], name
    _grow(world, 6)
    for user in (world.secretary, world.enlace_fgr):
        client = _client(user)
        url = URLS[name].format(plan=world.plan.pk)
        assert _count(client, url) <= EXPECTED[name]  # an enlace's institution came with the token
    secretary = _client(world.secretary)
    assert _count(secretary, URLS[name].format(plan=world.plan.pk)) == EXPECTED[name]


def test_the_actividad_detail_is_constant_too(world):
    client = _client(world.secretary)
    url = f"/api/v1/actividades/{world.actividades[0].pk}/"
    before = _count(client, url)
    _grow(world, 3)
    for actividad in world.plan.actividades.all()[:3]:
        services.actividad_link_acuerdo(
            actividad=world.actividades[0], actor=world.secretary,
            acuerdo=actividad.acuerdo_links.first().acuerdo if actividad.acuerdo_links.exists()
            else make_acuerdo(session=make_session(group=world.group)))
    assert _count(client, url) == before
