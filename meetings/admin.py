from django.contrib import admin

from .admin_locks import LockedByMinutaAdmin, LockedByParentInline
from .models import (
    AgendaItem,
    AgendaPresenter,
    Attendance,
    Membership,
    Session,
    SessionPhoto,
    Theme,
    Venue,
    WorkingGroup,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["institution"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "parent", "convening_institution"]
    search_fields = ["acronym", "name"]
    autocomplete_fields = ["parent", "convening_institution"]
    filter_horizontal = ["secretariat", "coordinators", "themes"]
    inlines = [MembershipInline]


class AttendanceInline(LockedByParentInline, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person", "institution"]
    fields = ["order", "person", "name", "cargo", "institution", "present", "category", "state",
              "sex"]


class AgendaItemInline(LockedByParentInline, admin.StackedInline):
    model = AgendaItem
    extra = 0
    fields = [("order", "start_time", "end_time"), "activity", "narrative"]
    show_change_link = True


class SessionPhotoInline(LockedByParentInline, admin.TabularInline):
    model = SessionPhoto
    extra = 0
    readonly_fields = ["print_image"]  # made from the image at upload, never by hand


@admin.register(Session)
class SessionAdmin(LockedByMinutaAdmin, admin.ModelAdmin):
    list_display = ["__str__", "title", "date", "modality", "status", "minuta_status"]
    list_filter = ["group", "type", "status", "minuta_status", "modality"]
    search_fields = ["title", "group__acronym"]
    date_hierarchy = "date"
    autocomplete_fields = ["group", "convoca", "venue"]
    filter_horizontal = ["themes"]
    inlines = [AttendanceInline, AgendaItemInline, SessionPhotoInline]
    fieldsets = [
        (None, {"fields": ["group", ("number", "type"), "title", "subject", "objective"]}),
        (None, {"fields": [("date", "start_time", "end_time"), "modality", "convoca", "status"]}),
        (None, {"fields": ["place", "state", "video_url", ("meeting_id", "passcode"),
                           "video_details"]}),
        (None, {"fields": ["venue", "scope", "country", "timezone", "themes"]}),
        (None, {"fields": ["minuta_status", "drafted_by", "approved_by", "approved_at",
                           "revision"]}),
    ]
    # The minuta's workflow (review, visto bueno, corrections) runs only through the services,
    # which check who may do it and write the history: here it is shown, never set.
    readonly_fields = ["minuta_status", "drafted_by", "approved_by", "approved_at", "revision"]
    session_field = None


class AgendaPresenterInline(LockedByParentInline, admin.TabularInline):
    model = AgendaPresenter
    extra = 0
    autocomplete_fields = ["attendance"]


@admin.register(AgendaItem)
class AgendaItemAdmin(LockedByMinutaAdmin, admin.ModelAdmin):
    list_display = ["session", "order", "start_time", "end_time", "activity"]
    list_filter = ["session__group"]
    inlines = [AgendaPresenterInline]


@admin.register(Attendance)
class AttendanceAdmin(LockedByMinutaAdmin, admin.ModelAdmin):
    list_display = ["name", "cargo", "institution", "session", "present"]
    list_filter = ["session__group", "institution"]
    search_fields = ["name", "cargo", "institution__acronym"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["group", "institution", "joined_on", "left_on"]
    list_filter = ["group"]
    autocomplete_fields = ["group", "institution"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "country"]
    list_filter = ["country", "state"]
    search_fields = ["name"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    """The secretariat edits a family's temas here (and on the Informe's themes page)."""

    list_display = ["name", "slug", "owner"]
    list_filter = ["owner"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
