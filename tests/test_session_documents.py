"""Session documents: attached by the secretariat (checked like evidence, stored with SHA-256),
read through tracker.access.access_session_document, listed in the minuta as "Anexos" and
linked from the approved-minuta e-mail; attaching can fulfil an open acuerdo (5/SO-5)."""

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import AcuerdoEvent, Responsibility
from directory.models import Person
from documents.docx import render_minuta_docx
from documents.render import render_minuta_pdf
from meetings.attachments import session_document_attach, session_document_remove
from meetings.models import MinutaEvent, SessionDocument
from meetings.services import attendance_add
from notifications.services import notify_minuta_approved

from .followup_helpers import pdf, user
from .minuta_helpers import flat, gttim_session, mj_review_session, pdf_text
from .notify_helpers import eager  # noqa: F401
from .session_document_helpers import pptx, pptx_bytes

pytestmark = pytest.mark.django_db
User = get_user_model()
HX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def attached(demo, media):
    return session_document_attach(session=gttim_session(), upload=pptx(),
                                   title="Presentación del Plan de Trabajo 2025",
                                   actor=user("secretaria"))


def test_it_stores_a_pptx_with_its_fingerprint_and_a_history_row(attached):
    assert attached.content_type == PPTX
    assert attached.sha256 == hashlib.sha256(pptx_bytes()).hexdigest()
    assert attached.size == len(pptx_bytes())
    event = MinutaEvent.objects.filter(session=attached.session, what="document").latest("at")
    assert event.new_value == "Presentación del Plan de Trabajo 2025"
    assert event.actor == user("secretaria")


@pytest.mark.parametrize("name, content", [
    ("presentacion.pptx", b"PK\x03\x04not an office document"),
    ("presentacion.pptx", b"%PDF-1.4 a pdf with the wrong extension"),
    ("programa.exe", b"MZ\x90\x00 executable"),
])
def test_it_refuses_files_evidence_would_refuse(demo, media, name, content):
    with pytest.raises(ValidationError):
        session_document_attach(session=gttim_session(), upload=SimpleUploadedFile(name, content),
                                actor=user("secretaria"))
    assert not SessionDocument.objects.exists()


def test_it_refuses_a_file_over_the_size_limit(demo, media, settings):
    settings.FOLLOWUP_EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="demasiado grande"):
        session_document_attach(session=gttim_session(), upload=pptx(), actor=user("secretaria"))


# --- who reads it -----------------------------------------------------------------------------


def _get(client, username, document):
    client.force_login(user(username))
    return client.get(f"/files/documents/{document.pk}")


def test_it_serves_it_to_the_secretariat_and_the_members_enlaces_of_an_approved_minuta(
        client, attached):
    for username in ("secretaria", "coordinador", "enlace.fgr"):
        response = _get(client, username, attached)
        assert response.status_code == 200, username
        assert b"".join(response.streaming_content) == pptx_bytes()
        assert response["Content-Type"] == PPTX
        assert "attachment" in response["Content-Disposition"]
    User.objects.create_user("nadie", password="x")  # signed in, no role in the group
    assert _get(client, "nadie", attached).status_code == 404
    client.logout()
    assert client.get(f"/files/documents/{attached.pk}").status_code == 302  # to the login


def test_a_draft_sessions_document_is_for_the_secretariat_only(client, demo, media):
    session = mj_review_session()  # in review: members do not read it yet
    document = session_document_attach(session=session, upload=pdf("anexo.pdf"),
                                       actor=user("secretaria.mj"))
    assert _get(client, "secretaria.mj", document).status_code == 200
    enlace = Person.objects.filter(user__username="enlace.fgr").get()
    assert session.group.memberships.filter(institution=enlace.institution).exists()
    assert _get(client, "enlace.fgr", document).status_code == 404


def test_a_participant_with_an_account_reads_it_once_the_minuta_is_approved(client, demo, media):
    approved = gttim_session()
    in_review = mj_review_session()
    # A participant of the approved session who is no enlace gets an account.
    person = Person.objects.filter(attendances__session=approved, user__isnull=True,
                                   is_enlace=False).first()
    person.user = User.objects.create_user("ponente", password="x")
    person.save()
    in_review.minuta_status = in_review.MinutaStatus.DRAFT
    in_review.save(update_fields=["minuta_status"])
    attendance_add(session=in_review, person=person)
    shown = session_document_attach(session=approved, upload=pptx(), actor=user("secretaria"))
    hidden = session_document_attach(session=in_review, upload=pdf("anexo.pdf"),
                                     actor=user("secretaria.mj"))
    assert _get(client, "ponente", shown).status_code == 200
    assert _get(client, "ponente", hidden).status_code == 404


def test_an_altered_file_is_not_served(client, attached):
    with open(attached.file.path, "ab") as handle:
        handle.write(b"tampered")
    assert _get(client, "secretaria", attached).status_code == 409


# --- the minuta and the e-mail ---------------------------------------------------------------------


def test_the_minuta_pdf_and_docx_list_the_anexos(attached):
    text = flat(pdf_text(render_minuta_pdf(gttim_session())))
    assert "Anexos" in text
    assert "Presentación del Plan de Trabajo 2025 (presentacion-plan-2025.pptx)" in text
    import io

    import docx

    paragraphs = [p.text for p in docx.Document(io.BytesIO(render_minuta_docx(
        gttim_session()))).paragraphs]
    assert "Anexos" in paragraphs
    assert "Presentación del Plan de Trabajo 2025 (presentacion-plan-2025.pptx)" in paragraphs


def test_a_minuta_without_documents_prints_no_anexos(demo, media):
    assert "Anexos" not in pdf_text(render_minuta_pdf(gttim_session()))


