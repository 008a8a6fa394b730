from django.contrib import admin

from .models import MinutaDocument


@admin.register(MinutaDocument)
class MinutaDocumentAdmin(admin.ModelAdmin):
    list_display = ["session", "revision", "format", "size", "sha256", "created_at"]
    list_filter = ["format"]
    readonly_fields = ["session", "revision", "format", "file", "sha256", "size", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # The stored file of an approved minuta is the official record: deleting it here would
        # make the next download render the admin's text as a new "approved" PDF.
        return False
