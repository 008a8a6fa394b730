import collections
import datetime as dt
import itertools

import pytest
import time_machine
from django.db.models import F

from agreements.models import Acuerdo, Responsibility
from agreements.services import acuerdo_cancel, responsibility_change_status

from .factories import (GroupFactory, InstitutionFactory, make_acuerdo, make_acuerdo_in_states,
                        make_acuerdo_without_responsable, make_session)

pytestmark = pytest.mark.django_db

DUE = dt.date(2025, 6, 11)


def _everyone_acuerdo(members=3):
    session = make_session(group=GroupFactory(members=members))
    return make_acuerdo(session, all_institutions=True, due_date=DUE)


def _fulfil(acuerdo, count):
    for part in acuerdo.responsibilities.all()[:count]:
        responsibility_change_status(responsibility=part, status=Responsibility.Status.FULFILLED)


def test_it_gives_all_institutions_one_responsibility_each():
    acuerdo = _everyone_acuerdo(members=4)
    assert acuerdo.responsibilities.filter(role="responsable").count() == 4


@time_machine.travel("2025-06-05 10:00 -06:00")
def test_partial_fulfilment_of_all_institutions_is_not_fulfilled():
    acuerdo = _everyone_acuerdo(members=3)
    assert acuerdo.status == Acuerdo.Status.PENDING
    _fulfil(acuerdo, 2)
    assert acuerdo.status == Acuerdo.Status.IN_PROGRESS
    _fulfil(acuerdo, 3)
    assert acuerdo.status == Acuerdo.Status.FULFILLED


@time_machine.travel("2025-06-12 10:00 -06:00")
def test_it_is_overdue_after_the_due_date_until_every_responsable_fulfils():
    acuerdo = _everyone_acuerdo(members=2)
    _fulfil(acuerdo, 1)
    assert acuerdo.status == Acuerdo.Status.OVERDUE
    _fulfil(acuerdo, 2)
    assert acuerdo.status == Acuerdo.Status.FULFILLED


def test_coadyuvantes_do_not_hold_up_fulfilment():
    session = make_session()
    responsable, helper = session.group.member_institutions()[:2]
    acuerdo = make_acuerdo(session, responsables=[responsable], coadyuvantes=[helper])
    part = acuerdo.responsibilities.get(institution=responsable)
    responsibility_change_status(responsibility=part, status=Responsibility.Status.FULFILLED)
    assert acuerdo.status == Acuerdo.Status.FULFILLED


def test_a_cancelled_acuerdo_stays_visible_as_cancelled():
    acuerdo = _everyone_acuerdo()
    acuerdo_cancel(acuerdo=acuerdo, reason="Se atendió en otra mesa")
    acuerdo.refresh_from_db()
    assert acuerdo.status == Acuerdo.Status.CANCELLED
    assert Acuerdo.objects.filter(pk=acuerdo.pk).exists()


def test_the_sql_annotation_agrees_with_the_python_rule():
    # Every combination of due date side, fulfilled count and cancellation, for 2 responsables
    # and 1 coadyuvante; the list pages filter by the annotation, the detail page shows the rule.
    group = GroupFactory(members=[InstitutionFactory() for _ in range(3)])
    session = make_session(group=group)
    a, b, c = group.member_institutions()
    statuses = list(Responsibility.Status)
    day = dt.date(2025, 6, 20)
    for due, sa, sb, sc, cancel, kind in itertools.product(
        [dt.date(2025, 6, 10), dt.date(2025, 6, 30), None], statuses, statuses, statuses,
        [False, True], Acuerdo.Kind.values,
    ):
        acuerdo = make_acuerdo(session, responsables=[a, b], coadyuvantes=[c], due_date=due,
                               kind=kind)
        for inst, status in ((a, sa), (b, sb), (c, sc)):
            Responsibility.objects.filter(acuerdo=acuerdo, institution=inst).update(status=status)
        if cancel:
            acuerdo_cancel(acuerdo=acuerdo, reason="prueba")
    annotated = Acuerdo.objects.filter(session=session).with_status(day).prefetch_related(
        "responsibilities"
    )
    seen = set()
    for acuerdo in annotated:
        assert acuerdo.status_value == acuerdo.status_on(day), acuerdo.number
        seen.add((acuerdo.kind, acuerdo.status_value))
    assert _fact_matches_the_parts() == []
    # An informational acuerdo is fulfilled at adoption whatever its parts say, unless cancelled.
    assert seen == {(Acuerdo.Kind.COMMITMENT, s) for s in Acuerdo.Status.values} | {
        (Acuerdo.Kind.INFORMATIONAL, Acuerdo.Status.FULFILLED),
        (Acuerdo.Kind.INFORMATIONAL, Acuerdo.Status.CANCELLED)}


