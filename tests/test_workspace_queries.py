"""Query counts of the group page and the session editor do not grow with rows."""

import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import GroupFactory
from .workspace_data import filled_session, secretariat_user


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@time_machine.travel("2025-06-10 12:00 -0600", tick=False)
def test_it_renders_the_editor_in_the_same_number_of_queries_for_3_or_30_participants(
        client, db, django_assert_num_queries):
    small = filled_session(participants=3, items=2, acuerdos=2)
    big_group = GroupFactory(members=6)
    big = filled_session(participants=30, items=10, acuerdos=10, group=big_group)
    user = secretariat_user(small.group)
    big.group.secretariat.add(user)
    client.force_login(user)
    small_count = _count(client, f"/sessions/{small.pk}/")
    with django_assert_num_queries(small_count):
        response = client.get(f"/sessions/{big.pk}/")
    assert response.content.count(b"<tr>") > small_count  # the rows are really there
    # 25 before the session documents (anexos) and the convocatoria panel joined the editor; 28
    # with the work plan's actividades (late ones in Seguimiento, choices of the acuerdo form)
    assert small_count <= 28


@time_machine.travel("2025-06-10 12:00 -0600", tick=False)
def test_it_renders_the_group_page_in_the_same_number_of_queries_for_few_or_many_acuerdos(
        client, db, django_assert_num_queries):
    small = filled_session(participants=2, items=1, acuerdos=1)
    big = filled_session(participants=30, items=10, acuerdos=10, group=GroupFactory(members=6))
    filled_session(participants=1, items=0, acuerdos=5, group=big.group,
                   date=dt.date(2025, 8, 5))
    user = secretariat_user(small.group)
    big.group.secretariat.add(user)
    client.force_login(user)
    small_count = _count(client, f"/groups/{small.group.pk}/?status=pending")
    with django_assert_num_queries(small_count):
        response = client.get(f"/groups/{big.group.pk}/?status=pending")
    assert b"2/SO-5" in response.content and b"1/SO-10" in response.content
    # 19 → 17: the session filter's options are the calendar's sessions (no query of their own),
    # and the work plans' "New work plan" link reads the page's can_edit (no second query).
    # 17 → 15: the institution filter's options come from the group's memberships (read once
    # for the members list too), and which minutas the user may open from the calendar's
    # sessions and the followed groups' ids the request has read (access.group_sessions_readable).
    assert small_count == 15
