from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApiToken
from .tokens import token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Staff see whose tokens exist and may revoke them; keys are never stored, so never shown."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at",
                    "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at",
                       "revoked_at"]
    exclude = ["key_hash", "password_fingerprint"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # issued by POST /api/v1/auth/token/, which shows the key once

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: the row is the record of the token

    @admin.action(description=_("Revoke the selected tokens"), permissions=["view"])
    def revoke(self, request, queryset):
        count = sum(token_revoke(token=t, actor=request.user, request=request,
                                 reason="revoked by staff") for t in queryset)
        self.message_user(request, ngettext("%(n)d token revoked.", "%(n)d tokens revoked.",
                                            count) % {"n": count}, messages.SUCCESS)
