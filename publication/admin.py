from django.contrib import admin

from .models import (
    AcuerdoPublication, GroupPublication, PublicMinutaDocument, ReservedParagraph, ReservedPhoto,
    SessionPublication,
)


@admin.register(GroupPublication)
class GroupPublicationAdmin(admin.ModelAdmin):
    list_display = ["group", "publishes", "updated_at"]


@admin.register(SessionPublication, AcuerdoPublication, ReservedParagraph, ReservedPhoto)
class MarkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "legal_basis", "reserved_until", "updated_at"]
    list_filter = ["status"]


@admin.register(PublicMinutaDocument)
class PublicMinutaDocumentAdmin(admin.ModelAdmin):
    # The stored file of a versión pública is exactly what was published: read only.
    list_display = ["session", "revision", "sha256", "size", "created_at"]
    readonly_fields = ["session", "revision", "variant", "file", "sha256", "size", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
