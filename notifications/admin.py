from django.contrib import admin

from .models import GroupReminderPolicy, Notification, NotificationPreference, SessionInvitation


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient_email", "subject", "status", "attempts",
                    "sent_at"]
    list_filter = ["status", "kind", "group"]
    search_fields = ["recipient_email", "subject", "object_key"]
    readonly_fields = [f.name for f in Notification._meta.fields]


admin.site.register(GroupReminderPolicy)
admin.site.register(NotificationPreference)
admin.site.register(SessionInvitation)
