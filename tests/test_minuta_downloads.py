"""Downloads of the minuta, the stored file of an approved one, and the approval task."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.models import MinutaDocument
from documents.services import minuta_store_approved
from meetings.models import Session
from meetings.services import minuta_approve, minuta_submit_for_review
from tracker.celery import app as celery_app

from .factories import PersonFactory, UserFactory, make_session
from .minuta_helpers import gttim_session, media, mj_review_session, pdf_text  # noqa: F401


def _login(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_it_downloads_the_stored_bytes_of_an_approved_minuta(demo, media, client):
    _login(client, "secretaria")
    session = gttim_session()
    url = reverse("documents:minuta_pdf", args=[session.pk])
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    stored = MinutaDocument.objects.get(session=session)
    body = _body(first)
    assert _sha(body) == stored.sha256 and len(body) == stored.size
    assert _body(client.get(url)) == body  # the same bytes, not a new rendering
    assert MinutaDocument.objects.filter(session=session).count() == 1


def test_it_previews_a_draft_with_the_watermark_and_stores_nothing(demo, media, client):
    _login(client, "coordinador")
    response = client.get(reverse("documents:minuta_pdf", args=[mj_review_session().pk]))
    assert response.status_code == 200
    assert "BORRADOR" in pdf_text(response.content)
    assert response["Cache-Control"] == "no-store"
    assert not MinutaDocument.objects.exists()


def test_it_downloads_the_docx(demo, client):
    _login(client, "enlace.fgr")
    response = client.get(reverse("documents:minuta_docx", args=[gttim_session().pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response.content.startswith(b"PK")


@pytest.mark.parametrize("name", ["minuta_pdf", "minuta_docx"])
def test_it_hides_sessions_outside_the_users_scope(demo, client, name):
    client.force_login(UserFactory())
    assert client.get(reverse(f"documents:{name}", args=[gttim_session().pk])).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(demo, client):
    response = client.get(reverse("documents:minuta_pdf", args=[gttim_session().pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_keeps_old_revisions_downloadable(demo, media, client):
    session = gttim_session()
    first = minuta_store_approved(session_id=session.pk)
    Session.objects.filter(pk=session.pk).update(revision=2)
    second = minuta_store_approved(session_id=session.pk)
    assert (first.revision, second.revision) == (1, 2) and first.pk != second.pk
    _login(client, "secretaria")
    old = client.get(reverse("documents:minuta_file", args=[first.pk]))
    assert _sha(_body(old)) == first.sha256
    current = client.get(reverse("documents:minuta_pdf", args=[session.pk]))
    assert _sha(_body(current)) == second.sha256


def test_it_hides_stored_files_outside_the_users_scope(demo, media, client):
    document = minuta_store_approved(session_id=gttim_session().pk)
    client.force_login(UserFactory())
    assert client.get(reverse("documents:minuta_file", args=[document.pk])).status_code == 404
    assert client.get(reverse("documents:minuta_file", args=[987654])).status_code == 404


def test_it_stores_a_revision_once(demo, media):
    session = gttim_session()
    first = minuta_store_approved(session_id=session.pk)
    again = minuta_store_approved(session_id=session.pk)
    assert again.pk == first.pk and MinutaDocument.objects.count() == 1
    assert first.file.read() == again.file.read()


def test_it_refuses_to_store_a_draft(demo, media):
    with pytest.raises(ValidationError):
        minuta_store_approved(session_id=mj_review_session().pk)
    assert not MinutaDocument.objects.exists()


@pytest.fixture
def eager_celery():
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


def test_it_stores_the_pdf_when_the_minuta_is_approved(
    db, media, eager_celery, client, django_capture_on_commit_callbacks
):
    session = make_session()
    minuta_submit_for_review(session=session, drafted_by=PersonFactory())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        minuta_approve(session=session, approved_by=PersonFactory())
    assert len(callbacks) == 1
    document = MinutaDocument.objects.get(session=session)
    assert document.revision == 1 and document.format == "pdf"
    client.force_login(UserFactory(is_staff=True))
    body = _body(client.get(reverse("documents:minuta_pdf", args=[session.pk])))
    assert _sha(body) == document.sha256
    assert "BORRADOR" not in pdf_text(body)
