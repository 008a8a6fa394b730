"""Representations of the API. No business rules here: writes go through the services."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Acuerdo, AcuerdoEvent, Responsibility
from directory.models import Institution, Person
from meetings.models import AgendaItem, AgendaPresenter, Attendance, Membership, Session, WorkingGroup


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "example": "12:00:00"}
)
class LocalTimeField(serializers.TimeField):
    """A local time of day (America/Mexico_City) as HH:MM:SS. JSON Schema's `format: time` wants
    an offset, which a wall-clock time of a session does not have."""


class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping, models.TimeField: LocalTimeField,
    }


class InstitutionSerializer(ModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "acronym", "name", "kind"]


class InstitutionRefSerializer(ModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "acronym"]

    def to_representation(self, institution):
        # Fast path (lists of 100 acuerdos carry ~200 of these); same output as the fields.
        return {"id": institution.pk, "acronym": institution.acronym}


class PersonSerializer(ModelSerializer):
    institution = InstitutionRefSerializer()

    class Meta:
        model = Person
        fields = ["id", "name", "cargo", "institution", "email", "is_enlace"]


class MembershipSerializer(ModelSerializer):
    institution = InstitutionRefSerializer()

    class Meta:
        model = Membership
        fields = ["institution", "joined_on", "left_on"]


class GroupRefSerializer(ModelSerializer):
    class Meta:
        model = WorkingGroup
        fields = ["id", "acronym"]

    def to_representation(self, group):
        return {"id": group.pk, "acronym": group.acronym}


class GroupSerializer(ModelSerializer):
    parent = GroupRefSerializer(allow_null=True)
    convening_institution = InstitutionRefSerializer(allow_null=True)

    class Meta:
        model = WorkingGroup
        fields = [
            "id", "acronym", "name", "parent", "convening_institution", "convening_unit",
            "drafting_unit", "created_on", "number_pattern",
        ]


class GroupDetailSerializer(GroupSerializer):
    members = MembershipSerializer(source="memberships", many=True)

    class Meta(GroupSerializer.Meta):
        fields = GroupSerializer.Meta.fields + ["members"]


class SessionSerializer(ModelSerializer):
    group = GroupRefSerializer()
    code = serializers.CharField(read_only=True)
    convoca = InstitutionRefSerializer(allow_null=True)

    class Meta:
        model = Session
        fields = [
            "id", "group", "code", "number", "type", "title", "subject", "date", "start_time",
            "end_time", "modality", "place", "state", "objective", "convoca", "status",
            "minuta_status", "revision",
        ]


class AttendanceSerializer(ModelSerializer):
    institution = InstitutionRefSerializer()

    class Meta:
        model = Attendance
        fields = ["id", "person", "name", "cargo", "institution", "present", "order"]


class PresenterSerializer(ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = AgendaPresenter
        fields = ["attendance", "text", "label"]


class AgendaItemSerializer(ModelSerializer):
    presenters = PresenterSerializer(many=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "order", "start_time", "end_time", "activity", "narrative", "presenters"]


class SessionDetailSerializer(SessionSerializer):
    attendance = AttendanceSerializer(source="attendances", many=True)
    agenda = AgendaItemSerializer(source="agenda_items", many=True)

    class Meta(SessionSerializer.Meta):
        fields = SessionSerializer.Meta.fields + [
            "video_url", "meeting_id", "passcode", "video_details", "attendance", "agenda",
        ]


class SessionRefSerializer(ModelSerializer):
    code = serializers.CharField(read_only=True)

    class Meta:
        model = Session
        fields = ["id", "code", "date"]

    def to_representation(self, session):
        return {"id": session.pk, "code": session.code, "date": session.date.isoformat()}


def _isoformat(value) -> str:
    """DateTimeField.to_representation without its per-call overhead (same output)."""
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class ResponsibilitySerializer(ModelSerializer):
    institution = InstitutionRefSerializer(read_only=True)

    class Meta:
        model = Responsibility
        fields = ["id", "acuerdo", "institution", "role", "status", "updated_at"]
        read_only_fields = fields

    def to_representation(self, part):
        # Fast path for lists; the declared fields above define the schema and the same output.
        return {
            "id": part.pk,
            "acuerdo": part.acuerdo_id,
            "institution": {"id": part.institution_id, "acronym": part.institution.acronym},
            "role": part.role,
            "status": part.status,
            "updated_at": _isoformat(part.updated_at),
        }


class AcuerdoEventSerializer(ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = AcuerdoEvent
        fields = [
            "id", "kind", "at", "actor", "responsibility", "old_value", "new_value", "note",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, event) -> str | None:
        return event.actor.get_username() if event.actor_id else None


class AcuerdoSerializer(ModelSerializer):
    group = GroupRefSerializer()
    session = SessionRefSerializer()
    status = serializers.SerializerMethodField()
    provisional = serializers.BooleanField(
        source="is_provisional", read_only=True,
        help_text="Minuta por aprobar: the session was held but its minuta not yet approved, so "
                  "the text and number may still change.",
    )
    responsibilities = ResponsibilitySerializer(many=True)

    class Meta:
        model = Acuerdo
        fields = [
            "id", "number", "text", "group", "session", "due_date", "status", "provisional",
            "all_institutions", "kind", "cancelled_at", "created_at", "responsibilities",
        ]

    @extend_schema_field(
        serializers.ChoiceField(
            choices=Acuerdo.Status.choices, help_text="Derived status on the server's today."
        )
    )
    def get_status(self, acuerdo) -> str:
        annotated = getattr(acuerdo, "status_value", None)
        if annotated:
            return annotated
        return acuerdo.status_on(timezone.localdate(), acuerdo.responsibilities.all())


class AcuerdoDetailSerializer(AcuerdoSerializer):
    history = AcuerdoEventSerializer(source="events", many=True)

    class Meta(AcuerdoSerializer.Meta):
        fields = AcuerdoSerializer.Meta.fields + ["history"]


class AcuerdoPatchSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, max_length=20000)
    kind = serializers.ChoiceField(
        required=False, choices=Acuerdo.Kind.choices,
        help_text="commitment (parts to fulfil, reminders) or informational (fulfilled when "
                  "adopted, no parts to report). Only while the minuta is a draft.",
    )
    due_date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default="",
        help_text="Required when due_date changes: why it moves.",
    )

    def validate(self, attrs):
        if "due_date" in attrs and not attrs.get("reason", "").strip():
            raise serializers.ValidationError({"reason": _("Say why the due date changes.")})
        return attrs


class FiguresSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    total = serializers.IntegerField()
    pending = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    overdue = serializers.IntegerField()
    fulfilled = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    compliance_rate = serializers.FloatField(
        allow_null=True, help_text="fulfilled / (total − cancelled); null when nothing counts."
    )


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    name = serializers.CharField(
        max_length=100, required=False, allow_blank=True,
        help_text="What the token is for (e.g. the script that uses it); shown in your token list.")
    otp_token = serializers.CharField(max_length=8, required=False, help_text=(
        "The authenticator app's current code, when the site requires a second factor "
        "(TWO_FACTOR_ENABLED) for this user."))


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The key: shown only now, store it safely.")
    id = serializers.IntegerField()
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TokenListSerializer(serializers.Serializer):
    """A token as its owner sees it later: never the key, only its first characters."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="The first 8 characters of the key.")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    current = serializers.BooleanField(help_text="Whether this request used this token.")
