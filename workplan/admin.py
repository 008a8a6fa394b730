"""The admin reads plans whole; history, versions and proposal decisions are read-only here
(they are written by workplan.services, which keep the audit rows)."""

from django.contrib import admin

from .models import (
    Actividad, ActividadAcuerdo, ActividadInstitution, Eje, Plan, PlanEvent, PlannedSession,
    PlanVersion, Proposal,
)


class EjeInline(admin.TabularInline):
    model = Eje
    extra = 0
    fields = ["order", "title"]


class PlannedSessionInline(admin.TabularInline):
    model = PlannedSession
    extra = 0
    fields = ["ordinal", "type", "date", "start_time", "modality", "session"]
    raw_id_fields = ["session"]


class PlanVersionInline(admin.TabularInline):
    model = PlanVersion
    extra = 0
    fields = ["number", "created_by", "created_at", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["group", "year", "title", "status", "approved_by_acuerdo", "version"]
    list_filter = ["status", "group"]
    search_fields = ["title", "group__acronym"]
    raw_id_fields = ["approved_by_acuerdo", "calendar_acuerdo"]
    readonly_fields = ["version", "created_by", "created_at"]
    inlines = [EjeInline, PlannedSessionInline, PlanVersionInline]


class ActividadInstitutionInline(admin.TabularInline):
    model = ActividadInstitution
    extra = 0
    autocomplete_fields = ["institution"]
    fields = ["institution", "role", "proposal"]
    readonly_fields = ["proposal"]


class ActividadAcuerdoInline(admin.TabularInline):
    model = ActividadAcuerdo
    extra = 0
    raw_id_fields = ["acuerdo"]
    fields = ["acuerdo", "linked_by", "linked_at"]
    readonly_fields = ["linked_by", "linked_at"]


@admin.register(Actividad)
class ActividadAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "eje", "order", "end_date", "cancelled_at"]
    list_filter = ["plan__group", "plan__year"]
    search_fields = ["description", "entregable"]
    raw_id_fields = ["eje", "plan"]
    inlines = [ActividadInstitutionInline, ActividadAcuerdoInline]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["institution", "actividad", "role", "status", "proposed_at", "decided_at"]
    list_filter = ["status", "role"]
    raw_id_fields = ["actividad"]
    readonly_fields = ["proposed_by", "proposed_at", "decided_by", "decided_at"]


@admin.register(PlanEvent)
class PlanEventAdmin(admin.ModelAdmin):
    list_display = ["plan", "kind", "actor", "at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
