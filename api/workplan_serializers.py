"""Representations of the work plan (plans, ejes, actividades, proposals, progress) and the bodies
of its writes. No rules here: workplan.services decides, these carry the input and show the
result. Rows are written by hand from prefetched data (api.workplan_selectors), so a page costs a
fixed number of queries."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from workplan.models import Actividad, ActividadInstitution, Eje, Plan, PlannedSession, Proposal

from .serializers import GroupRefSerializer, InstitutionRefSerializer, ModelSerializer


class PlanDocumentsSerializer(serializers.Serializer):
    pdf = serializers.URLField(help_text="The plan as PDF (the house style of the minuta).")
    docx = serializers.URLField(help_text="The same content as an editable Word file.")
    xlsx = serializers.URLField(help_text="One row per actividad; reads back through the import.")


class PlanSerializer(ModelSerializer):
    group = GroupRefSerializer()
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "group", "year", "title", "description", "period_start", "period_end",
                  "status", "consultation_until", "approved_by_acuerdo", "approved_at",
                  "calendar_acuerdo", "calendar_approved_at", "version", "documents"]

    @extend_schema_field(PlanDocumentsSerializer)
    def get_documents(self, plan) -> dict:
        request = self.context.get("request")
        return {fmt: reverse(f"workplan_documents:{fmt}", args=[plan.pk], request=request)
                for fmt in ("pdf", "docx", "xlsx")}


class EjeSerializer(ModelSerializer):
    actividades = serializers.SerializerMethodField()

    class Meta:
        model = Eje
        fields = ["id", "plan", "order", "title", "description", "actividades"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_actividades(self, eje) -> list[int]:
        """Its actividades' ids, in order."""
        return [a.pk for a in eje.actividades.all()]


class PlannedSessionSerializer(ModelSerializer):
    class Meta:
        model = PlannedSession
        fields = ["id", "ordinal", "type", "date", "start_time", "modality", "note", "session"]


class PlanDetailSerializer(PlanSerializer):
    ejes = EjeSerializer(many=True)
    calendar = PlannedSessionSerializer(source="planned_sessions", many=True)

    class Meta(PlanSerializer.Meta):
        fields = PlanSerializer.Meta.fields + ["ejes", "calendar"]


class ActividadPartSerializer(ModelSerializer):
    institution = InstitutionRefSerializer()

    class Meta:
        model = ActividadInstitution
        fields = ["institution", "role"]


class ActividadSerializer(ModelSerializer):
    progress = serializers.ChoiceField(
        source="progress_value", choices=Actividad.Progress.choices, read_only=True,
        help_text="Derived from its linked acuerdos' follow-up (docs/work-plan.md).")
    late = serializers.BooleanField(source="is_late", read_only=True,
                                    help_text="Past its end date and neither done nor cancelled.")
    institutions = ActividadPartSerializer(many=True)
    acuerdos = serializers.SerializerMethodField()

    class Meta:
        model = Actividad
        fields = ["id", "plan", "eje", "order", "description", "entregable", "start_date",
                  "end_date", "indicator", "goal", "states", "all_institutions", "cancelled_at",
                  "cancel_reason", "progress", "late", "institutions", "acuerdos"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_acuerdos(self, actividad) -> list[int]:
        """Ids of the adopted acuerdos that follow it up (GET /api/v1/acuerdos/{id}/)."""
        return [link.acuerdo_id for link in actividad.acuerdo_links.all()]


class ProposalSerializer(ModelSerializer):
    institution = InstitutionRefSerializer()
    plan = serializers.IntegerField(source="actividad.plan_id", read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "plan", "actividad", "institution", "role", "comment", "status",
                  "proposed_by", "proposed_at", "decided_by", "decided_at", "decision_note"]


class ProposalCreateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ActividadInstitution.Role.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="",
                                 help_text=_("Required to decline."))


class ProgressCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    sin_iniciar = serializers.IntegerField()
    en_proceso = serializers.IntegerField()
    concluida = serializers.IntegerField()
    cancelada = serializers.IntegerField()
    late = serializers.IntegerField()


class ActividadProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="Eje and place in it, as the documents print it.")
    progress = serializers.ChoiceField(choices=Actividad.Progress.choices)
    late = serializers.BooleanField()
    end_date = serializers.DateField(allow_null=True)
    responsables = serializers.ListField(child=serializers.CharField())
    coadyuvantes = serializers.ListField(child=serializers.CharField())


class EjeProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    counts = ProgressCountsSerializer()
    actividades = ActividadProgressSerializer(many=True)


class InstitutionLoadSerializer(serializers.Serializer):
    institution = InstitutionRefSerializer()
    responsable = serializers.IntegerField(help_text="Actividades it leads.")
    coadyuvante = serializers.IntegerField(help_text="Actividades it helps with.")
    late = serializers.IntegerField(help_text="Late actividades it leads.")


class PlanProgressSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    as_of = serializers.DateField()
    counts = ProgressCountsSerializer()
    ejes = EjeProgressSerializer(many=True)
    institutions = InstitutionLoadSerializer(many=True)


class PlanImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="XLSX or CSV, one row per actividad (the template: "
                                           "/planes/{id}/importar/plantilla.xlsx).")
    dry_run = serializers.BooleanField(required=False, default=False,
                                       help_text="Check every row and save nothing.")


class ImportRowSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    eje = serializers.CharField()
    description = serializers.CharField()


class ImportWarningSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    message = serializers.CharField()


class PlanImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    imported = serializers.IntegerField(help_text="Actividades saved (0 on a dry run).")
    rows = ImportRowSerializer(many=True)
    new_ejes = serializers.ListField(child=serializers.CharField())
    warnings = ImportWarningSerializer(many=True)

