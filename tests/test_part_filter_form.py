"""The filter form classes of Mis acuerdos and of the group page are built once per process
(tracker.filtersets.FormClassOnce, issue #17): each request still gets its own group,
institution and session choices, and the form is the one django-filter built per request."""

import datetime as dt

import django_filters
import pytest
from django.template import engines

from followup.filters import PartFilter
from tracker import access

from .followup_helpers import user

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 21)


def _form(rf, person, data, per_request=False):
    request = rf.get("/acuerdos/", data)
    request.user = person
    filterset = PartFilter(request.GET or None, request=request, day=DAY)
    if per_request:  # django-filter's own: a new class (and a field per filter) each time
        filterset.get_form_class = lambda: django_filters.FilterSet.get_form_class(filterset)
    form = filterset.form
    form.is_valid()
    return form


def _html(form):
    return engines["django"].from_string(
        "{% load workspace %}{% for field in form %}{% filter_field field %}{% endfor %}"
    ).render({"form": form})


@pytest.mark.parametrize("data", [{}, {"group": "0", "status": "bogus"}])
def test_each_request_gets_its_own_choices(demo, rf, data):
    people = [user("secretaria"), user("enlace.fgr"), user("coordinador"), user("enlace.fgr")]
    seen = []
    for person in people:
        form = _form(rf, person, data)
        assert _html(form) == _html(_form(rf, person, data, per_request=True))
        groups = set(form.fields["group"].queryset.values_list("pk", flat=True))
        assert groups == set(access.groups_visible_to(person).values_list("pk", flat=True))
        seen.append((groups, set(form.fields["institution"].queryset.values_list("pk",
                                                                              flat=True))))
    assert seen[0] != seen[1] and seen[1] == seen[3]  # staff and an enlace differ
    assert len(seen[1][1]) == 1  # an enlace: their institution only
    # One class for every request, its own choices empty.
    assert type(_form(rf, people[0], data)) is type(_form(rf, people[1], data))
    assert not PartFilter._form_class.base_fields["group"].queryset.exists()


def test_the_group_options_are_groups_visible_to_s(demo, rf, django_user_model):
    """The options come from a compiled read (access.groups_visible_list): the same groups, in
    the same order, with the same labels as the ORM's queryset, for each persona."""
    from django.contrib.auth.models import AnonymousUser

    from .factories import GroupFactory, PersonFactory

    staff = django_user_model.objects.create_user("staff", is_staff=True)
    nobody = django_user_model.objects.create_user("nobody")  # no person, follows nothing
    # An enlace who also coordinates a group their institution is no member of: both halves of
    # the scope (followed groups OR the institution's memberships).
    both = django_user_model.objects.create_user("enlace.coordina")
    PersonFactory(user=both, is_enlace=True, institution=user("enlace.fgr").person.institution)
    GroupFactory(acronym="ZZ-COORD").coordinators.add(both)
    sizes = []
    for person in (staff, user("secretaria"), user("coordinador"), user("enlace.fgr"), nobody,
                   both):
        expected = list(access.groups_visible_to(person).order_by("acronym"))
        assert access.groups_visible_list(person) == expected, person
        options = [(value, str(label)) for value, label in _form(rf, person, {})
                   .fields["group"].widget.choices]
        assert options == [("", "Todos")] + [(g.pk, str(g)) for g in expected], person
        sizes.append(len(expected))
    assert sizes[0] > sizes[3] > 0 and sizes[4] == 0  # staff, an enlace, nobody differ
    assert sizes[5] == sizes[3] + 1  # the enlace's groups and the one they coordinate
    assert access.groups_visible_list(AnonymousUser()) == []


def test_a_chosen_group_is_checked_against_the_user_s_own(demo, rf, django_user_model):
    from .factories import GroupFactory

    other = GroupFactory()  # the enlace's institution is no member of it
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    assert _form(rf, staff, {"group": str(other.pk)}).is_valid()
    assert not _form(rf, user("enlace.fgr"), {"group": str(other.pk)}).is_valid()
    assert _form(rf, staff, {"group": str(other.pk)}).is_valid()


def test_each_group_page_gets_its_group_s_choices():
    from workspace.selectors import GroupAcuerdoFilter

    from .factories import make_session

    first, second = make_session(), make_session()
    assert first.group != second.group
    for session in (first, second, first):
        group = session.group
        filterset = GroupAcuerdoFilter(None, queryset=group.acuerdos.all(), group=group)
        per_request = GroupAcuerdoFilter(None, queryset=group.acuerdos.all(), group=group)
        per_request.get_form_class = (
            lambda f=per_request: django_filters.FilterSet.get_form_class(f))
        form = filterset.form
        assert _html(form) == _html(per_request.form)
        assert list(form.fields["session"].queryset) == [session]
        assert set(form.fields["institution"].queryset) == set(group.institutions.all())
        assert set(form.fields["institution"].queryset)


@pytest.mark.parametrize("data", [{}, {"institution": "0"}])
def test_an_enlaces_institution_option_is_the_querysets(demo, rf, data, django_user_model):
    """The one option written from the enlace's institution is what the queryset renders."""
    plain = django_user_model.objects.create_user("plain")  # no institution, no group
    for person in (user("enlace.fgr"), user("secretaria"), user("admin"), plain):
        form = _form(rf, person, data)
        html = _html(form)
        field = form.fields["institution"]
        field.widget.choices = field.choices  # the queryset's iterator
        assert html == _html(form), person
    assert str(_form(rf, user("enlace.fgr"), {})["institution"]).count('<option value="') == 2
