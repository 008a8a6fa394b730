"""Writes of the follow-up: reports with evidence, validation, due date requests. Each writes its
history row (agreements.AcuerdoEvent: who, when, old, new, note) in the same transaction. They take
no request: views and the REST API call them after `tracker.access` has found the objects, and
they check the actor's right once more, so no caller can skip it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Acuerdo, AcuerdoEvent, Responsibility
from agreements.services import acuerdo_change_due_date
from documents.integrity import upload_sha256
from tracker.access import can_manage_followup, can_report_on
from tracker.dates import format_date

from . import hooks
from .evidence import check_evidence_files
from .models import DueDateRequest, Evidence, ProgressReport

REPORTABLE = {Responsibility.Status.IN_PROGRESS, Responsibility.Status.REPORTED}


def _lock_part(responsibility) -> Responsibility:
    return Responsibility.objects.select_for_update().select_related(
        "acuerdo__group", "acuerdo__session", "institution"
    ).get(pk=responsibility.pk)


def _ensure_open(part: Responsibility) -> None:
    if part.acuerdo.cancelled_at:
        raise ValidationError(_("This acuerdo was left without effect (sin efecto)."))
    if part.acuerdo.is_informational:
        raise ValidationError(_("This acuerdo is informational: it was fulfilled when adopted and "
                                "has no parts to report."))


def _event(part, kind, actor, old="", new="", note="") -> AcuerdoEvent:
    return AcuerdoEvent.objects.create(
        acuerdo_id=part.acuerdo_id, responsibility=part, kind=kind, actor=actor,
        old_value=old, new_value=new, note=note,
    )


def _attach(report, checked) -> None:
    for upload, content_type in checked:
        Evidence.objects.create(
            report=report, file=upload, original_name=(upload.name or "")[:255],
            content_type=content_type, size=upload.size, sha256=upload_sha256(upload),
        )


def _set_status(part, status) -> None:
    """Every accepted write of a part, its status changed or not: `version` moves with it (the
    API's ETag). The caller holds the row lock (_lock_part), so the increment is never lost."""
    part.status = status
    part.version += 1
    part.save(update_fields=["status", "version", "updated_at"])


@transaction.atomic
def progress_report(*, responsibility, status: str, comment: str = "", files=(), actor):
    """An institution reports on its part: in progress, or fulfilled ("reported": it waits for the
    secretariat's validation and does not count as fulfilled until then)."""
    if status not in REPORTABLE:
        raise ValidationError({"status": _("Report the part as in progress or fulfilled.")})
    part = _lock_part(responsibility)
    if not can_report_on(actor, part):
        raise PermissionDenied(_("Only the enlace of %(institution)s can report on this part.")
                               % {"institution": part.institution})
    _ensure_open(part)
    if part.status == Responsibility.Status.FULFILLED:
        raise ValidationError(_("This part is already validated as fulfilled."))
    if part.status == Responsibility.Status.REPORTED:
        raise ValidationError(
            _("A fulfilment report awaits the secretariat's validation; wait for its decision.")
        )
    comment = (comment or "").strip()
    checked = check_evidence_files(files)
    if status == Responsibility.Status.REPORTED and not (comment or checked):
        raise ValidationError(
            {"comment": _("Say how the part was fulfilled, or attach evidence.")}
        )
    if status == Responsibility.Status.IN_PROGRESS and not (comment or checked):
        raise ValidationError({"comment": _("Describe the progress, or attach evidence.")})
    old = part.status
    event = _event(part, AcuerdoEvent.Kind.REPORT, actor, old=old, new=status, note=comment)
    fulfilment = status == Responsibility.Status.REPORTED
    report = ProgressReport.objects.create(
        responsibility=part,
        kind=ProgressReport.Kind.FULFILLED if fulfilment else ProgressReport.Kind.IN_PROGRESS,
        review=ProgressReport.Review.PENDING if fulfilment else ProgressReport.Review.NONE,
        comment=comment, actor=actor, event=event,
    )
    _attach(report, checked)
    _set_status(part, status)  # also when the status stays: a new report is a new version
    return report


def _lock_pending_report(report) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.review != ProgressReport.Review.PENDING:
        raise ValidationError(_("This report was already validated or returned."))
    return report


def _ensure_manager(actor, part) -> None:
    if not can_manage_followup(actor, part.acuerdo):
        raise PermissionDenied(_("Only the group's secretariat can do this."))


@transaction.atomic
def report_validate(*, report, actor, note: str = "") -> ProgressReport:
    """The secretariat accepts a fulfilment report: the part counts as fulfilled."""
    part = _lock_part(report.responsibility)
    _ensure_manager(actor, part)
    report = _lock_pending_report(report)
    report.review = ProgressReport.Review.VALIDATED
    report.reviewed_by, report.reviewed_at = actor, timezone.now()
    report.save(update_fields=["review", "reviewed_by", "reviewed_at"])
    _event(part, AcuerdoEvent.Kind.VALIDATED, actor, old=part.status,
           new=Responsibility.Status.FULFILLED, note=note.strip())
    _set_status(part, Responsibility.Status.FULFILLED)
    report_id = report.pk
    transaction.on_commit(lambda: hooks.report_reviewed(report_id))
    return report


@transaction.atomic
def report_return(*, report, reason: str, actor) -> ProgressReport:
    """The secretariat returns a fulfilment report with a reason: the part is back in process and
    the reporting enlace is told (hooks.report_reviewed, after commit)."""
    part = _lock_part(report.responsibility)
    _ensure_manager(actor, part)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is returned.")})
    report = _lock_pending_report(report)
    report.review = ProgressReport.Review.RETURNED
    report.reviewed_by, report.reviewed_at = actor, timezone.now()
    report.return_reason = reason
    report.save(update_fields=["review", "reviewed_by", "reviewed_at", "return_reason"])
    _event(part, AcuerdoEvent.Kind.RETURNED, actor, old=part.status,
           new=Responsibility.Status.IN_PROGRESS, note=reason)
    _set_status(part, Responsibility.Status.IN_PROGRESS)
    report_id = report.pk
    transaction.on_commit(lambda: hooks.report_reviewed(report_id))
    return report


@transaction.atomic
def fulfilment_record_on_behalf(*, responsibility, comment: str, files=(), actor):
    """The secretariat records an institution's fulfilment itself (e.g. stated in session): a
    report marked on_behalf, validated at once."""
    part = _lock_part(responsibility)
    _ensure_manager(actor, part)
    _ensure_open(part)
    if part.status == Responsibility.Status.FULFILLED:
        raise ValidationError(_("This part is already validated as fulfilled."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say how you know the part was fulfilled.")})
    checked = check_evidence_files(files)
    # A report awaiting validation is settled by this record.
    pending = ProgressReport.objects.select_for_update().filter(
        responsibility=part, review=ProgressReport.Review.PENDING
    )
    pending.update(review=ProgressReport.Review.VALIDATED, reviewed_by=actor,
                   reviewed_at=timezone.now())
    event = _event(part, AcuerdoEvent.Kind.ON_BEHALF, actor, old=part.status,
                   new=Responsibility.Status.FULFILLED, note=comment)
    report = ProgressReport.objects.create(
        responsibility=part, kind=ProgressReport.Kind.FULFILLED, on_behalf=True,
        review=ProgressReport.Review.VALIDATED, reviewed_by=actor, reviewed_at=timezone.now(),
        comment=comment, actor=actor, event=event,
    )
    _attach(report, checked)
    _set_status(part, Responsibility.Status.FULFILLED)
    return report


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


@transaction.atomic
def due_date_request(*, responsibility, new_date: datetime.date, reason: str, actor):
    """An institution asks for a new due date for the acuerdo, with a reason."""
    part = _lock_part(responsibility)
    if not can_report_on(actor, part):
        raise PermissionDenied(_("Only the enlace of %(institution)s can ask for a new due date.")
                               % {"institution": part.institution})
    _ensure_open(part)
    acuerdo: Acuerdo = part.acuerdo
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you need a new due date.")})
    if not new_date:
        raise ValidationError({"new_date": _("Choose the new due date.")})
    if new_date < acuerdo.session.date:
        raise ValidationError({"new_date": _(
            "The due date cannot be before the session date (%(date)s)."
        ) % {"date": format_date(acuerdo.session.date)}})
    if new_date == acuerdo.due_date:
        raise ValidationError({"new_date": _("That is already the due date.")})
    if part.status == Responsibility.Status.FULFILLED:
        raise ValidationError(_("This part is already validated as fulfilled."))
    if DueDateRequest.objects.filter(
        responsibility=part, state=DueDateRequest.State.PENDING
    ).exists():
        raise ValidationError(_("A request for this part is already waiting for a decision."))
    request = DueDateRequest.objects.create(
        responsibility=part, current_date=acuerdo.due_date, requested_date=new_date,
        reason=reason, requested_by=actor,
    )
    _event(part, AcuerdoEvent.Kind.DATE_REQUEST, actor, old=_iso(acuerdo.due_date),
           new=_iso(new_date), note=reason)
    return request


def _lock_pending_request(request) -> DueDateRequest:
    request = DueDateRequest.objects.select_for_update().select_related(
        "responsibility__acuerdo__group", "responsibility__institution"
    ).get(pk=request.pk)
    if request.state != DueDateRequest.State.PENDING:
        raise ValidationError(_("This request was already decided."))
    return request


@transaction.atomic
def due_date_request_approve(*, request, actor, note: str = "") -> DueDateRequest:
    """Approve: the acuerdo's due date moves (agreements.services.acuerdo_change_due_date writes
    the due date history row, with the request's reason)."""
    request = _lock_pending_request(request)
    part = request.responsibility
    _ensure_manager(actor, part)
    reason = _("Requested by %(institution)s: %(reason)s") % {
        "institution": part.institution, "reason": request.reason}
    if note.strip():
        reason = f"{reason} — {note.strip()}"
    acuerdo_change_due_date(acuerdo=part.acuerdo, due_date=request.requested_date,
                            reason=reason, actor=actor)
    request.state = DueDateRequest.State.APPROVED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.decision_note = note.strip()
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    request_id = request.pk
    transaction.on_commit(lambda: hooks.due_date_request_decided(request_id))
    return request


@transaction.atomic
def due_date_request_reject(*, request, reason: str, actor) -> DueDateRequest:
    request = _lock_pending_request(request)
    part = request.responsibility
    _ensure_manager(actor, part)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the request is rejected.")})
    request.state = DueDateRequest.State.REJECTED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.decision_note = reason
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    _event(part, AcuerdoEvent.Kind.DATE_REJECTED, actor, old=_iso(request.current_date),
           new=_iso(request.requested_date), note=reason)
    request_id = request.pk
    transaction.on_commit(lambda: hooks.due_date_request_decided(request_id))
    return request
