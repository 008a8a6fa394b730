"""Queueing what is due for the Celery send task and recovering rows left "sending" by a dead
worker. Sending is in notifications.deliver and the sweep that ties planning and sending
together in notifications.sweep, both outside this package: the services here are what events
(an invitation, a decision) call, and nothing here imports upwards."""

import datetime as dt

from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from ..models import Notification
from ..retry import LOST_ERROR, lease, max_attempts
from ..sending import send_notification

__all__ = ["due_ids", "queue_due", "recover_stale"]


def recover_stale(*, now: dt.datetime) -> int:
    """Rows left "sending" by a process that died: back to pending after the lease, or failed
    when that was the last attempt. One statement. (The inline sweep's claim does the same in
    its own statement: notifications.deliver._claim.)"""
    last = Q(attempts__gte=max_attempts())
    return Notification.objects.filter(
        status=Notification.Status.SENDING, claimed_at__lt=now - lease()
    ).update(
        status=Case(When(last, then=Value(Notification.Status.FAILED)),
                    default=Value(Notification.Status.PENDING)),
        next_attempt_at=Case(When(last, then="next_attempt_at"), default=Value(now)),
        queued_at=Case(When(last, then="queued_at"), default=Value(None)),
        last_error=LOST_ERROR,
    )


def due_ids(*, now: dt.datetime, queued_before: dt.datetime | None = None) -> list[int]:
    """Pending rows whose attempt is due (served by notification_unsent_idx)."""
    qs = Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now)
    if queued_before is not None:
        qs = qs.filter(Q(queued_at__isnull=True) | Q(queued_at__lt=queued_before))
    return list(qs.order_by("next_attempt_at", "pk").values_list("pk", flat=True))


def queue_due(*, now: dt.datetime) -> int:
    """Queue a send task for each due row not queued recently; the tasks go after commit."""
    ids = due_ids(now=now, queued_before=now - lease())
    if not ids:
        return 0
    Notification.objects.filter(pk__in=ids).update(queued_at=now)

    def send():
        for pk in ids:
            send_notification.delay(pk)

    transaction.on_commit(send)
    return len(ids)
