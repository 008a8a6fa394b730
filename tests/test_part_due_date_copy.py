"""Responsibility.due_date is a copy of the acuerdo's due date (the reminders sweep's index,
resp_open_due_idx): every way of setting a due date keeps it, so no part misses its reminders."""

import datetime as dt

import pytest

from agreements.models import Responsibility
from agreements.services import acuerdo_change_due_date, acuerdo_sync_part_due_dates
from notifications.services import open_parts_due_on

from .factories import GroupFactory, make_acuerdo, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def acuerdo():
    group = GroupFactory(members=3)
    return make_acuerdo(make_session(group=group, date=dt.date(2026, 3, 1)),
                        due_date=dt.date(2026, 3, 31), all_institutions=True)


def _copies(acuerdo):
    return set(Responsibility.objects.filter(acuerdo=acuerdo).values_list("due_date", flat=True))


def test_it_copies_the_due_date_when_the_acuerdo_is_created(acuerdo):
    assert _copies(acuerdo) == {dt.date(2026, 3, 31)}
    assert {p.acuerdo_id for p in open_parts_due_on([dt.date(2026, 3, 31)])} == {acuerdo.pk}


def test_it_moves_the_copy_with_the_due_date(acuerdo):
    acuerdo_change_due_date(acuerdo=acuerdo, due_date=dt.date(2026, 4, 30), reason="Prórroga")
    assert _copies(acuerdo) == {dt.date(2026, 4, 30)}
    assert not open_parts_due_on([dt.date(2026, 3, 31)]).exists()
    assert open_parts_due_on([dt.date(2026, 4, 30)]).count() == 3
    acuerdo_change_due_date(acuerdo=acuerdo, due_date=None, reason="Sin fecha")
    assert _copies(acuerdo) == {None}


def test_it_leaves_fulfilled_parts_out_of_the_sweep(acuerdo):
    part = acuerdo.responsibilities.first()
    Responsibility.objects.filter(pk=part.pk).update(status=Responsibility.Status.FULFILLED)
    found = open_parts_due_on([dt.date(2026, 3, 31)])
    assert part.pk not in {p.pk for p in found} and found.count() == 2


def test_it_syncs_a_part_written_outside_the_services(acuerdo):
    """The admin's inline adds parts and its form edits the date directly: it syncs after saving."""
    Responsibility.objects.filter(acuerdo=acuerdo).update(due_date=None)
    assert acuerdo_sync_part_due_dates(acuerdo=acuerdo) == 3
    assert _copies(acuerdo) == {dt.date(2026, 3, 31)}
    assert acuerdo_sync_part_due_dates(acuerdo=acuerdo) == 0


def test_it_copies_the_due_date_to_parts_added_later(acuerdo):
    from agreements.services import acuerdo_change_responsibilities
    from directory.models import Institution

    newcomer = Institution.objects.create(acronym="NUEVA", name="Institución nueva")
    members = list(acuerdo.group.member_institutions(on=acuerdo.session.date))
    acuerdo_change_responsibilities(acuerdo=acuerdo, responsables=members[:1],
                                    coadyuvantes=[newcomer], all_institutions=False)
    assert _copies(acuerdo) == {dt.date(2026, 3, 31)}
    assert Responsibility.objects.get(acuerdo=acuerdo, institution=newcomer).due_date == \
        dt.date(2026, 3, 31)