@time_machine.travel("2025-06-05 10:00 -06:00")
def test_it_does_not_count_a_reported_part_as_fulfilled():
    # Two-step fulfilment: "reported" waits for validation; only "fulfilled" (validated) counts.
    acuerdo = _everyone_acuerdo(members=2)
    first, second = acuerdo.responsibilities.all()
    responsibility_change_status(responsibility=first, status=Responsibility.Status.FULFILLED)
    responsibility_change_status(responsibility=second, status=Responsibility.Status.REPORTED)
    day = dt.date(2025, 6, 5)
    assert acuerdo.status == Acuerdo.Status.IN_PROGRESS
    assert Acuerdo.objects.with_status(day).get(pk=acuerdo.pk).status_value == "in_progress"
    responsibility_change_status(responsibility=second, status=Responsibility.Status.FULFILLED)
    assert acuerdo.status == Acuerdo.Status.FULFILLED


def test_it_counts_by_status_in_sql_as_the_rule_gives_each_acuerdo():
    # count_by_status (the Informe's and the public figures' GROUP BY form) against counting
    # status_on per acuerdo, over two groups and a varied set: due date on either side or none,
    # each status of two responsables and a coadyuvante, cancelled or not, both kinds, and an
    # acuerdo left with no responsable part.
    groups = [GroupFactory(members=[InstitutionFactory() for _ in range(3)]) for _ in range(2)]
    sessions = [make_session(group=g) for g in groups]
    statuses = list(Responsibility.Status)
    day = dt.date(2025, 6, 20)
    combos = itertools.product([dt.date(2025, 6, 10), dt.date(2025, 6, 30), None], statuses,
                               statuses, [False, True], Acuerdo.Kind.values)
    for n, (due, sa, sb, cancel, kind) in enumerate(combos):
        if n % 3:  # a third of the combinations keeps the test quick and still covers each rule
            continue
        session = sessions[n % 2]
        make_acuerdo_in_states(session, cancel=cancel,
                               institutions=list(session.group.member_institutions()),
                               statuses=(sa, sb, statuses[n % 4]), due_date=due, kind=kind)
    make_acuerdo_without_responsable(sessions[1], due_date=dt.date(2025, 6, 30))

    assert _fact_matches_the_parts() == []
    acuerdos = Acuerdo.objects.filter(session__in=sessions).prefetch_related("responsibilities")
    expected = collections.Counter((a.group_id, a.status_on(day)) for a in acuerdos)
    counted = {(r["group_id"], r["status_value"]): r["n"]
               for r in Acuerdo.objects.filter(session__in=sessions).count_by_status(day,
                                                                                    "group_id")}
    assert counted == dict(expected)
    assert {status for _group, status in counted} == set(Acuerdo.Status.values)
    totals = {r["status_value"]: r["n"] for r in Acuerdo.objects.filter(
        session__in=sessions).count_by_status(day)}
    assert sum(totals.values()) == len(acuerdos) and totals[Acuerdo.Status.PENDING] >= 1


def _fact_matches_the_parts():
    """Acuerdo.has_responsable, which the SQL rule reads, against the parts themselves."""
    from django.db.models import Exists, OuterRef

    return list(Acuerdo.objects.annotate(parts_say=Exists(Responsibility.objects.filter(
        acuerdo=OuterRef("pk"), role=Responsibility.Role.RESPONSABLE))).exclude(
        has_responsable=F("parts_say")).values_list("number", "has_responsable", "parts_say"))


