"""tracker.compiled: querysets compiled once give what the ORM gives (issue 17)."""

import pytest

from agreements.models import Responsibility
from api import selectors
from tracker import access
from tracker.compiled import Compiled

from .factories import GroupFactory, InstitutionFactory, UserFactory, make_acuerdo, make_session

pytestmark = pytest.mark.django_db


def test_it_runs_the_orms_sql_with_each_calls_values():
    users = UserFactory.create_batch(3)
    groups = GroupFactory.create_batch(4)
    groups[0].secretariat.add(users[0])
    groups[1].coordinators.add(users[0])
    groups[2].secretariat.add(users[1])
    groups[2].coordinators.add(users[1])  # both: listed once
    for user in users:
        expected = list(access.groups_followed_by(user).values_list("pk", flat=True))
        assert access.followed_group_ids(user) == expected
    assert access.followed_group_ids(users[2]) == []


def test_the_list_parts_are_the_orms_rows():
    institutions = InstitutionFactory.create_batch(3)
    group = GroupFactory(members=institutions)
    session = make_session(group=group)
    acuerdos = [make_acuerdo(session=session, responsables=institutions[:n + 1]) for n in range(3)]
    ids = [a.pk for a in acuerdos]
    got = list(selectors.acuerdo_list_parts(ids))
    want = list(selectors._list_parts_queryset(ids))
    assert got == want and len(got) == 6
    # Plain tuples in LIST_PART_COLUMNS' order, as api.rows unpacks them.
    assert all(type(row) is tuple and len(row) == len(selectors.LIST_PART_COLUMNS) for row in got)
    assert [row[1] for row in got] == [ids[0], ids[1], ids[1], ids[2], ids[2], ids[2]]
    one = [ids[0]]
    assert list(selectors.acuerdo_list_parts(one)) == list(selectors._list_parts_queryset(one))
    assert list(selectors.acuerdo_list_parts([])) == []


def test_it_refuses_an_argument_that_is_not_a_parameter():
    compiled = Compiled(lambda pk: Responsibility.objects.filter(pk=1).values_list("pk"),
                        model=Responsibility)
    with pytest.raises(ValueError):
        compiled(5)
