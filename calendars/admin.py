from django.contrib import admin

from .models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["group"]
    search_fields = ["user__username"]
    # The secret's hash is useless to an administrator and must not be changed by hand.
    readonly_fields = ["user", "group", "token_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
