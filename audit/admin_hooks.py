"""Every change made in the admin, with old and new values, through the ModelAdmin hooks the
admin calls for the page's object (save_model, delete_model, delete_queryset) and for each inline
(save_formset). Values are kept whole; file fields as their stored name."""

from django.contrib import admin
from django.db import models

from .services import Action, audit_record


def _value(obj, field):
    if isinstance(field, models.ForeignKey):
        related = getattr(obj, field.name, None)
        return None if related is None else f"{related} (#{related.pk})"
    value = field.value_from_object(obj)
    if isinstance(field, models.FileField):
        return value.name or None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return field.value_to_string(obj)


def snapshot(obj) -> dict:
    return {f.name: _value(obj, f) for f in obj._meta.concrete_fields}


# Secrets are never copied into the log: that they changed is recorded, not their value.
HIDDEN_FIELDS = {"password", "key", "key_hash"}
HIDDEN = "••••••"


def _shown(name, value):
    return HIDDEN if name in HIDDEN_FIELDS and value not in (None, "") else value


def _diff(before: dict | None, after: dict | None) -> dict:
    before, after = before or {}, after or {}
    names = dict.fromkeys([*before, *after])
    return {n: [_shown(n, before.get(n)), _shown(n, after.get(n))]
            for n in names if before.get(n) != after.get(n)}


def _stored(model, pks) -> dict:
    return {pk: snapshot(obj) for pk, obj in model._default_manager.in_bulk(pks).items()}


class AuditedAdmin:
    def save_model(self, request, obj, form, change):
        before = _stored(type(obj), [obj.pk]).get(obj.pk) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        if obj.pk is None:
            return
        changes = _diff(before, snapshot(obj))
        if changes or not change:
            audit_record(action=Action.ADMIN_CHANGE if change else Action.ADMIN_ADD,
                         actor=request.user, obj=obj, changes=changes, request=request)

    def save_formset(self, request, form, formset, change):
        pks = [f.instance.pk for f in formset.initial_forms if f.instance.pk is not None]
        before = _stored(formset.model, pks)
        super().save_formset(request, form, formset, change)
        for obj in getattr(formset, "new_objects", []):
            audit_record(action=Action.ADMIN_ADD, actor=request.user, obj=obj,
                         changes=_diff(None, snapshot(obj)), request=request)
        for obj, _fields in getattr(formset, "changed_objects", []):
            audit_record(action=Action.ADMIN_CHANGE, actor=request.user, obj=obj,
                         changes=_diff(before.get(obj.pk), snapshot(obj)), request=request)
        for obj in getattr(formset, "deleted_objects", []):
            audit_record(action=Action.ADMIN_DELETE, actor=request.user, obj=obj,
                         changes=_diff(before.get(obj.pk), None), request=request)

    def log_change(self, request, obj, message):
        # The user admin's "change password" page saves the form itself, bypassing save_model:
        # its log_change call is the one hook it offers.
        match = getattr(request, "resolver_match", None)
        if match is not None and (match.url_name or "").endswith("_password_change"):
            audit_record(action=Action.ADMIN_CHANGE, actor=request.user, obj=obj,
                         changes={"password": [HIDDEN, HIDDEN]}, request=request)
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        changes, pk = _diff(snapshot(obj), None), obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        audit_record(action=Action.ADMIN_DELETE, actor=request.user, obj=obj, changes=changes,
                     request=request)

    def delete_queryset(self, request, queryset):
        rows = [(obj, _diff(snapshot(obj), None)) for obj in queryset]
        super().delete_queryset(request, queryset)
        for obj, changes in rows:
            audit_record(action=Action.ADMIN_DELETE, actor=request.user, obj=obj,
                         changes=changes, request=request)


def audit_every_model_admin(site=admin.site):
    """Give every registered ModelAdmin the hooks above (once), whoever registered it."""
    for model_admin in site._registry.values():
        cls = type(model_admin)
        if not issubclass(cls, AuditedAdmin):
            model_admin.__class__ = type(f"Audited{cls.__name__}", (AuditedAdmin, cls), {})
