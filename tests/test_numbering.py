import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection

from agreements.models import Acuerdo
from agreements.numbering import validate_number_pattern
from meetings.models import Session
from meetings.services import session_plan

from .factories import GroupFactory, make_acuerdo, make_session

pytestmark = pytest.mark.django_db


def test_it_numbers_ordinary_and_extraordinary_sessions_separately():
    group = GroupFactory()
    day, noon = dt.date(2025, 6, 3), dt.time(12, 0)
    so1 = session_plan(group=group, date=day, start_time=noon)
    so2 = session_plan(group=group, date=day, start_time=noon)
    se1 = session_plan(group=group, date=day, start_time=noon, type=Session.Type.EXTRAORDINARIA)
    so3 = session_plan(group=group, date=day, start_time=noon)
    assert [s.code for s in (so1, so2, se1, so3)] == ["1/SO", "2/SO", "1/SE", "3/SO"]


def test_it_numbers_acuerdos_with_the_default_pattern():
    ordinary = make_session(number=5)
    extraordinary = make_session(group=ordinary.group, type=Session.Type.EXTRAORDINARIA)
    numbers = [make_acuerdo(ordinary).number for _ in range(3)]
    assert numbers == ["5/SO-1", "5/SO-2", "5/SO-3"]
    assert make_acuerdo(extraordinary).number == "1/SE-1"


def test_it_uses_the_groups_custom_pattern():
    group = GroupFactory(acronym="MJ", number_pattern="{group}/{year}/{type}{session}-{seq:02d}",
                         members=2)
    session = make_session(group=group, number=50, date=dt.date(2026, 2, 17))
    assert make_acuerdo(session).number == "MJ/2026/SO50-01"


@pytest.mark.parametrize("pattern", ["{session}/{type}", "{session}/{foo}-{seq}", "{seq"])
def test_it_rejects_patterns_that_cannot_number(pattern):
    with pytest.raises(ValidationError):
        validate_number_pattern(pattern)


def test_it_refuses_a_duplicate_number_in_the_database():
    acuerdo = make_acuerdo()
    with pytest.raises(IntegrityError):
        Acuerdo.objects.create(
            group=acuerdo.group, session=acuerdo.session, sequence=99, number=acuerdo.number,
            text="copia",
        )


@pytest.mark.django_db(transaction=True)
def test_it_gives_distinct_numbers_to_concurrent_creations(postgres):
    session = make_session(number=5)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def create():
        try:
            barrier.wait()
            results.append(make_acuerdo(Session.objects.get(pk=session.pk)).number)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == ["5/SO-1", "5/SO-2", "5/SO-3", "5/SO-4"]
