"""tracker.lookups.in_subquery keeps the rows that IN (subquery) keeps, on PostgreSQL as
`= ANY(ARRAY(subquery))` (read once, then the outer index), elsewhere as IN; an empty
subquery or an empty id list inside it keeps nothing, in an OR as alone."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from meetings.models import Membership, Session
from tracker.lookups import in_subquery

from .factories import GroupFactory, InstitutionFactory, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions():
    member, other = InstitutionFactory(), InstitutionFactory()
    groups = [GroupFactory(members=[member]), GroupFactory(members=[member]),
              GroupFactory(members=[other])]
    for group in groups:
        make_session(group)
        make_session(group)
    return member


def _ids(q):
    return sorted(Session.objects.filter(q).values_list("pk", flat=True))


def test_it_keeps_what_in_keeps(sessions):
    groups = Membership.objects.filter(institution=sessions).values("group_id")
    expected = _ids(Q(group_id__in=groups))
    assert len(expected) == 4
    assert _ids(in_subquery("group_id", groups)) == expected
    assert _ids(~in_subquery("group_id", groups)) == _ids(~Q(group_id__in=groups))
    assert _ids(in_subquery("group_id", groups) | Q(pk=-1)) == expected


def test_it_keeps_nothing_for_an_empty_subquery(sessions):
    nobody = Membership.objects.filter(institution_id=-1).values("group_id")
    assert _ids(in_subquery("group_id", nobody)) == []
    no_ids = Session.objects.filter(group_id__in=[]).values("group_id")
    first = Session.objects.order_by("pk").first()
    assert _ids(in_subquery("group_id", no_ids) | Q(pk=first.pk)) == [first.pk]


def test_it_reads_the_subquery_as_an_array_on_postgresql(postgres, sessions):
    groups = Membership.objects.filter(institution=sessions).values("group_id")
    with CaptureQueriesContext(connection) as captured:
        _ids(in_subquery("group_id", groups))
    (query,) = captured.captured_queries
    assert '"group_id" = ANY(ARRAY(SELECT' in query["sql"]
    # Unordered: an ARRAY(…) would otherwise sort for nothing.
    inside = query["sql"].split("ANY(ARRAY(")[1].split("))")[0]
    assert "membership" in inside and "ORDER BY" not in inside


def test_a_queryset_of_rows_means_their_primary_keys(sessions):
    # As IN (subquery) does: Session rows whose group is among these groups (all columns asked).
    from meetings.models import WorkingGroup

    groups = WorkingGroup.objects.filter(memberships__institution=sessions)
    assert _ids(in_subquery("group_id", groups)) == _ids(Q(group_id__in=groups))
    assert len(_ids(in_subquery("group_id", groups))) == 4
