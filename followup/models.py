"""What institutions report on their part of an acuerdo (with evidence) and their requests for a
new due date. The responsibility's status and the acuerdo's history live in `agreements`."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import AcuerdoEvent, Responsibility


class ProgressReport(models.Model):
    """An institution's report on its part: progress ("en proceso") or fulfilment ("cumplido").
    A fulfilment report waits for the group's secretariat to validate or return it."""

    class Kind(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        FULFILLED = "fulfilled", _("Fulfilled")

    class Review(models.TextChoices):
        NONE = "none", _("No validation needed")
        PENDING = "pending", _("Awaiting validation")
        VALIDATED = "validated", _("Validated")
        RETURNED = "returned", _("Returned")

    responsibility = models.ForeignKey(
        Responsibility, models.CASCADE, related_name="reports", verbose_name=_("responsibility")
    )
    kind = models.CharField(_("reported as"), max_length=12, choices=Kind.choices)
    comment = models.TextField(_("comment"), blank=True)
    # Recorded by the secretariat on the institution's behalf (e.g. fulfilment seen in session).
    on_behalf = models.BooleanField(_("recorded on the institution's behalf"), default=False)
    review = models.CharField(
        _("validation"), max_length=10, choices=Review.choices, default=Review.NONE
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("validated or returned by"),
    )
    reviewed_at = models.DateTimeField(_("validated or returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reported by"),
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    # The history row written with the report, so the timeline can show the evidence in place.
    event = models.OneToOneField(
        AcuerdoEvent, models.SET_NULL, null=True, blank=True, related_name="report",
        verbose_name=_("history entry"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="fulfilled") | Q(review="none"),
                name="report_only_fulfilment_is_reviewed",
            ),
            models.CheckConstraint(
                condition=~Q(review="returned") | ~Q(return_reason=""),
                name="report_return_has_reason",
            ),
            # At most one fulfilment report awaits validation per part.
            models.UniqueConstraint(
                fields=["responsibility"], condition=Q(review="pending"),
                name="report_one_pending_per_part",
            ),
        ]
        indexes = [
            # The acuerdo page: the reports of a part, newest first (selectors.acuerdo_page).
            models.Index(fields=["responsibility", "-created_at"], name="report_part_created_idx"),
        ]

    def __str__(self):
        return f"{self.responsibility} · {self.get_kind_display()} ({self.get_review_display()})"


def evidence_path(instance, filename):
    # Random names: the original name is kept in the row, never trusted on disk.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A file attached to a report (PDF, image, Office document), served only through the
    acuerdo's access rule, never from a public URL."""

    report = models.ForeignKey(
        ProgressReport, models.CASCADE, related_name="evidence", verbose_name=_("report")
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # Checked on every download and by `manage.py verify_documents`; empty for files uploaded
    # before it existed until verify_documents records it.
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.original_name


class DueDateRequest(models.Model):
    """An institution asks for a new due date; the group's secretariat approves or rejects."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    responsibility = models.ForeignKey(
        Responsibility, models.CASCADE, related_name="date_requests",
        verbose_name=_("responsibility"),
    )
    current_date = models.DateField(_("due date when requested"), null=True, blank=True)
    requested_date = models.DateField(_("requested due date"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("due date request")
        verbose_name_plural = _("due date requests")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="date_request_has_reason"),
            # One open request per part; the partial unique index also serves the
            # "pending date requests" lookups of the acuerdo page and the dashboard.
            models.UniqueConstraint(
                fields=["responsibility"], condition=Q(state="pending"),
                name="date_request_one_pending_per_part",
            ),
        ]

    def __str__(self):
        return f"{self.responsibility} → {self.requested_date} ({self.get_state_display()})"
