"""access.plans_to_propose_on: the notice atop Mis acuerdos ("Work plans in consultation"), read
through a compiled query (tracker.compiled), gives what the ORM's plans_open_to_proposals gives,
with the group loaded, for every persona."""

import pytest
from django.utils import timezone

from tracker import access
from workplan.models import Plan

from .factories import GroupFactory, InstitutionFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _orm(user):
    return list(access.plans_open_to_proposals(user).select_related("group")
                .order_by("-year", "group__acronym"))


@pytest.fixture
def world():
    own, other = InstitutionFactory(acronym="OWN"), InstitutionFactory(acronym="OTHER")
    alpha = GroupFactory(acronym="ALPHA", members=[own, other])
    beta = GroupFactory(acronym="BETA", members=[own])
    gamma = GroupFactory(acronym="GAMMA", members=[other])  # OWN is not a member
    consult = Plan.Status.IN_CONSULTATION
    plans = {
        "beta-2027": Plan.objects.create(group=beta, year=2027, title="B27", status=consult),
        "alpha-2027": Plan.objects.create(group=alpha, year=2027, title="A27", status=consult),
        "alpha-2026": Plan.objects.create(group=alpha, year=2026, title="A26", status=consult),
        "beta-draft": Plan.objects.create(group=beta, year=2026, title="B26"),
        "alpha-approved": Plan.objects.create(group=alpha, year=2025, title="A25",
                                              status=Plan.Status.APPROVED,
                                              approved_at=timezone.now()),
        "gamma-2027": Plan.objects.create(group=gamma, year=2027, title="G27", status=consult),
    }
    users = {
        "enlace": UserFactory(username="enlace"),
        "other-enlace": UserFactory(username="other-enlace"),
        "not-enlace": UserFactory(username="not-enlace"),
        "no-person": UserFactory(username="no-person"),
        "staff": UserFactory(username="staff", is_staff=True),
    }
    PersonFactory(institution=own, user=users["enlace"], is_enlace=True)
    PersonFactory(institution=other, user=users["other-enlace"], is_enlace=True)
    PersonFactory(institution=own, user=users["not-enlace"], is_enlace=False)
    return plans, users


def test_it_gives_the_orms_plans_in_its_order(world):
    plans, users = world
    expected = {
        "enlace": ["alpha-2027", "beta-2027", "alpha-2026"],
        "other-enlace": ["alpha-2027", "gamma-2027", "alpha-2026"],
        "not-enlace": [], "no-person": [], "staff": [],
    }
    for name, user in users.items():
        user = type(user).objects.get(pk=user.pk)  # nothing cached from the fixture
        got = access.plans_to_propose_on(user)
        assert got == _orm(user), name
        assert got == [plans[key] for key in expected[name]], name


def test_it_reads_the_groups_with_the_plans(world, django_assert_num_queries):
    _plans, users = world
    user = type(users["enlace"]).objects.get(pk=users["enlace"].pk)
    access.enlace_institution(user)  # the person: read once per request, by every page
    # 1 query: the plans in consultation of the institution's groups, joined with their group.
    with django_assert_num_queries(1):
        acronyms = [plan.group.acronym for plan in access.plans_to_propose_on(user)]
    assert acronyms == ["ALPHA", "BETA", "ALPHA"]
