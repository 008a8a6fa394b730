from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from meetings.admin_locks import LockedByMinutaAdmin

from .models import Acuerdo, AcuerdoEvent, Responsibility
from .services import acuerdo_create, acuerdo_sync_has_responsable, acuerdo_sync_part_due_dates


class ResponsibilityInline(admin.TabularInline):
    """Parts can be named when an acuerdo is created here; afterwards they change only through
    the services (institution reports and validation, the session editor), which write history."""

    model = Responsibility
    extra = 0
    autocomplete_fields = ["institution"]
    fields = ["institution", "role", "status", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return ["status", "updated_at"] if obj is None else self.fields

    def has_add_permission(self, request, obj=None):
        return obj is None

    def has_delete_permission(self, request, obj=None):
        return False


class AcuerdoEventInline(admin.TabularInline):
    model = AcuerdoEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "kind", "actor", "responsibility", "old_value", "new_value", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Acuerdo)
class AcuerdoAdmin(LockedByMinutaAdmin, admin.ModelAdmin):
    list_display = ["number", "group", "text", "due_date", "status_display"]
    list_filter = ["group", "session"]
    search_fields = ["number", "text"]
    autocomplete_fields = ["session"]
    # The kind changes through the session editor or the API (agreements.services
    # acuerdo_change_kind, with its history row); new acuerdos here are commitments.
    readonly_fields = ["group", "number", "sequence", "kind", "created_at", "cancelled_at"]
    inlines = [ResponsibilityInline, AcuerdoEventInline]

    def get_readonly_fields(self, request, obj=None):
        # Text, due date and parts of an existing acuerdo change only through the services
        # (the session editor, due date requests), which lock approved minutas and write history.
        if obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, "session", "text", "due_date", "all_institutions"]

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return Acuerdo.Status(obj.status).label

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Parts added inline, or a due date edited here, keep the sweep's copy of the due date,
        # and the status rule's "has a responsable part".
        acuerdo_sync_part_due_dates(acuerdo=form.instance)
        acuerdo_sync_has_responsable(acuerdo=form.instance)

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing editable is left on an existing acuerdo (get_readonly_fields)
        # New acuerdos take their number from the service, as they do everywhere else.
        created = acuerdo_create(
            session=obj.session,
            text=obj.text,
            due_date=obj.due_date,
            all_institutions=obj.all_institutions,
            actor=request.user,
        )
        obj.pk, obj.group, obj.number, obj.sequence = (
            created.pk, created.group, created.number, created.sequence
        )
        obj._state.adding = False


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    list_display = ["acuerdo", "institution", "role", "status", "updated_at"]
    list_filter = ["role", "status", "institution", "acuerdo__group"]
    search_fields = ["acuerdo__number", "institution__acronym"]
    list_select_related = ["acuerdo", "institution"]
    readonly_fields = ["acuerdo", "institution", "role", "status", "updated_at"]

    def has_add_permission(self, request):
        return False  # parts are created with their acuerdo

    def has_delete_permission(self, request, obj=None):
        return False  # statuses change through reports and validation, which write history


@admin.register(AcuerdoEvent)
class AcuerdoEventAdmin(admin.ModelAdmin):
    """The history is append-only: readable here, written only by the services."""

    list_display = ["acuerdo", "kind", "actor", "at", "old_value", "new_value"]
    list_filter = ["kind", "acuerdo__group"]
    search_fields = ["acuerdo__number", "note"]
    list_select_related = ["acuerdo", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
