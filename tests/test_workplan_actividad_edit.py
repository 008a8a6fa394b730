"""The secretariat edits one actividad: text, dates, responsables and coadyuvantes on one page,
and cancels it with a reason. Bad input: 400, a message, what was typed kept, nothing saved.
Every denial is paired with the secretariat's positive control."""

import pytest

from workplan import services
from workplan.models import ActividadInstitution, PlanEvent

from .workplan_data import held_acuerdo, plan_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return plan_world()


def _url(actividad, what="editar"):
    return f"/planes/actividades/{actividad.pk}/{what}/"


def _post(w, actividad, **extra):
    first, second, third = w["institutions"]
    data = {"x-description": "Resumen ejecutivo del diagnóstico", "x-entregable": "Documento",
            "x-start_date": "2025-06-01", "x-end_date": "2025-10-31",
            "i-responsables": [str(second.pk)], "i-coadyuvantes": [str(third.pk)]}
    data.update(extra)
    return data


def test_it_saves_text_dates_and_institutions_in_one_go(client, w):
    actividad = w["actividades"][0]
    first, second, third = w["institutions"]
    client.force_login(w["secretaria"])
    page = client.get(_url(actividad))
    assert page.status_code == 200 and "Actividad 1.1" in page.content.decode()
    response = client.post(_url(actividad), _post(w, actividad))
    assert response.status_code == 302 and response["Location"].endswith(f"#actividad-{actividad.pk}")
    actividad.refresh_from_db()
    assert actividad.description == "Resumen ejecutivo del diagnóstico"
    parts = dict(actividad.institutions.values_list("institution__acronym", "role"))
    assert parts == {second.acronym: "responsable", third.acronym: "coadyuvante"}
    kinds = set(PlanEvent.objects.filter(actividad=actividad).values_list("kind", flat=True))
    assert {PlanEvent.Kind.ACTIVIDAD, PlanEvent.Kind.INSTITUTIONS} <= kinds


def test_it_keeps_what_was_typed_when_dates_are_out_of_order(client, w):
    actividad = w["actividades"][0]
    client.force_login(w["secretaria"])
    response = client.post(_url(actividad), _post(w, actividad, **{
        "x-start_date": "2025-11-01", "x-end_date": "2025-10-01"}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "La fecha de término es anterior a la de inicio." in body
    assert "Resumen ejecutivo del diagnóstico" in body
    actividad.refresh_from_db()
    assert actividad.description == "Actividad 1.1"  # nothing saved, institutions neither
    assert list(actividad.institutions.values_list("role", flat=True)) == ["responsable"]


def test_it_refuses_one_institution_in_both_roles_and_saves_nothing(client, w):
    actividad = w["actividades"][0]
    second = w["institutions"][1]
    client.force_login(w["secretaria"])
    response = client.post(_url(actividad), _post(w, actividad, **{
        "i-coadyuvantes": [str(second.pk)]}))
    assert response.status_code == 400
    assert "no puede ser responsable y coadyuvante" in response.content.decode()
    actividad.refresh_from_db()
    assert actividad.description == "Actividad 1.1"


def test_an_approved_plan_needs_a_reason_and_gets_one_version_per_edit(client, w):
    plan, actividad = w["plan"], w["actividades"][0]
    services.plan_approve(plan=plan, acuerdo=held_acuerdo(w["group"]), actor=w["secretaria"],
                          schedule_calendar=False)
    plan.refresh_from_db()
    version = plan.version
    client.force_login(w["secretaria"])
    response = client.post(_url(actividad), _post(w, actividad))
    assert response.status_code == 400
    assert "El plan está aprobado: indique el motivo del cambio." in response.content.decode()
    response = client.post(_url(actividad), _post(w, actividad, **{
        "x-reason": "Acuerdo 6/SO-2: la FGR coadyuva"}))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.version == version + 1  # text and institutions changed: one version
    assert plan.versions.get(number=plan.version).reason == "Acuerdo 6/SO-2: la FGR coadyuva"


def test_it_cancels_with_a_reason_only(client, w):
    actividad = w["actividades"][1]
    client.force_login(w["secretaria"])
    response = client.post(_url(actividad, "cancelar"), {"k-reason": ""})
    assert response.status_code == 400
    actividad.refresh_from_db()
    assert actividad.cancelled_at is None
    response = client.post(_url(actividad, "cancelar"), {"k-reason": "Lo atiende otro grupo."})
    assert response.status_code == 302
    actividad.refresh_from_db()
    assert actividad.cancelled_at and actividad.cancel_reason == "Lo atiende otro grupo."
    assert "Lo atiende otro grupo." in client.get(_url(actividad)).content.decode()


@pytest.mark.parametrize("persona", ["enlace", "coordinador", "other_secretaria", "outsider"])
def test_only_the_groups_secretariat_edits(client, w, persona):
    actividad = w["actividades"][0]
    client.force_login(w[persona])
    assert client.get(_url(actividad)).status_code == 404
    assert client.post(_url(actividad), _post(w, actividad)).status_code == 404
    assert client.post(_url(actividad, "cancelar"), {"k-reason": "x"}).status_code == 404
    actividad.refresh_from_db()
    assert actividad.description == "Actividad 1.1" and actividad.cancelled_at is None
    # The positive control: the group's secretariat opens the same page.
    client.force_login(w["secretaria"])
    assert client.get(_url(actividad)).status_code == 200
    assert ActividadInstitution.objects.filter(actividad=actividad).count() == 1
