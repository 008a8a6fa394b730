"""The group page's reads from rows already read (workspace.selectors.group_page, issue #17) give
what the queries they replaced gave: the compiled acuerdo, responsables and calendar reads the
ORM's; the institution filter's options from the memberships group.institutions'; which minutas
a user may open (access.group_sessions_readable) sessions_visible_to's, for every persona. The
data reaches every branch: a former member, an approved minuta, one corrected after approval
(revision 2), a planned session, a cancelled and an informational acuerdo, sessions on the same
day and time."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Acuerdo, Responsibility
from agreements.services import acuerdo_cancel
from directory.models import Person
from meetings.models import Membership, Session
from tracker import access
from workplan.models import Plan
from workspace import selectors

from .factories import (GroupFactory, InstitutionFactory, PersonFactory, UserFactory,
                        make_acuerdo, make_session)

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 9, 1)


def _group():
    group = GroupFactory(members=4)
    institutions = list(group.member_institutions(on=DAY))
    approved = make_session(group=group, date=dt.date(2025, 5, 6))
    held = make_session(group=group, date=dt.date(2025, 6, 3), start_time=dt.time(9, 5))
    twin = make_session(group=group, date=dt.date(2025, 6, 3), start_time=dt.time(9, 5),
                        type=Session.Type.EXTRAORDINARIA)  # same day and time as `held`
    make_session(group=group, date=dt.date(2025, 10, 2))  # planned: in the calendar only
    make_acuerdo(approved, due_date=dt.date(2025, 6, 1), responsables=institutions[:2],
                 coadyuvantes=institutions[2:])
    make_acuerdo(held, due_date=dt.date(2025, 12, 1), responsables=institutions[1:3])
    make_acuerdo(held, kind=Acuerdo.Kind.INFORMATIONAL)
    make_acuerdo(twin, all_institutions=True, due_date=dt.date(2025, 7, 1))
    acuerdo_cancel(acuerdo=make_acuerdo(twin, due_date=dt.date(2025, 8, 1)), reason="prueba")
    Responsibility.objects.filter(acuerdo__session=held).update(
        status=Responsibility.Status.FULFILLED)
    approver = PersonFactory(institution=institutions[0])
    Session.objects.filter(pk=approved.pk).update(
        minuta_status=Session.MinutaStatus.APPROVED, revision=2, approved_by=approver,
        approved_at=timezone.now())
    Session.objects.filter(pk=held.pk).update(
        minuta_status=Session.MinutaStatus.APPROVED, approved_by=approver,
        approved_at=timezone.now())
    # A former member: still among group.institutions, no longer in the members list.
    Membership.objects.filter(group=group, institution=institutions[3]).update(
        left_on=dt.date(2025, 1, 31))
    return group, institutions


@time_machine.travel("2025-09-01 12:00 -0600", tick=False)
def test_the_compiled_reads_are_the_orms():
    group, institutions = _group()
    # Enlaces of two members (one with two, listed by name), a person who is not an enlace, and
    # the enlace of the former member (not in the members list).
    for name, institution, is_enlace in (("Zoila", institutions[0], True),
                                         ("Ana", institutions[0], True),
                                         ("Beto", institutions[1], True),
                                         ("Carla", institutions[1], False),
                                         ("Dora", institutions[3], True)):
        PersonFactory(name=name, institution=institution, is_enlace=is_enlace)
    page = selectors.group_page(group, {}, DAY)
    rows = list(selectors._group_rows_queryset(group.pk, DAY).values(*selectors.GROUP_ROW_FIELDS))
    expected_responsables = {}
    for part in (Responsibility.objects.filter(acuerdo__group=group,
                                               role=Responsibility.Role.RESPONSABLE)
                 .select_related("institution").order_by("institution__acronym")):
        expected_responsables.setdefault(part.acuerdo_id, "")
        expected_responsables[part.acuerdo_id] += f"{part.institution.acronym} "
    assert len(rows) == 5 and {r["status_value"] for r in rows} >= {"cancelled", "fulfilled"}
    assert [{k: a[k] for k in selectors.GROUP_ROW_FIELDS} for a in page["acuerdos"]] == rows
    assert {a["pk"]: a["responsables_text"] for a in page["acuerdos"]} == {
        r["pk"]: expected_responsables.get(r["pk"], "") for r in rows}
    # The calendar: each row's fields and Session's own rules read from it.
    instances = list(group.sessions.order_by("date", "start_time"))
    assert [s.pk for s in page["sessions"]] == [s.pk for s in instances]
    for light, instance in zip(page["sessions"], instances):
        assert (str(light), light.code, light.acuerdos_provisional) == (
            str(instance), instance.code, instance.acuerdos_provisional)
        for name in selectors.CalendarSession.COLUMNS:
            assert getattr(light, name) == getattr(instance, name)
    assert {a["pk"]: a["is_provisional"] for a in page["acuerdos"]} == {
        a.pk: a.session.acuerdos_provisional
        for a in Acuerdo.objects.filter(pk__in=[r["pk"] for r in rows])}
    # The members list: open memberships only, each with its enlaces as the ORM read them.
    assert [i.pk for i, _enlaces in page["members"]] == list(
        group.memberships.filter(left_on__isnull=True).order_by("institution__acronym")
        .values_list("institution_id", flat=True))
    enlaces = {}
    for person in Person.objects.filter(
        is_enlace=True, institution__in=[i.pk for i, _enlaces in page["members"]]
    ).order_by("name"):
        enlaces.setdefault(person.institution_id, []).append(person)
    assert {i.pk: people for i, people in page["members"] if people} == enlaces
    assert [p.name for p in enlaces[institutions[0].pk]] == ["Ana", "Zoila"]
    assert institutions[3].pk not in enlaces


@pytest.mark.parametrize("data", [{}, {"status": "overdue"}, {"institution": "bad"}])
@time_machine.travel("2025-09-01 12:00 -0600", tick=False)
def test_the_filter_options_are_the_querysets(data):
    """The form with the options given renders as the form that reads its querysets."""
    group, institutions = _group()
    page = selectors.group_page(group, data, DAY)
    reference = selectors.GroupAcuerdoFilter(
        data or None, queryset=selectors._group_rows_queryset(group.pk, DAY), group=group)
    assert [i.pk for i in page["institutions"]] == [i.pk for i in group.institutions.distinct()]
    assert institutions[3] in page["institutions"]  # the former member
    assert str(page["filter"].form) == str(reference.form)
    assert page["filter"].form.errors == reference.form.errors


@time_machine.travel("2025-09-01 12:00 -0600", tick=False)
def test_the_unfiltered_table_is_the_filtersets():
    """The compiled read (no filter) lists what the filterset's queryset lists."""
    group, _institutions = _group()
    page = selectors.group_page(group, {}, DAY)
    reference = selectors.GroupAcuerdoFilter(
        None, queryset=selectors._group_rows_queryset(group.pk, DAY), group=group)
    assert [a["pk"] for a in page["acuerdos"]] == list(reference.qs.values_list("pk", flat=True))


