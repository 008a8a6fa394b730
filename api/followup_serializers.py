"""Representations of the follow-up (progress reports with evidence, due-date requests). No rules
here: followup.services decides, these only carry the input and show the result."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from agreements.models import Responsibility
from followup.models import DueDateRequest, Evidence, ProgressReport

from .serializers import InstitutionRefSerializer, ModelSerializer

FULFILLED_BY_VALIDATION = _(
    "A part becomes fulfilled only when the group's secretariat validates a fulfilment report: "
    "report it as “reported” (POST /api/v1/responsibilities/{id}/reports/ to attach evidence)."
)


class ReportedStatus(models.TextChoices):
    """What an institution may report its part as (followup.services.REPORTABLE)."""

    IN_PROGRESS = Responsibility.Status.IN_PROGRESS.value, _("In progress")
    REPORTED = Responsibility.Status.REPORTED.value, _("Fulfilled, awaiting validation")


class ReportStatus(models.TextChoices):
    """Where a report stands: a progress report needs no validation; a fulfilment report waits
    for the secretariat (pending), then is validated or returned."""

    IN_PROGRESS = "in_progress", _("Progress report (no validation)")
    PENDING = ProgressReport.Review.PENDING.value, _("Awaiting validation")
    VALIDATED = ProgressReport.Review.VALIDATED.value, _("Validated")
    RETURNED = ProgressReport.Review.RETURNED.value, _("Returned")


def report_status(report: ProgressReport) -> str:
    if report.review == ProgressReport.Review.NONE:
        return ReportStatus.IN_PROGRESS
    return report.review


class ReportedStatusField(serializers.ChoiceField):
    """in_progress or reported; "fulfilled" gets a message saying how a part becomes fulfilled."""

    def __init__(self, **kwargs):
        super().__init__(choices=ReportedStatus.choices, **kwargs)

    def to_internal_value(self, data):
        if data == Responsibility.Status.FULFILLED:
            raise serializers.ValidationError(str(FULFILLED_BY_VALIDATION))
        return super().to_internal_value(data)


class ResponsibilityPatchSerializer(serializers.Serializer):
    """PATCH /responsibilities/{id}/: a progress report without evidence."""

    status = ReportedStatusField(
        help_text="in_progress, or reported (fulfilled: waits for the secretariat's validation)."
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default="",
        help_text="The report's comment: how the part progressed or was fulfilled (required).",
    )


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


class EvidenceSerializer(ModelSerializer):
    name = serializers.CharField(source="original_name")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "name", "content_type", "size", "uploaded_at", "url"]

    @extend_schema_field(serializers.URLField(help_text="Download (GET /api/v1/evidence/{id}/)."))
    def get_url(self, evidence) -> str:
        return reverse("api:evidence-detail", args=[evidence.pk],
                       request=self.context.get("request"))


class AcuerdoRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()


class ReportSerializer(ModelSerializer):
    acuerdo = AcuerdoRefSerializer(source="responsibility.acuerdo")
    institution = InstitutionRefSerializer(source="responsibility.institution")
    status = serializers.SerializerMethodField()
    reported_by = serializers.SerializerMethodField()
    reviewed_by = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id", "responsibility", "acuerdo", "institution", "kind", "status", "comment",
            "on_behalf", "reported_by", "created_at", "reviewed_by", "reviewed_at",
            "return_reason", "evidence",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=ReportStatus.choices))
    def get_status(self, report) -> str:
        return report_status(report)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reported_by(self, report) -> str | None:
        return _username(report.actor)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reviewed_by(self, report) -> str | None:
        return _username(report.reviewed_by)


class ReportCreateSerializer(serializers.Serializer):
    status = ReportedStatusField(
        help_text="in_progress, or reported (fulfilled: waits for the secretariat's validation)."
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, default="",
        help_text="How the part progressed or was fulfilled; required without evidence.",
    )
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True, use_url=False), required=False,
        default=list,
        help_text="Evidence: PDF, images (PNG, JPEG, GIF, WebP) or Office documents; repeat the "
        "`files` part for several.",
    )


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=5000,
        error_messages={"required": _("Say why the report is returned."),
                        "blank": _("Say why the report is returned.")},
    )


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=5000,
        error_messages={"required": _("Say why the request is rejected."),
                        "blank": _("Say why the request is rejected.")},
    )


class DueDateRequestSerializer(ModelSerializer):
    acuerdo = AcuerdoRefSerializer(source="responsibility.acuerdo")
    institution = InstitutionRefSerializer(source="responsibility.institution")
    requested_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = DueDateRequest
        fields = [
            "id", "responsibility", "acuerdo", "institution", "current_date", "requested_date",
            "reason", "requested_by", "requested_at", "state", "decided_by", "decided_at",
            "decision_note",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_requested_by(self, request) -> str | None:
        return _username(request.requested_by)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decided_by(self, request) -> str | None:
        return _username(request.decided_by)


class DueDateRequestCreateSerializer(serializers.Serializer):
    new_date = serializers.DateField(
        error_messages={"required": _("Choose the new due date.")},
    )
    reason = serializers.CharField(
        max_length=5000,
        error_messages={"required": _("Say why you need a new due date."),
                        "blank": _("Say why you need a new due date.")},
    )
