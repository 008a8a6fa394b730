"""The one writer of the audit log. Callers pass whole values; nothing is truncated but the
object's label, which is only for display."""

from django.db import models

from .models import AuditEntry

Action = AuditEntry.Action


def _client_ip(request):
    if request is None:
        return None
    # REMOTE_ADDR only: a proxy's X-Forwarded-For is set up by the deployment, not trusted here.
    return request.META.get("REMOTE_ADDR") or None


def object_type_of(obj) -> str:
    return obj._meta.label_lower if isinstance(obj, models.Model) else ""


def audit_record(*, action: str, actor=None, actor_name: str = "", obj=None, changes=None,
                 detail: str = "", request=None) -> AuditEntry:
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        actor_name=actor_name or (actor.get_username() if actor is not None else ""),
        object_type=object_type_of(obj),
        object_id="" if obj is None or obj.pk is None else str(obj.pk),
        object_repr="" if obj is None else str(obj)[:300],
        changes=changes or {},
        detail=detail,
        ip=_client_ip(request),
    )