@time_machine.travel("2025-09-01 12:00 -0600", tick=False)
def test_the_readable_minutas_are_sessions_visible_to():
    group, institutions = _group()
    other = GroupFactory(members=[institutions[0]])
    make_session(group=other)
    staff = UserFactory(username="staff", is_staff=True)
    secretariat = UserFactory(username="secretaria")
    group.secretariat.add(secretariat)
    coordinator = UserFactory(username="coordina")
    group.coordinators.add(coordinator)
    other_coordinator = UserFactory(username="otro")
    other.coordinators.add(other_coordinator)
    users = [staff, secretariat, coordinator, other_coordinator, UserFactory(username="nadie")]
    for n, institution in enumerate([institutions[0], institutions[3], InstitutionFactory()]):
        users.append(UserFactory(username=f"enlace{n}"))  # a member, a former one, a stranger
        PersonFactory(user=users[-1], institution=institution, is_enlace=True)
    not_enlace = UserFactory(username="no_enlace")
    PersonFactory(user=not_enlace, institution=institutions[0], is_enlace=False)
    users.append(not_enlace)
    for year, status in ((2024, Plan.Status.IN_CONSULTATION), (2025, Plan.Status.DRAFT),
                         (2026, Plan.Status.IN_CONSULTATION)):
        Plan.objects.create(group=group, year=year, title=f"Plan {year}", status=status)
    Plan.objects.create(group=other, year=2025, title="Otro", status=Plan.Status.IN_CONSULTATION)
    sessions = selectors.group_page(group, {}, DAY)["sessions"]
    member_ids = {i.pk for i in group.institutions.all()}
    seen, seen_plans = set(), set()
    for user in [*users, AnonymousUser()]:
        expected = set(access.sessions_visible_to(user).filter(group=group)
                       .values_list("pk", flat=True))
        followed = access.followed_group_ids(user) if user.is_authenticated else []
        got = access.group_sessions_readable(user, group, sessions, followed_ids=followed,
                                             member_institution_ids=member_ids)
        assert got == expected, user
        seen.add(len(expected))
        plans = [p.pk for p in access.plans_visible_to(user).filter(group=group)
                 .order_by("-year")]
        assert [p.pk for p in access.group_plans_visible(
            user, group, followed_ids=followed, member_institution_ids=member_ids)] == plans
        seen_plans.add(len(plans))
    assert seen == {0, 2, 4}  # none, the approved ones, all
    assert seen_plans == {0, 2, 3}  # none, all but the draft, all


@time_machine.travel("2025-09-01 12:00 -0600", tick=False)
def test_the_coordinators_page_sends_these_queries(client):
    """The unfiltered page for a coordinator, statement by statement (the table of its first
    column)."""
    group, _institutions = _group()
    coordinator = UserFactory(username="coordina")
    group.coordinators.add(coordinator)
    client.force_login(coordinator)
    client.get(f"/groups/{group.pk}/")  # the session's first read done
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/groups/{group.pk}/")
    assert response.status_code == 200
    tables = [re.search(r'"(\w+)"\."', q["sql"]).group(1) for q in queries]
    assert tables == [
        "django_session", "auth_user", "directory_person",  # the request's user
        "meetings_workinggroup",  # access_group
        "meetings_membership",  # members and the institution filter's options
        "directory_person",  # the members' enlaces
        "meetings_session",  # the calendar and the session filter's options
        "agreements_acuerdo",  # the table
        "agreements_responsibility",  # its responsables
        "meetings_workinggroup",  # can_edit_group
        "meetings_workinggroup",  # the followed groups' ids (top bar, readable minutas)
        "workplan_plan",  # the group's work plans (compiled)
    ], [q["sql"][:80] for q in queries]
    assert "secretariat" not in queries[-1]["sql"]  # a plain read of the group's plans


