"""The upload and review pages: only the group's secretariat; a refused file says why and saves
nothing; the review keeps the secretary's choices when an import is refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.models import MinutaImport
from meetings.models import Session, WorkingGroup

from .followup_helpers import user
from .minuta_docx_builder import REFERENCE, build, read_reference

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REFERENCE.exists(), reason="the reference minuta is not beside the "
                       "checkout"),
]


def _docx(ref=None):
    return SimpleUploadedFile("minuta.docx", build(ref or read_reference()),
                              content_type="application/vnd.openxmlformats-officedocument."
                              "wordprocessingml.document")


@pytest.fixture
def empty_group(demo):
    group = WorkingGroup.objects.create(acronym="GTTIM-HIST", name="Grupo de Trabajo histórico")
    group.secretariat.add(user("secretaria"))
    return group


def test_it_uploads_reviews_and_imports(empty_group, client):
    client.force_login(user("secretaria"))
    response = client.post(f"/groups/{empty_group.pk}/importar/", {"file": _docx()})
    draft = MinutaImport.objects.get(group=empty_group)
    assert response.status_code == 302 and response["Location"] == f"/importaciones/{draft.pk}/"
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    for expected in ("Inspector José Alfredo Villa Aburto", "12:15–12:35", "5/SO-3",
                     "Ángeles Calderón San Martín", "891 5650 9733"):
        assert expected in body
    assert not Session.objects.filter(group=empty_group).exists()  # nothing saved yet
    done = client.post(f"/importaciones/{draft.pk}/", {
        "action": "import", "as_approved": "on", "add_members": "on"})
    session = Session.objects.get(group=empty_group)
    assert done.status_code == 302 and done["Location"] == f"/sessions/{session.pk}/"
    assert session.minuta_status == "approved" and session.acuerdos.count() == 5
    # The review of an imported file now leads to its session.
    assert client.get(f"/importaciones/{draft.pk}/")["Location"] == f"/sessions/{session.pk}/"


def test_a_refused_import_keeps_the_choices_made(empty_group, client):
    ref = read_reference()
    ref.participants = [[n, c, "Secretaria de Marina Armada" if i == "Marina" else i]
                        for n, c, i in ref.participants]
    ref.acuerdos[3][3] = "a la brevedad"
    client.force_login(user("secretaria"))
    client.post(f"/groups/{empty_group.pk}/importar/", {"file": _docx(ref)})
    draft = MinutaImport.objects.get(group=empty_group)
    response = client.post(f"/importaciones/{draft.pk}/", {
        "action": "import", "as_approved": "on", "add_members": "on", "due:2": "2025-06-20"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "no se importó" in body.lower() or "not imported" in body.lower()
    assert 'name="due:2" value="2025-06-20"' in body  # the typed date is still there
    assert 'class="needs-decision"' in body
    assert not Session.objects.filter(group=empty_group).exists()


def test_a_file_that_is_not_a_minuta_is_refused_on_the_page(empty_group, client):
    client.force_login(user("secretaria"))
    response = client.post(f"/groups/{empty_group.pk}/importar/",
                           {"file": SimpleUploadedFile("notas.docx", b"plain text")})
    assert response.status_code == 422
    assert "no es un documento de Word" in response.content.decode()
    assert MinutaImport.objects.count() == 0


@pytest.mark.parametrize("username", ["enlace.fgr", "coordinador", "secretaria.mj"])
def test_only_the_groups_secretariat_uploads_and_reviews(empty_group, client, username):
    # Positive control: the group's secretary uploads.
    client.force_login(user("secretaria"))
    client.post(f"/groups/{empty_group.pk}/importar/", {"file": _docx()})
    draft = MinutaImport.objects.get()
    assert client.get(f"/importaciones/{draft.pk}/").status_code == 200
    client.force_login(user(username))
    assert client.get(f"/groups/{empty_group.pk}/importar/").status_code == 404
    assert client.post(f"/groups/{empty_group.pk}/importar/", {"file": _docx()}).status_code == 404
    assert client.get(f"/importaciones/{draft.pk}/").status_code == 404
    assert client.post(f"/importaciones/{draft.pk}/", {"action": "import"}).status_code == 404
    assert MinutaImport.objects.count() == 1 and not Session.objects.filter(
        group=empty_group).exists()
