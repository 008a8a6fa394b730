"""The query count of the acuerdo list and detail does not grow with the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from agreements.services import acuerdo_change_text
from api.tokens import token_issue
from directory.models import Person
from tracker.versions import token

from .factories import GroupFactory, InstitutionFactory, UserFactory, make_acuerdo, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def enlace_client():
    institution = InstitutionFactory(acronym="FGR")
    user = UserFactory(username="enlace")
    Person.objects.create(name="Enlace", institution=institution, is_enlace=True, user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)[1]}")
    # The first use records the token's last_used_at (one UPDATE); uses within the next five
    # minutes do not, so the counts below are those of every later request.
    assert client.get("/api/v1/groups/").status_code == 200
    return client, institution


def _add_acuerdos(institution, count):
    group = GroupFactory(members=[institution, *InstitutionFactory.create_batch(2)])
    session = make_session(group=group)
    acuerdos = [
        make_acuerdo(session=session, responsables=list(group.member_institutions(on=session.date)))
        for _ in range(count)
    ]
    for acuerdo in acuerdos:
        acuerdo_change_text(acuerdo=acuerdo, text=acuerdo.text + " (corregido)",
                            version=token(acuerdo.text))
    return acuerdos


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


# token+user with the person and institution (enlace), the user's groups, page of acuerdos, their
# parts
LIST_QUERIES = 4


def test_it_lists_acuerdos_in_a_constant_number_of_queries(enlace_client, django_assert_num_queries):
    client, institution = enlace_client
    _add_acuerdos(institution, 2)
    small = _queries(client, "/api/v1/acuerdos/?page_size=100")
    _add_acuerdos(institution, 12)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(f"/api/v1/acuerdos/?page_size=100&institution={institution.pk}")
    assert len(response.json()["results"]) == 14
    assert _queries(client, "/api/v1/acuerdos/?page_size=100&status=pending") == small


def test_it_shows_an_acuerdo_in_a_constant_number_of_queries(enlace_client, django_assert_num_queries):
    client, institution = enlace_client
    few = _add_acuerdos(institution, 1)[0]
    # the page becomes the access check (it reads the acuerdo with its session and group, all the
    # detail needs of it); the parts; + the history with its authors
    with django_assert_num_queries(LIST_QUERIES + 1):
        client.get(f"/api/v1/acuerdos/{few.pk}/")
    many = _add_acuerdos(institution, 1)[0]
    for n in range(8):
        many.refresh_from_db()
        acuerdo_change_text(acuerdo=many, text=f"Texto {n}", version=token(many.text))
    with django_assert_num_queries(LIST_QUERIES + 1):
        response = client.get(f"/api/v1/acuerdos/{many.pk}/")
    assert len(response.json()["history"]) == 10


def test_a_group_and_a_session_detail_read_through_their_access_check(enlace_client):
    """The access check's own read of the group (session) carries what the detail shows (issue
    17), so it is not read twice; the enlace's scope stays that of tracker.access."""
    client, institution = enlace_client
    group = GroupFactory(members=[institution])
    session = make_session(group=group)
    # token+user with the enlace's person and institution, the group (its scope, parent and
    # convening institution in one), its members — one fewer than when the group was read twice,
    # two fewer than when the person and institution were read apart from the token.
    with CaptureQueriesContext(connection) as group_queries:
        assert client.get(f"/api/v1/groups/{group.pk}/").status_code == 200
    assert len(group_queries) == 3, [q["sql"][:90] for q in group_queries]
    staff = APIClient()
    staff.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=UserFactory(is_staff=True))[1]}")
    assert staff.get("/api/v1/groups/").status_code == 200  # records last_used_at
    # token+user, the session (group, convoca), attendances, agenda items (no presenters to read)
    # — one fewer than when the session was read twice.
    with CaptureQueriesContext(connection) as session_queries:
        assert staff.get(f"/api/v1/sessions/{session.pk}/").status_code == 200
    assert len(session_queries) == 4, [q["sql"] for q in session_queries]
    assert client.get(f"/api/v1/groups/{GroupFactory().pk}/").status_code == 404