@time_machine.travel("2025-09-01 12:00 -0600", tick=False)
def test_the_compiled_group_check_is_the_orms():
    """access_group's compiled read (a visible group, by id) against groups_visible_to's .get()."""
    group, institutions = _group()
    other = GroupFactory(members=[institutions[0]])
    stranger = GroupFactory(members=1)
    staff = UserFactory(username="staff", is_staff=True)
    coordinator = UserFactory(username="coordina")
    group.coordinators.add(coordinator)
    enlace = UserFactory(username="enlace")  # a member of `group` and `other`, not `stranger`
    PersonFactory(user=enlace, institution=institutions[0], is_enlace=True)
    former = UserFactory(username="antes")  # its institution left `group`
    PersonFactory(user=former, institution=institutions[3], is_enlace=True)
    seen = set()
    for user in (staff, coordinator, enlace, former, UserFactory(username="nadie")):
        for pk in (group.pk, other.pk, stranger.pk, 10**9):
            expected = list(access.groups_visible_to(user).filter(pk=pk))
            got = access._visible_group(user, pk)
            assert [(g.pk, g.acronym, g.name) for g in got] == [
                (g.pk, g.acronym, g.name) for g in expected], (user, pk)
            if expected:
                assert access.access_group(user, pk) == expected[0]
            else:
                with pytest.raises(Http404):
                    access.access_group(user, pk)
            seen.add((user.username, bool(expected)))
    assert len(seen) == 9  # staff sees every group but the missing one; "nadie" none


def test_the_compiled_edit_check_is_the_orms():
    """can_edit_group's compiled read against groups_editable_by(user).filter(pk=…).exists(), for
    staff, the group's secretariat (of another group too), its coordinator, an enlace, a user
    with no role and an anonymous one; a deleted group too."""
    group, institutions = _group()
    other = GroupFactory(members=1)
    secretary = UserFactory(username="secre")
    group.secretariat.add(secretary)
    elsewhere = UserFactory(username="secre_otro")  # the secretariat of `other` only
    other.secretariat.add(elsewhere)
    coordinator = UserFactory(username="coordina")
    group.coordinators.add(coordinator)
    enlace = UserFactory(username="enlace")
    PersonFactory(user=enlace, institution=institutions[0], is_enlace=True)
    gone = GroupFactory(members=1)
    gone_pk = gone.pk
    gone.delete()
    gone.pk = gone_pk  # an instance whose row is no longer there
    users = (UserFactory(username="staff", is_staff=True), secretary, elsewhere, coordinator,
             enlace, UserFactory(username="nadie"), AnonymousUser())
    seen = set()
    for user in users:
        for target in (group, other, gone):
            expected = access.groups_editable_by(user).filter(pk=target.pk).exists()
            assert access.can_edit_group(user, target) is expected, (user, target.pk)
            seen.add(expected)
    assert seen == {True, False}


def test_the_compiled_person_read_is_the_accessors(django_assert_num_queries):
    """access.user_person (what enlace_institution reads) against getattr(user, "person", None),
    for an enlace, a person who is not one and a user with no person, bare and behind
    request.user's lazy wrapper: the same person, one query, and none afterwards for user.person
    nor person.user (both cached as the accessor caches them)."""
    from django.contrib.auth import get_user_model
    from django.utils.functional import SimpleLazyObject

    institution = InstitutionFactory()
    enlace, plain, nobody = (UserFactory(username=n) for n in ("enlace", "plain", "nobody"))
    PersonFactory(user=enlace, institution=institution, is_enlace=True)
    PersonFactory(user=plain, institution=institution)
    seen = set()
    for user in (enlace, plain, nobody):
        for wrap in (False, True):
            fresh = get_user_model().objects.get(pk=user.pk)
            expected = getattr(get_user_model().objects.get(pk=user.pk), "person", None)
            subject = SimpleLazyObject(lambda fresh=fresh: fresh) if wrap else fresh
            subject.is_authenticated  # noqa: B018 (request.user is set up by then)
            with django_assert_num_queries(1):
                person = access.user_person(subject)
            assert (person.pk, person.name, person.is_enlace) == (
                expected.pk, expected.name, expected.is_enlace) if expected else person is None
            with django_assert_num_queries(0):
                assert getattr(subject, "person", None) == expected
                assert access.user_person(subject) is person
                if person is not None:
                    assert person.user is fresh
            assert access.enlace_institution(get_user_model().objects.get(pk=user.pk)) == (
                institution if user is enlace else None)
            seen.add(person is not None)
    assert seen == {True, False}
