"""The admin cannot rewrite an approved minuta (the official record). An approved minuta changes
only through a correction with a reason (meetings.services.minuta_open_revision, in the session
editor), which freezes the approved content and writes its history. These mixins make the admin
pages and inlines of everything a minuta prints read-only once it is approved, refuse new rows
for it, and refuse deleting them (change pages, inlines and the "delete selected" action, which
asks has_delete_permission for every object it would delete)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Session

LOCKED_MESSAGE = _(
    "The minuta of this session is approved and can no longer change here: open a correction "
    "with a reason in the session editor."
)


def session_locked(session) -> bool:
    return session is not None and session.minuta_status == Session.MinutaStatus.APPROVED


class LockedByMinutaAdmin:
    """For a ModelAdmin of a model that belongs to a session (or of Session itself):
    `session_of(obj)` says which. Rows of an approved minuta are shown read-only."""

    def session_of(self, obj):
        return obj if isinstance(obj, Session) else obj.session

    def _locked(self, obj) -> bool:
        return obj is not None and session_locked(self.session_of(obj))

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (UnlockedSessionForm, form), {"session_field": self.session_field})

    session_field = "session"


class UnlockedSessionForm(forms.ModelForm):
    """A new row (an agenda item, a participant, an acuerdo …) cannot join an approved minuta."""

    session_field = "session"

    def clean(self):
        cleaned = super().clean()
        session = cleaned.get(self.session_field) if self.session_field else None
        if session_locked(session):
            raise forms.ValidationError(LOCKED_MESSAGE, code="locked")
        return cleaned


class LockedByParentInline:
    """For an inline whose parent (the object of the page) is, or belongs to, a session:
    `parent_session(obj)` says which. An approved minuta's inlines are read-only."""

    def parent_session(self, obj):
        return obj if isinstance(obj, Session) else obj.session

    def _locked(self, obj) -> bool:
        return obj is not None and session_locked(self.parent_session(obj))

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)
