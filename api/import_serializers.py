"""Bodies of POST /api/v1/imports/sessions/: a whole session from another system."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directory.models import Institution, Person
from meetings.models import Session
from meetings.states import State
from tracker import access


@extend_schema_field(OpenApiTypes.INT)
class _BoundedPk(serializers.PrimaryKeyRelatedField):
    """An id that fits a database integer: a larger one is "does not exist", not an overflow."""

    def to_internal_value(self, data):
        try:
            value = int(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, bool) or not 0 < value < 2**63:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(value)


class _People(_BoundedPk):
    def get_queryset(self):
        return access.people_visible_to(self.context["request"].user)


class PresenterInSerializer(serializers.Serializer):
    person = _People(required=False, allow_null=True,
                     help_text="A participant of this session (a directory person id).")
    text = serializers.CharField(required=False, allow_blank=True, max_length=300,
                                 help_text="As the minuta writes it (\"Name, cargo\").")

    def validate(self, data):
        if not data.get("person") and not data.get("text", "").strip():
            raise serializers.ValidationError(_("Give the presenter's person or text."))
        return data


class AgendaItemInSerializer(serializers.Serializer):
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    activity = serializers.CharField(max_length=5000)
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=200000)
    presenters = PresenterInSerializer(many=True, required=False, max_length=20)


class AttendanceInSerializer(serializers.Serializer):
    person = _People(help_text="A directory person id (GET /api/v1/people/).")
    present = serializers.BooleanField(required=False, default=True)


class AcuerdoInSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)
    due_date = serializers.DateField(required=False, allow_null=True)
    responsables = serializers.ListField(
        child=_BoundedPk(queryset=Institution.objects.all()),
        required=False, max_length=100, help_text="Institution ids.")
    coadyuvantes = serializers.ListField(
        child=_BoundedPk(queryset=Institution.objects.all()),
        required=False, max_length=100, help_text="Institution ids.")
    all_institutions = serializers.BooleanField(required=False, default=False)


class SessionImportSerializer(serializers.Serializer):
    group = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    type = serializers.ChoiceField(choices=Session.Type.choices, default=Session.Type.ORDINARIA)
    number = serializers.IntegerField(min_value=1, max_value=100000, required=False)
    date = serializers.DateField()
    start_time = serializers.TimeField()
    end_time = serializers.TimeField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=[(Session.Status.HELD, "held"),
                                              (Session.Status.PLANNED, "planned")],
                                     default=Session.Status.HELD)
    title = serializers.CharField(required=False, max_length=300)
    subject = serializers.CharField(required=False, allow_blank=True, max_length=300)
    objective = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    modality = serializers.ChoiceField(choices=Session.Modality.choices,
                                       default=Session.Modality.VIRTUAL)
    place = serializers.CharField(required=False, allow_blank=True, max_length=300)
    state = serializers.ChoiceField(choices=State.choices, required=False, allow_blank=True)
    video_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    meeting_id = serializers.CharField(required=False, allow_blank=True, max_length=60)
    passcode = serializers.CharField(required=False, allow_blank=True, max_length=60)
    attendance = AttendanceInSerializer(many=True, required=False, max_length=500)
    agenda = AgendaItemInSerializer(many=True, required=False, max_length=200)
    acuerdos = AcuerdoInSerializer(many=True, required=False, max_length=500)


class AcuerdosImportSerializer(serializers.Serializer):
    session = serializers.IntegerField(min_value=1, max_value=2**31 - 1,
                                       help_text="A session of a group whose secretariat you are.")
    acuerdos = AcuerdoInSerializer(many=True, min_length=1, max_length=500)