@pytest.mark.usefixtures("eager")
def test_the_approved_minuta_email_links_the_documents(attached, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_minuta_approved(session_id=attached.session_id, pdf=None) > 0
    message = mailoutbox[0]
    assert f"/files/documents/{attached.pk}" in message.body
    html = message.alternatives[0][0]
    assert f'href="http' in html and f"/files/documents/{attached.pk}" in html


# --- fulfilling an acuerdo with the document ----------------------------------------------------------


def _reopen_5_so_5():
    acuerdo = gttim_session().acuerdos.get(number="5/SO-5")
    acuerdo.responsibilities.update(status=Responsibility.Status.PENDING)
    return acuerdo


def test_attaching_the_presentation_fulfils_5_so_5(demo, media):
    acuerdo = _reopen_5_so_5()
    assert acuerdo.status != "fulfilled"
    document = session_document_attach(session=gttim_session(), upload=pptx(),
                                       title="Presentación utilizada en la reunión",
                                       fulfils=acuerdo, actor=user("secretaria"))
    acuerdo.refresh_from_db()
    assert acuerdo.status == "fulfilled"
    event = acuerdo.events.get(kind=AcuerdoEvent.Kind.ON_BEHALF)
    assert document.label in event.note and event.actor == user("secretaria")


def test_it_refuses_to_fulfil_an_informational_or_another_sessions_acuerdo(demo, media):
    informational = gttim_session().acuerdos.get(number="5/SO-1")
    other = mj_review_session().acuerdos.first()
    for acuerdo in (informational, other):
        with pytest.raises(ValidationError, match="compromiso abierto"):
            session_document_attach(session=gttim_session(), upload=pptx(), fulfils=acuerdo,
                                    actor=user("secretaria"))
    assert not SessionDocument.objects.exists()


# --- the session editor -------------------------------------------------------------------------


def test_the_editor_attaches_a_document_and_fulfils_the_acuerdo(client, demo, media):
    acuerdo = _reopen_5_so_5()
    session = gttim_session()
    client.force_login(user("secretaria"))
    response = client.post(f"/sessions/{session.pk}/documents/", {
        "doc-file": pptx(), "doc-title": "Presentación", "doc-fulfils": str(acuerdo.pk)}, **HX)
    assert response.status_code == 200, response.content[:300]
    body = response.content.decode()
    document = session.attachments.get()
    assert f"/files/documents/{document.pk}" in body
    acuerdo.refresh_from_db()
    assert acuerdo.status == "fulfilled"


def test_the_editor_keeps_the_title_when_a_file_is_refused(client, demo, media):
    session = gttim_session()
    client.force_login(user("secretaria"))
    response = client.post(f"/sessions/{session.pk}/documents/", {
        "doc-file": SimpleUploadedFile("x.pptx", b"PK\x03\x04junk"), "doc-title": "Mi título"},
        **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "not an accepted file" in body and 'value="Mi título"' in body
    assert not session.attachments.exists()


def test_only_the_secretariat_attaches_or_removes(client, attached):
    session = attached.session
    client.force_login(user("enlace.fgr"))
    assert client.post(f"/sessions/{session.pk}/documents/", {"doc-file": pptx()}).status_code == 404
    assert client.post(f"/sessions/{session.pk}/documents/{attached.pk}/remove/").status_code == 404
    assert SessionDocument.objects.count() == 1
    client.force_login(user("secretaria"))  # positive control
    response = client.post(f"/sessions/{session.pk}/documents/{attached.pk}/remove/", **HX)
    assert response.status_code == 200
    assert not SessionDocument.objects.exists()


def test_remove_keeps_a_history_row(attached):
    session_document_remove(document=attached, actor=user("secretaria"))
    event = MinutaEvent.objects.filter(session=attached.session, what="document").latest("at")
    assert event.old_value == "Presentación del Plan de Trabajo 2025"
    assert attached.sha256 in event.note


def test_the_convocatoria_shares_the_documents_with_the_members_enlaces(client, demo, media,
                                                                        mailoutbox):
    """A presentation attached to a planned session goes with its convocatoria: before it is sent
    only the secretariat reads it; once sent, the member institutions' enlaces read it too and
    the convocatoria links it."""
    import datetime as dt

    import time_machine

    from convocatorias.services import convocatoria_send
    from meetings.models import Session

    sixth = Session.objects.get(group__acronym="GTTIM", number=6, type="SO")
    with time_machine.travel(dt.datetime.combine(sixth.date, dt.time(9)) - dt.timedelta(days=10)):
        document = session_document_attach(session=sixth, upload=pptx(),
                                           title="Presentación para la 6ª sesión",
                                           actor=user("secretaria"))
        assert _get(client, "secretaria", document).status_code == 200  # positive control
        assert _get(client, "enlace.fgr", document).status_code == 404
        with django_capture_on_commit(True):
            convocatoria_send(session=sixth, actor=user("secretaria"))
        assert _get(client, "enlace.fgr", document).status_code == 200
        assert _get(client, "secretaria.mj", document).status_code == 404  # not a member's
    bodies = [m.body for m in mailoutbox if "Presentación para la 6ª sesión" in m.body]
    assert bodies, [m.subject for m in mailoutbox]
    assert f"/files/documents/{document.pk}" in bodies[0]


class django_capture_on_commit:
    """Run on_commit callbacks at once (the test runs inside a transaction)."""

    def __init__(self, execute):
        from django.test import TestCase

        self.context = TestCase.captureOnCommitCallbacks(execute=execute)

    def __enter__(self):
        return self.context.__enter__()

    def __exit__(self, *exc):
        return self.context.__exit__(*exc)
