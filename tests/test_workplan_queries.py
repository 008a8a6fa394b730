"""The plan page's query count does not grow with the plan: ejes, actividades, institutions,
linked acuerdos, proposals and the calendar are each read once."""

import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workplan import services

from .workplan_data import held_acuerdo, plan_world


def _grow(w, *, acuerdos):
    """Coadyuvantes, linked acuerdos, proposals and calendar entries on every actividad."""
    services.plan_submit_for_consultation(plan=w["plan"])
    for n, actividad in enumerate(w["actividades"]):
        services.actividad_set_institutions(
            actividad=actividad, responsables=[w["institutions"][0]],
            coadyuvantes=[w["institutions"][2]])
        for k in range(acuerdos):
            acuerdo = held_acuerdo(w["group"], number=6 + k, date=dt.date(2025, 8, 5 + k),
                                   text=f"Acuerdo {n}.{k}")
            services.actividad_link_acuerdo(actividad=actividad, acuerdo=acuerdo)
        services.proposal_create(actividad=actividad, institution=w["institutions"][1],
                                 role="coadyuvante", actor=w["enlace"])
    for k in range(3):
        services.planned_session_add(plan=w["plan"], date=dt.date(2025, 9, 1 + k))


def _count(client, plan):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/grupos/{plan.group_id}/plan/{plan.year}/")
    assert response.status_code == 200
    return len(queries), response


@time_machine.travel("2025-10-15 12:00 -0600", tick=False)
def test_it_renders_the_plan_page_in_the_same_number_of_queries_for_small_and_big_plans(
        client, db, django_assert_num_queries):
    small = plan_world(ejes=1, actividades_per_eje=1)
    big = plan_world(ejes=3, actividades_per_eje=5, members=6, year=2026)
    _grow(small, acuerdos=1)
    _grow(big, acuerdos=3)
    user = small["secretaria"]
    big["group"].secretariat.add(user)
    client.force_login(user)
    small_count, _ = _count(client, small["plan"])
    with django_assert_num_queries(small_count):
        _c, response = _count(client, big["plan"])
    assert response.content.count(b'id="actividad-') == 15  # the rows are really there
    # 16: session, user, the user's directory entry (enlace?) (3); the plan (1); actividades with
    # their derived progress, their institutions, their linked acuerdos with status, ejes,
    # pending proposals, calendar, acuerdos about the plan (7); can the user edit it (1); the
    # acuerdos that may approve it, the history (2); the top bar's "follows a group?" and the
    # enlace check of the proposals link (2).
    assert small_count <= 16
