"""The session editor's acuerdo corrections before approval: deleting an acuerdo (the others are
renumbered) and changing its responsables and coadyuvantes."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from agreements.models import Acuerdo, AcuerdoEvent, Responsibility
from agreements.services import (
    acuerdo_change_responsibilities,
    acuerdo_delete,
    responsibility_change_status,
)
from meetings.models import MinutaEvent
from meetings.services import minuta_approve_by, minuta_open_revision, minuta_submit

from .factories import GroupFactory, UserFactory, make_session
from .workspace_data import filled_session, secretariat_user

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def setup(client):
    session = filled_session(participants=2, items=1, acuerdos=3)
    user = secretariat_user(session.group)
    client.force_login(user)
    # a answers for every acuerdo of the session and b helps (filled_session); c and d do not.
    parts = {p.role: p.institution for p in session.acuerdos.get(sequence=1).responsibilities.all()}
    a, b = parts["responsable"], parts["coadyuvante"]
    c, d = session.group.member_institutions(on=session.date).exclude(pk__in=[a.pk, b.pk])
    return session, user, [a, b, c, d]


def _numbers(session):
    return list(session.acuerdos.order_by("sequence").values_list("number", "text"))


def _approve(session, user):
    approver = secretariat_user(session.group, username="otra")
    minuta_submit(session=session, user=user)
    return minuta_approve_by(session=session, user=approver)


def _parts(acuerdo):
    return {(p.institution.acronym, p.role, p.status)
            for p in acuerdo.responsibilities.select_related("institution")}


# --- deleting -----------------------------------------------------------------------------------


def test_it_deletes_an_acuerdo_and_renumbers_the_ones_after_it(setup):
    session, user, _ = setup
    second = session.acuerdos.get(sequence=2)
    acuerdo_delete(acuerdo=second, actor=user)
    assert _numbers(session) == [("1/SO-1", "Acuerdo 1"), ("1/SO-2", "Acuerdo 3")]
    assert not AcuerdoEvent.objects.filter(acuerdo_id=second.pk).exists()
    moved = AcuerdoEvent.objects.get(kind=AcuerdoEvent.Kind.NUMBER)
    assert (moved.acuerdo.text, moved.old_value, moved.new_value) == (
        "Acuerdo 3", "1/SO-3", "1/SO-2")
    event = session.minuta_events.get(what__contains="1/SO-2")
    assert event.actor == user and event.kind == MinutaEvent.Kind.CHANGED
    assert event.old_value.startswith("Acuerdo 2 (")


def test_it_refuses_to_delete_in_review_after_approval_and_in_a_correction(setup):
    session, user, _ = setup
    first = session.acuerdos.get(sequence=1)
    minuta_submit(session=session, user=user)
    with pytest.raises(ValidationError):
        acuerdo_delete(acuerdo=first, actor=user)
    session.minuta_status = session.MinutaStatus.DRAFT
    session.save(update_fields=["minuta_status"])
    session = _approve(session, user)
    with pytest.raises(ValidationError):
        acuerdo_delete(acuerdo=first, actor=user)
    session = minuta_open_revision(session=session, user=user, reason="Falta un nombre")
    with translation.override("en"), pytest.raises(ValidationError, match="published"):
        acuerdo_delete(acuerdo=first, actor=user)
    assert len(_numbers(session)) == 3


def test_it_refuses_to_delete_an_acuerdo_an_institution_reported_on(setup):
    session, user, _ = setup
    first = session.acuerdos.get(sequence=1)
    responsibility_change_status(responsibility=first.responsibilities.first(),
                                 status=Responsibility.Status.IN_PROGRESS, actor=user)
    with translation.override("en"), pytest.raises(ValidationError, match="1/SO-1"):
        acuerdo_delete(acuerdo=first, actor=user)
    assert Acuerdo.objects.filter(pk=first.pk).exists()


def test_it_deletes_from_the_editor_and_only_for_the_secretariat(client, setup):
    session, user, _ = setup
    third = session.acuerdos.get(sequence=3)
    first = session.acuerdos.get(sequence=1)
    outsider = secretariat_user(GroupFactory(members=1), username="ajena")
    coordinator = UserFactory()
    session.group.coordinators.add(coordinator)
    for other in (outsider, coordinator):
        client.force_login(other)
        assert client.post(f"/sessions/{session.pk}/acuerdos/{first.pk}/delete/",
                           **HX).status_code == 404
    client.force_login(user)
    reply = client.post(f"/sessions/{session.pk}/acuerdos/{first.pk}/delete/", **HX)
    page = reply.content.decode()
    assert reply.status_code == 200 and "\nAcuerdo 1</textarea>" not in page
    assert "\nAcuerdo 2</textarea>" in page
    assert f'id="acuerdo-{third.pk}"' in page and "1/SO-2" in page and "1/SO-3" not in page
    # Without JavaScript: the same form posts and comes back to the editor.
    reply = client.post(f"/sessions/{session.pk}/acuerdos/{third.pk}/delete/")
    assert reply.status_code == 302
    assert _numbers(session) == [("1/SO-1", "Acuerdo 2")]


def test_it_shows_delete_only_before_the_first_approval(client, setup):
    session, user, _ = setup
    first = session.acuerdos.get(sequence=1)
    delete_url = f"/sessions/{session.pk}/acuerdos/{first.pk}/delete/"
    institutions_url = f"/sessions/{session.pk}/acuerdos/{first.pk}/institutions/"
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert delete_url in page and institutions_url in page
    session = minuta_open_revision(session=_approve(session, user), user=user, reason="Corrección")
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert delete_url not in page and institutions_url in page
    with translation.override("en"):
        reply = client.post(delete_url, **HX)
    assert "published" in reply.content.decode()
    assert session.acuerdos.count() == 3


# --- responsables and coadyuvantes -------------------------------------------------------------


def test_it_changes_the_institutions_keeping_the_status_of_parts_that_stay(setup):
    session, user, (a, b, c, d) = setup
    acuerdo = session.acuerdos.get(sequence=1)
    assert _parts(acuerdo) == {(a.acronym, "responsable", "pending"),
                               (b.acronym, "coadyuvante", "pending")}
    responsibility_change_status(responsibility=acuerdo.responsibilities.get(institution=a),
                                 status=Responsibility.Status.IN_PROGRESS, actor=user)
    acuerdo_change_responsibilities(acuerdo=acuerdo, responsables=[a, c], coadyuvantes=[d],
                                    actor=user)
    assert _parts(acuerdo) == {(a.acronym, "responsable", "in_progress"),
                               (c.acronym, "responsable", "pending"),
                               (d.acronym, "coadyuvante", "pending")}
    event = acuerdo.events.get(kind=AcuerdoEvent.Kind.INSTITUTIONS)
    assert event.actor == user
    assert b.acronym in event.old_value and d.acronym not in event.old_value
    assert c.acronym in event.new_value and b.acronym not in event.new_value


def test_it_switches_to_and_from_all_institutions(setup):
    session, user, (a, b, c, d) = setup
    acuerdo = session.acuerdos.get(sequence=2)
    with translation.override("en"):
        acuerdo_change_responsibilities(acuerdo=acuerdo, all_institutions=True, actor=user)
    acuerdo.refresh_from_db()
    assert acuerdo.all_institutions
    assert _parts(acuerdo) == {(i.acronym, "responsable", "pending") for i in (a, b, c, d)}
    with translation.override("en"):
        acuerdo_change_responsibilities(acuerdo=acuerdo, responsables=[b], coadyuvantes=[a],
                                        actor=user)
    acuerdo.refresh_from_db()
    assert not acuerdo.all_institutions
    assert _parts(acuerdo) == {(b.acronym, "responsable", "pending"),
                               (a.acronym, "coadyuvante", "pending")}
    to_all, back = acuerdo.events.filter(kind=AcuerdoEvent.Kind.INSTITUTIONS).order_by("at", "id")
    assert to_all.new_value.startswith("All institutions (") and back.old_value == to_all.new_value


def test_it_refuses_bad_changes_and_leaves_the_parts_as_they_were(setup):
    session, user, (a, b, c, d) = setup
    acuerdo = session.acuerdos.get(sequence=1)
    before = _parts(acuerdo)
    responsibility_change_status(responsibility=acuerdo.responsibilities.get(institution=b),
                                 status=Responsibility.Status.IN_PROGRESS, actor=user)
    with translation.override("en"):
        with pytest.raises(ValidationError, match=f"{b.acronym} already reported"):
            acuerdo_change_responsibilities(acuerdo=acuerdo, responsables=[a], actor=user)
        with pytest.raises(ValidationError, match="both responsible and supporting"):
            acuerdo_change_responsibilities(acuerdo=acuerdo, responsables=[a],
                                            coadyuvantes=[a, b], actor=user)
        with pytest.raises(ValidationError, match="at least one"):
            acuerdo_change_responsibilities(acuerdo=acuerdo, coadyuvantes=[b], actor=user)
    assert {(i, r) for i, r, _s in _parts(acuerdo)} == {(i, r) for i, r, _s in before}
    assert not acuerdo.events.filter(kind=AcuerdoEvent.Kind.INSTITUTIONS).exists()


def test_it_refuses_to_change_the_institutions_of_an_approved_minuta(setup):
    session, user, (a, b, c, d) = setup
    acuerdo = session.acuerdos.get(sequence=1)
    _approve(session, user)
    with pytest.raises(ValidationError):
        acuerdo_change_responsibilities(acuerdo=acuerdo, responsables=[c], actor=user)
    assert {i for i, _r, _s in _parts(acuerdo)} == {a.acronym, b.acronym}


def test_it_changes_the_institutions_from_the_editor_with_errors_next_to_the_field(client, setup):
    session, user, (a, b, c, d) = setup
    acuerdo = session.acuerdos.get(sequence=1)
    url = f"/sessions/{session.pk}/acuerdos/{acuerdo.pk}/institutions/"
    p = f"i{acuerdo.pk}"
    with translation.override("en"):
        reply = client.post(url, {f"{p}-responsables": ["all", str(c.pk)]}, **HX)
        assert "not both" in reply.content.decode()
        reply = client.post(url, {f"{p}-coadyuvantes": [str(c.pk)]}, **HX)
        assert "at least one responsible" in reply.content.decode()
        reply = client.post(url, {f"{p}-responsables": [str(c.pk)],
                                  f"{p}-coadyuvantes": [str(c.pk)]}, **HX)
        assert "both responsible and supporting" in reply.content.decode()
        assert _parts(acuerdo) == {(a.acronym, "responsable", "pending"),
                                   (b.acronym, "coadyuvante", "pending")}
        reply = client.post(url, {f"{p}-responsables": ["all"], f"{p}-coadyuvantes": []}, **HX)
    assert reply.status_code == 200 and "All institutions" in reply.content.decode()
    acuerdo.refresh_from_db()
    assert acuerdo.all_institutions and acuerdo.responsibilities.count() == 4
    minuta_submit(session=session, user=user)
    with translation.override("en"):
        reply = client.post(url, {f"{p}-responsables": [str(d.pk)]}, **HX)
    assert "in review" in reply.content.decode()
    assert acuerdo.responsibilities.count() == 4
    outsider = secretariat_user(GroupFactory(members=1), username="ajena")
    client.force_login(outsider)
    assert client.post(url, {f"{p}-responsables": [str(d.pk)]}).status_code == 404


def test_it_keeps_an_institution_that_left_the_group_choosable(client, setup):
    session, user, (a, b, c, d) = setup
    other = make_session(group=GroupFactory(members=1)).group.institutions.first()
    acuerdo = session.acuerdos.get(sequence=1)
    Responsibility.objects.create(acuerdo=acuerdo, institution=other,
                                  role=Responsibility.Role.COADYUVANTE)
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert f'name="i{acuerdo.pk}-coadyuvantes" value="{other.pk}"' in page
    client.post(f"/sessions/{session.pk}/acuerdos/{acuerdo.pk}/institutions/", {
        f"i{acuerdo.pk}-responsables": [str(a.pk)],
        f"i{acuerdo.pk}-coadyuvantes": [str(b.pk), str(other.pk)]}, **HX)
    assert {i for i, _r, _s in _parts(acuerdo)} == {a.acronym, b.acronym, other.acronym}
