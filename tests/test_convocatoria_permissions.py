"""Who may confirm attendance (an enlace, only for their own institution, only a planned session of
a group they belong to) and who may send, remind and pre-fill (the group's secretariat)."""

import datetime as dt

import pytest
from django.utils import timezone

from convocatorias.models import Confirmation, Convocatoria
from meetings.models import Session
from meetings.services import session_plan

from .factories import GroupFactory, InstitutionFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    fgr, oim, sre = (InstitutionFactory(acronym=a) for a in ("FGR", "OIM", "SRE"))
    group = GroupFactory(acronym="GTTIM", members=[fgr, oim])  # SRE is not a member
    users = {name: UserFactory(username=name) for name in
             ("secretaria", "coordinador", "enlace.fgr", "enlace.oim", "enlace.sre", "plain")}
    group.secretariat.add(users["secretaria"])
    group.coordinators.add(users["coordinador"])
    for name, institution in (("enlace.fgr", fgr), ("enlace.oim", oim), ("enlace.sre", sre)):
        PersonFactory(user=users[name], institution=institution, is_enlace=True, email="")
    PersonFactory(user=users["plain"], institution=fgr, is_enlace=False)
    eder = PersonFactory(name="Eder Ramírez", institution=fgr)
    jeremy = PersonFactory(name="Jeremy Mac", institution=oim)
    session = session_plan(group=group, date=timezone.localdate() + dt.timedelta(days=9),
                           start_time=dt.time(10))
    return users, session, eder, jeremy, fgr


def _url(session, what="confirmar"):
    return f"/convocatorias/sesiones/{session.pk}/{what}/"


def test_it_lets_an_enlace_confirm_for_their_institution(client, people):
    users, session, eder, _jeremy, fgr = people
    client.force_login(users["enlace.fgr"])
    assert client.get(_url(session)).status_code == 200
    response = client.post(_url(session), {"answer": "attends", f"role-{eder.pk}": "titular"})
    assert response.status_code == 302
    confirmation = Confirmation.objects.get(session=session)
    assert confirmation.institution == fgr
    assert [a.person for a in confirmation.attendees.all()] == [eder]


def test_it_never_confirms_someone_of_another_institution(client, people):
    users, session, _eder, jeremy, _fgr = people
    client.force_login(users["enlace.fgr"])
    response = client.post(_url(session), {"answer": "attends", f"role-{jeremy.pk}": "titular"})
    assert response.status_code == 422  # OIM's person is not on FGR's list: nobody chosen
    assert "al menos" in response.content.decode() or "at least" in response.content.decode()
    assert not Confirmation.objects.exists()


@pytest.mark.parametrize("name", ["enlace.sre", "plain", "secretaria", "coordinador"])
def test_it_refuses_confirmation_to_anyone_else(client, people, name):
    users, session, eder, _jeremy, _fgr = people
    client.force_login(users[name])
    assert client.get(_url(session)).status_code == 404
    assert client.post(_url(session), {"answer": "declines"}).status_code == 404
    assert not Confirmation.objects.exists()


def test_it_refuses_a_session_that_is_not_planned(client, people):
    users, session, *_rest = people
    Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD)
    client.force_login(users["enlace.fgr"])
    assert client.get(_url(session)).status_code == 404


def test_anonymous_users_go_to_the_login_page(client, people):
    _users, session, *_rest = people
    response = client.get(_url(session))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["enlace.fgr", "coordinador", "plain"])
@pytest.mark.parametrize("what", ["enviar", "recordar", "prellenar"])
def test_only_the_secretariat_sends_reminds_and_prefills(client, people, name, what):
    users, session, *_rest = people
    client.force_login(users[name])
    assert client.post(_url(session, what)).status_code == 404
    assert not Convocatoria.objects.exists()


def test_the_secretariat_sends_the_convocatoria(client, people, django_capture_on_commit_callbacks):
    users, session, *_rest = people
    client.force_login(users["secretaria"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(session, "enviar"))
    assert response.status_code == 302
    assert Convocatoria.objects.get(session=session).sent_by == users["secretaria"]
    # a second send is refused with a message, not a 500
    response = client.post(_url(session, "enviar"), follow=True)
    assert "ya se envió" in response.content.decode() or "already sent" in response.content.decode()
    # the enlace's home page now links to the confirmation
    client.force_login(users["enlace.oim"])
    assert _url(session) in client.get("/").content.decode()
