"""The access rules with named personas from the demo; each denial has a positive control."""

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404

from agreements.models import Acuerdo
from tracker.access import (
    access_acuerdo,
    access_group,
    access_session,
    acuerdos_visible_to,
    can_approve_minuta,
    groups_visible_to,
)
from meetings.models import Session, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(demo):
    from django.contrib.auth.models import AnonymousUser

    users = {u.username: u for u in get_user_model().objects.all()}
    users["anonymous"] = AnonymousUser()
    return users


def _visible(user):
    return set(groups_visible_to(user).values_list("acronym", flat=True))


def test_groups_each_persona_sees(personas):
    assert _visible(personas["anonymous"]) == set()
    assert _visible(personas["secretaria"]) == {"GTTIM"}
    assert _visible(personas["secretaria.mj"]) == {"MJ-MIGRACION"}
    assert _visible(personas["coordinador"]) == {"GTTIM", "MJ-MIGRACION"}
    assert _visible(personas["enlace.fgr"]) == {"GTTIM", "MJ-MIGRACION"}
    assert _visible(personas["enlace.upmrip"]) == {"GTTIM", "MJ-MIGRACION"}
    assert _visible(personas["admin"]) == set(WorkingGroup.objects.values_list("acronym", flat=True))


def test_out_of_scope_is_404_and_in_scope_is_returned(personas):
    gttim = Session.objects.get(group__acronym="GTTIM", number=5, type="SO")
    mesa = Session.objects.filter(group__acronym="MJ-MIGRACION").first()
    assert access_session(personas["secretaria"], gttim.pk, write=True) == gttim
    with pytest.raises(Http404):
        access_session(personas["secretaria"], mesa.pk)
    with pytest.raises(Http404):
        access_session(personas["coordinador"], gttim.pk, write=True)
    assert access_session(personas["coordinador"], gttim.pk) == gttim
    with pytest.raises(Http404):
        access_group(personas["enlace.fgr"], gttim.group_id, write=True)
    assert access_group(personas["enlace.fgr"], gttim.group_id) == gttim.group
    with pytest.raises(Http404):
        access_group(personas["anonymous"], gttim.group_id)
    with pytest.raises(Http404):
        access_group(personas["secretaria"], "not-a-number")


def test_enlaces_see_only_the_acuerdos_of_their_institution(personas):
    fgr = acuerdos_visible_to(personas["enlace.fgr"])
    assert fgr.count() == Acuerdo.objects.filter(responsibilities__institution__acronym="FGR").count()
    assert fgr.filter(number="5/SO-3").exists()
    only_upmrip = Acuerdo.objects.get(number="5/SO-2")
    with pytest.raises(Http404):
        access_acuerdo(personas["enlace.fgr"], only_upmrip.pk)
    assert access_acuerdo(personas["enlace.upmrip"], only_upmrip.pk) == only_upmrip
    with pytest.raises(Http404):
        access_acuerdo(personas["enlace.upmrip"], only_upmrip.pk, write=True)
    assert access_acuerdo(personas["secretaria"], only_upmrip.pk, write=True) == only_upmrip


def test_who_may_approve(personas):
    gttim = WorkingGroup.objects.get(acronym="GTTIM")
    assert can_approve_minuta(personas["coordinador"], gttim)
    assert can_approve_minuta(personas["secretaria"], gttim)
    assert not can_approve_minuta(personas["secretaria.mj"], gttim)
    assert not can_approve_minuta(personas["enlace.fgr"], gttim)
    assert not can_approve_minuta(personas["anonymous"], gttim)


def test_people_and_institutions_each_persona_sees(personas):
    """Directory scope (search's person and institution kinds): the member institutions of the
    groups a user sees, their people, and the participants of those groups' sessions — with a
    person and an institution of no visible group as the negative controls."""
    from directory.models import Institution, Person
    from meetings.models import Attendance
    from tracker.access import institutions_visible_to, people_visible_to

    from .factories import InstitutionFactory, PersonFactory

    outsider_institution = InstitutionFactory(acronym="AJENA")
    outsider = PersonFactory(institution=outsider_institution, name="Persona Ajena")
    guest = PersonFactory(institution=InstitutionFactory(acronym="INVITADA"),
                          name="Invitada de GTTIM")
    session = Session.objects.filter(group__acronym="GTTIM").order_by("date").first()
    Attendance.objects.create(session=session, person=guest, name=guest.name,
                              institution=guest.institution)
    members = set(Institution.objects.filter(
        memberships__group__acronym__in=["GTTIM", "MJ-MIGRACION"]).values_list("pk", flat=True))
    fgr = personas["enlace.fgr"]
    assert set(institutions_visible_to(fgr).values_list("pk", flat=True)) == members
    seen = set(people_visible_to(fgr))
    assert guest in seen and fgr.person in seen
    assert outsider not in seen
    assert set(Person.objects.filter(institution_id__in=members)) <= seen
    assert guest.institution_id not in members  # seen as a participant, not as a member
    mj = personas["secretaria.mj"]
    assert guest not in set(people_visible_to(mj))  # GTTIM's session: not MJ-MIGRACION's
    assert outsider_institution not in set(institutions_visible_to(mj))
    assert not people_visible_to(personas["anonymous"]).exists()
    assert people_visible_to(personas["admin"]).filter(pk=outsider.pk).exists()
    assert institutions_visible_to(personas["admin"]).filter(pk=outsider_institution.pk).exists()
