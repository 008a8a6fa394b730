"""The plan's pages with bad input: a clear message, status 400, what was typed kept, nothing
saved; never a 500."""

import pytest

from workplan.models import Actividad, Plan, Proposal

from .workplan_data import plan_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return plan_world()


def _url(w):
    return f"/grupos/{w['group'].pk}/plan/2025/"


def test_it_keeps_a_bad_actividad_and_says_why(client, w):
    eje = w["actividades"][0].eje
    client.force_login(w["secretaria"])
    response = client.post(f"/planes/ejes/{eje.pk}/actividades/", {
        f"x{eje.pk}-description": "Foro regional en Chiapas",
        f"x{eje.pk}-start_date": "2025-10-01", f"x{eje.pk}-end_date": "2025-09-01"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "La fecha de término es anterior a la de inicio." in body
    assert "Foro regional en Chiapas" in body  # what was typed is still there
    assert not Actividad.objects.filter(description="Foro regional en Chiapas").exists()
    # The positive control: the same actividad with dates in order is saved.
    response = client.post(f"/planes/ejes/{eje.pk}/actividades/", {
        f"x{eje.pk}-description": "Foro regional en Chiapas",
        f"x{eje.pk}-start_date": "2025-08-01", f"x{eje.pk}-end_date": "2025-09-01",
        f"x{eje.pk}-states": ["CHIS"]})
    assert response.status_code == 302
    assert Actividad.objects.get(description="Foro regional en Chiapas").states == ["CHIS"]


def test_approving_without_an_adopted_acuerdo_is_refused_with_a_message(client, w):
    client.force_login(w["secretaria"])
    response = client.post(f"/planes/{w['plan'].pk}/aprobar/", {"a-acuerdo": "999999"})
    assert response.status_code == 400
    assert Plan.objects.get(pk=w["plan"].pk).status == Plan.Status.DRAFT
    assert "opción válida" in response.content.decode()  # on the form, in Spanish


def test_declining_without_a_note_keeps_the_proposal_pending(client, w):
    from workplan import services

    services.plan_submit_for_consultation(plan=w["plan"])
    proposal = services.proposal_create(actividad=w["actividades"][0],
                                        institution=w["institutions"][1], role="coadyuvante",
                                        actor=w["enlace"])
    client.force_login(w["secretaria"])
    response = client.post(f"/planes/propuestas/{proposal.pk}/decidir/",
                           {"action": "decline", f"d{proposal.pk}-note": ""})
    assert response.status_code == 400
    assert "Indique por qué se declina la propuesta." in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PENDING
    response = client.post(f"/planes/propuestas/{proposal.pk}/decidir/",
                           {"action": "decline", f"d{proposal.pk}-note": "Ya está cubierta"})
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.DECLINED


def test_a_second_proposal_for_the_same_actividad_says_so(client, w):
    from workplan import services

    services.plan_submit_for_consultation(plan=w["plan"])
    actividad = w["actividades"][0]
    client.force_login(w["enlace"])
    data = {"actividad": actividad.pk, f"p{actividad.pk}-role": "coadyuvante"}
    assert client.post(f"/planes/{w['plan'].pk}/proponer/", data).status_code == 302
    response = client.post(f"/planes/{w['plan'].pk}/proponer/", data)
    assert response.status_code == 400
    assert "Su institución ya tiene una propuesta pendiente para esta actividad." in \
        response.content.decode()
    assert Proposal.objects.filter(actividad=actividad).count() == 1
    response = client.post(f"/planes/{w['plan'].pk}/proponer/", {"actividad": "x"})
    assert response.status_code == 400


def test_the_secretariat_starts_a_plan_and_a_duplicate_year_is_refused(client, w):
    client.force_login(w["secretaria"])
    url = f"/grupos/{w['group'].pk}/planes/"
    response = client.post(url, {"year": 2025, "title": "Duplicado"})
    assert response.status_code == 400
    assert "Este grupo ya tiene un plan para ese año." in response.content.decode()
    response = client.post(url, {"year": 2026, "title": "Plan 2026"})
    assert response.status_code == 302 and response["Location"].endswith("/plan/2026/")


def test_the_group_page_lists_its_plans_with_separators_only_between_links(client, w):
    client.force_login(w["secretaria"])
    url = f"/groups/{w['group'].pk}/"

    def line():
        html = client.get(url).content.decode()
        start = html.index('<p id="group-plans">')
        return html[start:html.index("</p>", start)]

    assert " · <a" in line()  # the plan's link, then "New work plan"
    Plan.objects.filter(group=w["group"]).delete()
    assert "</strong> <a" in line() and "·" not in line()  # no plan: the link alone
