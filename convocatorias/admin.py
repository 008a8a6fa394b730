from django.contrib import admin

from .models import Confirmation, Convocatoria, GroupConvocatoriaSettings


@admin.register(GroupConvocatoriaSettings)
class GroupConvocatoriaSettingsAdmin(admin.ModelAdmin):
    list_display = ["group", "reminder_days", "quorum_count", "quorum_percent", "quorum_in_minuta"]


@admin.register(Convocatoria)
class ConvocatoriaAdmin(admin.ModelAdmin):
    list_display = ["session", "sent_at", "sent_by", "prefilled_at"]
    raw_id_fields = ["session"]


@admin.register(Confirmation)
class ConfirmationAdmin(admin.ModelAdmin):
    list_display = ["session", "institution", "answer", "answered_by", "answered_at"]
    raw_id_fields = ["session"]
