from django.contrib import admin

from .models import DueDateRequest, Evidence, ProgressReport


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    # Evidence is what an institution sent: it is never replaced or removed here.
    readonly_fields = ["file", "original_name", "content_type", "size", "uploaded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["responsibility", "kind", "review", "on_behalf", "created_at"]
    list_filter = ["kind", "review", "on_behalf"]
    raw_id_fields = ["responsibility", "event"]
    inlines = [EvidenceInline]


@admin.register(DueDateRequest)
class DueDateRequestAdmin(admin.ModelAdmin):
    list_display = ["responsibility", "current_date", "requested_date", "state", "requested_at"]
    list_filter = ["state"]
    raw_id_fields = ["responsibility"]
