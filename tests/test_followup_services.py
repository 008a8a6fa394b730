"""Services of the follow-up: reports with evidence, validation and return, fulfilment on behalf,
due date requests; who may call them; the history rows they write."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from agreements.models import Acuerdo, AcuerdoEvent, Responsibility
from followup import services
from followup.models import DueDateRequest, ProgressReport

from .followup_helpers import docx, pdf, user

pytestmark = pytest.mark.django_db
REPORTED, FULFILLED, IN_PROGRESS = (Responsibility.Status.REPORTED, Responsibility.Status.FULFILLED,
                                    Responsibility.Status.IN_PROGRESS)


@pytest.fixture
def part(demo):
    return Acuerdo.objects.get(group__acronym="GTTIM", number="5/SO-3").responsibilities.get(
        institution__acronym="FGR")


def _report(part, files=(), status=REPORTED):
    return services.progress_report(responsibility=part, status=status, comment="Hecho",
                                    files=list(files), actor=user("enlace.fgr"))


def _messages(exc):
    return " ".join(exc.value.messages)


def test_it_accepts_pdf_office_and_images(part):
    png = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    report = _report(part, [pdf(), docx(), png])
    assert sorted(report.evidence.values_list("content_type", flat=True)) == sorted([
        "application/pdf", "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"])


@pytest.mark.parametrize("name, content", [
    ("virus.pdf", b"MZ\x90\x00 this is an executable"),
    ("oficio.docx", b"%PDF-1.4 a pdf with the wrong extension"),
    ("datos.zip", b"PK\x03\x04not an office document"),
])
def test_it_refuses_files_whose_content_is_not_accepted(part, name, content):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _report(part, [SimpleUploadedFile(name, content)])
    assert f"“{name}” is not an accepted file" in _messages(exc)
    part.refresh_from_db()
    assert part.status == Responsibility.Status.PENDING
    assert not ProgressReport.objects.filter(responsibility=part).exists()


def test_it_refuses_files_over_the_size_limit(part, settings):
    settings.FOLLOWUP_EVIDENCE_MAX_BYTES = 10
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _report(part, [pdf("grande.pdf")])
    assert "“grande.pdf” is too large" in _messages(exc)


def test_it_refuses_too_many_files(part, settings):
    settings.FOLLOWUP_EVIDENCE_MAX_FILES = 1
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _report(part, [pdf("a.pdf"), pdf("b.pdf")])
    assert "at most 1 files" in _messages(exc)


def test_it_lets_an_enlace_report_only_on_their_institution(part):
    upmrip = Responsibility.objects.filter(institution__acronym="UPMRIP").exclude(
        status=FULFILLED).first()
    with pytest.raises(PermissionDenied):
        services.progress_report(responsibility=part, status=IN_PROGRESS, comment="x",
                                 actor=user("enlace.upmrip"))
    with pytest.raises(PermissionDenied):
        services.progress_report(responsibility=part, status=IN_PROGRESS, comment="x",
                                 actor=user("secretaria"))
    assert services.progress_report(responsibility=upmrip, status=IN_PROGRESS, comment="x",
                                     actor=user("enlace.upmrip")).pk


def test_only_the_groups_secretariat_validates(part):
    report = _report(part, [pdf()])
    for name in ("coordinador", "enlace.fgr", "secretaria.mj"):
        with pytest.raises(PermissionDenied):
            services.report_validate(report=report, actor=user(name))
    services.report_validate(report=report, actor=user("secretaria"))
    part.refresh_from_db()
    assert part.status == FULFILLED


def test_a_reported_part_waits_and_cannot_be_reported_twice(part):
    _report(part, [pdf()])
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _report(part, [pdf()])
    assert "awaits the secretariat's validation" in _messages(exc)


def test_it_returns_a_report_to_in_process_with_a_reason_and_tells_the_enlace(
        part, django_capture_on_commit_callbacks, mailoutbox):
    report = _report(part, [pdf()])
    with pytest.raises(ValidationError):
        services.report_return(report=report, reason=" ", actor=user("secretaria"))
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, reason="Falta el oficio", actor=user("secretaria"))
    [message] = mailoutbox
    assert message.to == [user("enlace.fgr").email]
    assert part.acuerdo.number in message.subject and "Falta el oficio" in message.body
    part.refresh_from_db()
    report.refresh_from_db()
    assert part.status == IN_PROGRESS
    assert (report.review, report.return_reason) == ("returned", "Falta el oficio")
    event = part.events.get(kind=AcuerdoEvent.Kind.RETURNED)
    assert (event.actor.username, event.old_value, event.new_value, event.note) == (
        "secretaria", "reported", "in_progress", "Falta el oficio")
    # back in process: the enlace can report again
    assert _report(part, [pdf()]).review == ProgressReport.Review.PENDING


def test_the_secretariat_records_fulfilment_on_behalf_noted_as_such(part):
    pending = _report(part, [pdf()])
    with pytest.raises(PermissionDenied):
        services.fulfilment_record_on_behalf(responsibility=part, comment="x",
                                             actor=user("enlace.fgr"))
    report = services.fulfilment_record_on_behalf(
        responsibility=part, comment="Lo informó en la sesión", actor=user("secretaria"))
    part.refresh_from_db()
    pending.refresh_from_db()
    assert part.status == FULFILLED
    assert report.on_behalf and report.review == ProgressReport.Review.VALIDATED
    assert pending.review == ProgressReport.Review.VALIDATED
    assert part.events.filter(kind=AcuerdoEvent.Kind.ON_BEHALF, actor__username="secretaria",
                              note="Lo informó en la sesión").exists()


def test_only_validated_fulfilment_makes_the_acuerdo_fulfilled(demo):
    acuerdo = Acuerdo.objects.get(group__acronym="GTTIM", number="5/SO-3")
    day = dt.date(2025, 6, 5)
    secretaria = user("secretaria")
    for part in acuerdo.responsibilities.exclude(status=FULFILLED):
        services.fulfilment_record_on_behalf(responsibility=part, comment="ok", actor=secretaria)
    last = acuerdo.responsibilities.first()
    Responsibility.objects.filter(pk=last.pk).update(status=REPORTED)
    assert acuerdo.status_on(day) == Acuerdo.Status.IN_PROGRESS
    assert Acuerdo.objects.with_status(day).get(pk=acuerdo.pk).status_value == "in_progress"
    Responsibility.objects.filter(pk=last.pk).update(status=FULFILLED)
    assert acuerdo.status_on(day) == Acuerdo.Status.FULFILLED


def test_a_due_date_request_is_approved_into_a_due_date_change(part):
    with pytest.raises(ValidationError):
        services.due_date_request(responsibility=part, new_date=dt.date(2025, 8, 1), reason="",
                                  actor=user("enlace.fgr"))
    request = services.due_date_request(responsibility=part, new_date=dt.date(2025, 8, 1),
                                        reason="Cambio de titular", actor=user("enlace.fgr"))
    with pytest.raises(ValidationError):
        services.due_date_request(responsibility=part, new_date=dt.date(2025, 9, 1),
                                  reason="otra", actor=user("enlace.fgr"))
    with pytest.raises(PermissionDenied):
        services.due_date_request_approve(request=request, actor=user("coordinador"))
    services.due_date_request_approve(request=request, actor=user("secretaria"))
    part.acuerdo.refresh_from_db()
    assert part.acuerdo.due_date == dt.date(2025, 8, 1)
    request.refresh_from_db()
    assert request.state == DueDateRequest.State.APPROVED
    kinds = list(part.acuerdo.events.filter(kind__in=["date_request", "due_date"])
                 .values_list("kind", "old_value", "new_value", "actor__username"))
    assert kinds == [("date_request", "2025-06-11", "2025-08-01", "enlace.fgr"),
                     ("due_date", "2025-06-11", "2025-08-01", "secretaria")]
    assert "Cambio de titular" in part.acuerdo.events.get(kind="due_date").note


def test_a_rejected_request_leaves_the_due_date(part):
    request = services.due_date_request(responsibility=part, new_date=dt.date(2025, 8, 1),
                                        reason="Cambio de titular", actor=user("enlace.fgr"))
    with pytest.raises(ValidationError):
        services.due_date_request_reject(request=request, reason="", actor=user("secretaria"))
    services.due_date_request_reject(request=request, reason="No procede",
                                     actor=user("secretaria"))
    part.acuerdo.refresh_from_db()
    assert part.acuerdo.due_date == dt.date(2025, 6, 11)
    assert part.events.filter(kind=AcuerdoEvent.Kind.DATE_REJECTED, note="No procede").exists()


def test_a_bad_file_on_the_page_is_a_clear_message_and_keeps_the_comment(part, client):
    client.force_login(user("enlace.fgr"))
    with translation.override("en"):
        response = client.post(f"/acuerdos/partes/{part.pk}/informe/", {
            f"r{part.pk}-status": "reported", f"r{part.pk}-comment": "Mi comentario largo",
            f"r{part.pk}-files": [SimpleUploadedFile("x.pdf", b"not a pdf")],
        }, HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 400
    assert "“x.pdf” is not an accepted file" in body
    assert "Mi comentario largo" in body
