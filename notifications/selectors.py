"""Reads for the notification log."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from tracker.access import notification_groups_visible_to

from .models import Notification


def notification_log(user, *, group=None, status: str = "") -> QuerySet[Notification]:
    """Rows the user may see, failures first, then newest first."""
    qs = Notification.objects.select_related("group", "acuerdo", "session")
    if group is not None:
        qs = qs.filter(group=group)
    elif not user.is_staff:
        qs = qs.filter(group__in=notification_groups_visible_to(user))
    if status in Notification.Status.values:
        qs = qs.filter(status=status)
    return qs.annotate(
        failed_first=Case(When(status=Notification.Status.FAILED, then=Value(0)),
                          default=Value(1), output_field=IntegerField())
    ).order_by("failed_first", "-created_at", "-id")


def failures_count(qs) -> int:
    return qs.filter(Q(status=Notification.Status.FAILED)).count()
