"""The secretariat's publication page: who may mark, what is refused, the audit row."""

import pytest

from audit.models import AuditEntry
from publication.models import GroupPublication, SessionPublication

from .factories import GroupFactory, PersonFactory, UserFactory, make_acuerdo

pytestmark = pytest.mark.django_db


@pytest.fixture
def marked():
    acuerdo = make_acuerdo(text="Acuerdo por marcar")
    group = acuerdo.session.group
    secretaria = UserFactory(username="secretaria.pub")
    group.secretariat.add(secretaria)
    enlace = UserFactory(username="enlace.pub")
    PersonFactory(user=enlace, is_enlace=True, institution=group.institutions.first())
    other = UserFactory(username="otra.secretaria")
    GroupFactory().secretariat.add(other)
    return acuerdo, secretaria, enlace, other


def _url(acuerdo):
    return f"/publicacion/sesiones/{acuerdo.session_id}/"


def test_it_lets_the_secretariat_reserve_an_acuerdo_with_an_audit_row(client, marked):
    acuerdo, secretaria, _enlace, _other = marked
    client.force_login(secretaria)
    assert client.get(_url(acuerdo)).status_code == 200
    response = client.post(_url(acuerdo), {"kind": "acuerdo", "key": acuerdo.pk,
                                           "status": "reserved", "legal_basis": "art. 113-I",
                                           "reserved_until": "2031-02-01"})
    assert response.status_code == 302
    mark = acuerdo.publication
    assert (mark.status, mark.legal_basis, str(mark.reserved_until)) == (
        "reserved", "art. 113-I", "2031-02-01")
    entry = AuditEntry.objects.get(action="publication")
    assert entry.actor == secretaria and entry.changes["status"] == ["public", "reserved"]
    client.post(_url(acuerdo), {"group_form": "1", "publishes": "on"})
    assert GroupPublication.objects.get(group=acuerdo.group).publishes


def test_it_refuses_a_reservation_without_basis_or_end_and_saves_nothing(client, marked):
    acuerdo, secretaria, _enlace, _other = marked
    client.force_login(secretaria)
    response = client.post(_url(acuerdo), {"kind": "session", "key": acuerdo.session_id,
                                           "status": "reserved", "legal_basis": "",
                                           "reserved_until": ""})
    assert response.status_code == 400
    text = response.content.decode()
    assert "fundamento legal" in text and "fecha en que termina" in text
    assert not SessionPublication.objects.exists()
    response = client.post(_url(acuerdo), {"kind": "session", "key": acuerdo.session_id,
                                           "status": "reserved", "legal_basis": "art. 113",
                                           "reserved_until": "no es fecha"})
    assert response.status_code == 400 and not SessionPublication.objects.exists()


def test_it_hides_the_page_from_enlaces_and_other_groups_secretariat(client, marked):
    acuerdo, secretaria, enlace, other = marked
    for user in (enlace, other):
        client.force_login(user)
        assert client.get(_url(acuerdo)).status_code == 404
        assert client.post(_url(acuerdo), {"group_form": "1", "publishes": "on"}).status_code == 404
    assert not GroupPublication.objects.exists()
    client.logout()
    assert client.get(_url(acuerdo)).status_code == 302  # to the login page
    # A part of another session is refused, not marked.
    foreign = make_acuerdo(text="De otra sesión")
    client.force_login(secretaria)
    response = client.post(_url(acuerdo), {"kind": "acuerdo", "key": foreign.pk,
                                           "status": "confidential"})
    assert response.status_code == 400 and not hasattr(foreign, "publication")