def test_the_services_keep_the_has_responsable_fact_of_the_parts():
    from agreements.services import acuerdo_change_responsibilities

    session = make_session(group=GroupFactory(members=3))
    a, b, c = session.group.member_institutions()
    day = dt.date(2025, 6, 20)
    named = make_acuerdo(session, responsables=[a], coadyuvantes=[b], due_date=DUE)
    everyone = make_acuerdo(session, all_institutions=True, due_date=DUE)
    nobody = make_acuerdo_without_responsable(session, due_date=dt.date(2025, 6, 30))
    helpers_only = make_acuerdo_without_responsable(session, coadyuvantes=[c])
    assert [x.has_responsable for x in Acuerdo.objects.filter(
        pk__in=[named.pk, everyone.pk, nobody.pk, helpers_only.pk]).order_by("sequence")] == [
        True, True, False, False]
    assert _fact_matches_the_parts() == []
    # Only validated parts of responsables fulfil; an acuerdo with none stays open in SQL too.
    for part in helpers_only.responsibilities.all():
        responsibility_change_status(responsibility=part, status=Responsibility.Status.FULFILLED)
    by_pk = {x.pk: x for x in Acuerdo.objects.with_status(day).prefetch_related(
        "responsibilities")}
    assert by_pk[helpers_only.pk].status_value == by_pk[helpers_only.pk].status_on(day) \
        == Acuerdo.Status.IN_PROGRESS

    # Naming a responsable later, swapping roles and back: the fact follows each change.
    acuerdo_change_responsibilities(acuerdo=helpers_only, responsables=[c], coadyuvantes=[a])
    acuerdo_change_responsibilities(acuerdo=named, responsables=[b], coadyuvantes=[a])
    acuerdo_change_responsibilities(acuerdo=everyone, responsables=[a], coadyuvantes=[b, c])
    assert _fact_matches_the_parts() == []
    by_pk = {x.pk: x for x in Acuerdo.objects.with_status(day).prefetch_related(
        "responsibilities")}
    assert by_pk[helpers_only.pk].status_value == by_pk[helpers_only.pk].status_on(day) \
        == Acuerdo.Status.FULFILLED
    for acuerdo in by_pk.values():
        assert acuerdo.status_value == acuerdo.status_on(day), acuerdo.number


def test_the_migration_backfills_has_responsable_from_the_parts():
    import importlib

    from django.apps import apps

    session = make_session(group=GroupFactory(members=2))
    make_acuerdo(session)
    make_acuerdo_without_responsable(session)
    make_acuerdo_without_responsable(session, coadyuvantes=list(
        session.group.member_institutions()[:1]))
    Acuerdo.objects.update(has_responsable=False)  # as the column starts, before the backfill
    assert len(_fact_matches_the_parts()) == 1
    importlib.import_module("agreements.migrations.0011_acuerdo_has_responsable").backfill(
        apps, None)
    assert _fact_matches_the_parts() == []
    assert Acuerdo.objects.filter(has_responsable=True).count() == 1


def test_the_rule_on_every_small_combination():
    """derived_status (what Acuerdo.status_on and the API's rows call) against the rule as the
    docs word it: cancelled or informational, or else every list of up to three parts of every
    role and status, with a due date before, on and after the day, and none."""
    from agreements.models import derived_status

    Role, Status = Responsibility.Role, Responsibility.Status
    day = dt.date(2026, 3, 10)
    part_kinds = [(role, status) for role in Role.values for status in Status.values]
    seen = collections.Counter()
    for size in range(4):
        for parts in itertools.product(part_kinds, repeat=size):
            for due in (None, day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)):
                for cancelled, informational in itertools.product((False, True), repeat=2):
                    responsables = [s for r, s in parts if r == Role.RESPONSABLE]
                    if cancelled:
                        want = Acuerdo.Status.CANCELLED
                    elif informational:
                        want = Acuerdo.Status.FULFILLED
                    elif responsables and all(s == Status.FULFILLED for s in responsables):
                        want = Acuerdo.Status.FULFILLED
                    elif due is not None and due < day:
                        want = Acuerdo.Status.OVERDUE
                    elif any(s != Status.PENDING for _r, s in parts):
                        want = Acuerdo.Status.IN_PROGRESS
                    else:
                        want = Acuerdo.Status.PENDING
                    got = derived_status(cancelled=cancelled, informational=informational,
                                         due_date=due, day=day, parts=list(parts))
                    assert got == want and type(got) is type(want), (parts, due, cancelled)
                    seen[want] += 1
    assert set(seen) == set(Acuerdo.Status)
