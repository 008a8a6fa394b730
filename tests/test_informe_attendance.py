"""The Informe's attendance figures (reports.selectors.attendance_figures, one query) against
counting the attendance rows one by one in Python, over a varied family: people attending in
several capacities, for several states and with another sex on one attendance; categories and
states left blank; absent participants; cancelled, planned and out-of-period sessions and another
group's session, none of which count."""

import datetime as dt

import pytest
from django.db import connection

from meetings.models import Attendance, Session
from meetings.places import Category
from meetings.services import attendance_add
from reports.scope import build_scope
from reports.selectors import (attendance_figures, attendance_groupings, attendances_in_scope,
                               report_figures, spanish_key)

from .factories import GroupFactory, InstitutionFactory, PersonFactory, make_session

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 6, 30)
HELD, CANCELLED = Session.Status.HELD, Session.Status.CANCELLED


def _family():
    body = GroupFactory(members=2)
    mesa = GroupFactory(members=2, parent=body)
    other = GroupFactory(members=1)
    institutions = [InstitutionFactory() for _ in range(3)]
    people = [PersonFactory(institution=institutions[i % 3], sex=("female", "male", "other")[i % 3])
              for i in range(7)]
    categories = ["", *Category.values]
    states = ["", "SIN", "SON", "QRO", "BCS"]
    sessions = []
    for k in range(8):
        group = body if k % 2 else mesa
        status = CANCELLED if k == 6 else HELD
        date = dt.date(2024, 12, 20) if k == 7 else dt.date(2025, 2, 3) + dt.timedelta(days=7 * k)
        sessions.append(make_session(group=group, date=date, status=status))
    sessions.append(make_session(group=mesa, date=dt.date(2025, 5, 5)))  # planned
    sessions.append(make_session(group=other, date=dt.date(2025, 3, 3), status=HELD))
    for k, session in enumerate(sessions):
        for i, person in enumerate(people):
            if (i + k) % 4 == 3:
                continue  # not everyone attends every session
            sex = "female" if (i, k) == (1, 2) else None  # a sex recorded differently once
            attendance_add(session=session, person=person, present=(i + k) % 5 != 0,
                           category=categories[(i + k) % len(categories)],
                           state=states[(i * 2 + k) % len(states)], sex=sex)
    return body


def _expected(scope):
    rows = [a for a in Attendance.objects.select_related("session")
            if a.present and a.session.status == HELD and a.session.group_id in scope.group_ids
            and scope.start <= a.session.date <= scope.end]

    def distinct(attr, where=lambda a: True):
        return len({getattr(a, attr) for a in rows if where(a)})

    present_categories = {a.category for a in rows}
    attendance = {
        "attendances": len(rows), "people": distinct("person_id"),
        "institutions": distinct("institution_id"), "states": distinct("state", lambda a: a.state),
        "by_category": {
            value: (distinct("person_id", lambda a: a.category == value),
                    distinct("session_id", lambda a: a.category == value),
                    distinct("state", lambda a: a.category == value and a.state))
            for value in ["", *Category.values] if value or value in present_categories},
        "by_state": {state: (distinct("person_id", lambda a: a.state == state),
                             distinct("session_id", lambda a: a.state == state))
                     for state in {a.state for a in rows if a.state}},
        "by_sex": {value: distinct("person_id", lambda a: a.sex == value)
                   for value, _label in Attendance._meta.get_field("sex").choices},
    }
    pairs = {(a.category, a.state) for a in rows if a.category and a.state}
    category_states = {
        pair: tuple(distinct(attr, lambda a: (a.category, a.state) == pair and keep(a))
                    for attr, keep in (("session_id", lambda a: True),
                                       ("person_id", lambda a: True),
                                       ("person_id", lambda a: a.sex == "female"),
                                       ("person_id", lambda a: a.sex == "male")))
        for pair in pairs}
    return attendance, category_states


def test_it_counts_attendance_as_the_rows_one_by_one():
    body = _family()
    scope = build_scope(chosen_ids=[body.pk], include_descendants=True, start=START, end=END,
                        today=END)
    attendance, category_states = attendance_figures(scope)
    expected, expected_pairs = _expected(scope)
    assert expected["attendances"] > 20 and len(expected_pairs) > 5  # a varied set
    assert {k: attendance[k] for k in ("attendances", "people", "institutions", "states")} == {
        k: expected[k] for k in ("attendances", "people", "institutions", "states")}
    assert {r["key"]: (r["people"], r["sessions"], r["states"])
            for r in attendance["by_category"]} == expected["by_category"]
    assert {r["key"]: (r["people"], r["sessions"]) for r in attendance["by_state"]} == \
        expected["by_state"]
    labels = [r["label"] for r in attendance["by_state"]]
    assert labels == sorted(labels, key=spanish_key)  # accents ignored, as everywhere
    assert {r["key"]: r["people"] for r in attendance["by_sex"]} == expected["by_sex"]
    assert {(category, r["key"]): (r["sessions"], r["people"], r["women"], r["men"])
            for category, states in category_states.items() for r in states} == expected_pairs
    # report_figures hands out the same two parts, from the one query.
    figures = report_figures(scope, ["attendance", "category_states"])
    assert figures == {"attendance": attendance, "category_states": category_states}


def test_it_counts_nothing_for_a_period_without_sessions():
    body = _family()
    scope = build_scope(chosen_ids=[body.pk], include_descendants=True,
                        start=dt.date(2030, 1, 1), end=dt.date(2030, 12, 31), today=END)
    attendance, category_states = attendance_figures(scope)
    assert (attendance["attendances"], attendance["people"], attendance["institutions"],
            attendance["states"]) == (0, 0, 0, 0)
    assert attendance["by_state"] == [] and category_states == {}
    assert [r["key"] for r in attendance["by_category"]] == list(Category.values)
    assert all(r["people"] == 0 for r in attendance["by_sex"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GROUPING SETS is PostgreSQL's")
def test_grouping_sets_give_the_rows_of_the_union():
    # attendance_groupings: PostgreSQL's one walk (GROUPING SETS) and the UNION ALL of two
    # GROUP BYs (SQLite's) return the same rows, so attendance_figures counts the same.
    import collections

    body = _family()
    scope = build_scope(chosen_ids=[body.pk], include_descendants=True, start=START, end=END,
                        today=END)

    def rows(grouping_sets):
        sql, params = attendance_groupings(attendances_in_scope(scope),
                                           grouping_sets=grouping_sets)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return collections.Counter(cursor.fetchall())

    union = rows(False)
    assert len(union) > 20 and any(r[3] is None for r in union) and any(r[5] is None
                                                                         for r in union)
    assert rows(True) == union
