"""Queueing what is due, recovering rows left "sending" by a dead worker, and the sweep that ties
it together. Sending one row is in .deliver, below both this module and the send task."""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Notification
from ..sending import send_notification

from ..deliver import notification_deliver
from ..retry import _setting, lease, max_attempts
from .reminders import plan_digests, plan_reminders

__all__ = ["SweepResult", "due_ids", "notification_deliver", "plan", "queue_due",
           "recover_stale", "sweep"]

logger = logging.getLogger("notifications")


def recover_stale(*, now: dt.datetime) -> int:
    """Rows left "sending" by a process that died: back to pending after the lease (or failed
    when that was the last attempt)."""
    stale = Notification.objects.filter(
        status=Notification.Status.SENDING, claimed_at__lt=now - lease()
    )
    error = "worker lost while sending"
    failed = stale.filter(attempts__gte=max_attempts()).update(
        status=Notification.Status.FAILED, last_error=error
    )
    back = stale.update(status=Notification.Status.PENDING, next_attempt_at=now, queued_at=None,
                        last_error=error)
    return failed + back


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


@dataclass
class SweepResult:
    planned: list[Notification] = field(default_factory=list)
    skipped: int = 0
    queued: int = 0
    recovered: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def sent(self) -> int:
        return self.outcomes["sent"]

    @property
    def failed(self) -> int:
        return self.outcomes["failed"]


def plan(*, now: dt.datetime) -> SweepResult:
    """Insert every notification due at `now` (idempotent) and recover stale claims."""
    result = SweepResult()
    today = timezone.localtime(now).date()
    with transaction.atomic():
        reminders, skipped = plan_reminders(today=today)
        digests, skipped_digests = plan_digests(now=now)
    from workplan.reminders import plan_actividad_reminders  # actividades of work plans

    with transaction.atomic():
        actividades, skipped_actividades = plan_actividad_reminders(today=today)
    from convocatorias.services import convocatoria_reminders_plan  # reminders before sessions

    convocatoria_reminders_plan(today=today)
    result.planned = reminders + digests + actividades
    result.skipped = skipped + skipped_digests + skipped_actividades
    result.recovered = recover_stale(now=now)
    return result


def sweep(*, now: dt.datetime | None = None, inline: bool = False) -> SweepResult:
    """One sweep. inline=True sends here and now (the command, the no-Redis timer); otherwise
    one Celery task per due row is queued after commit."""
    now = now or timezone.now()
    result = plan(now=now)
    if inline:
        connection = get_connection(timeout=_setting("SMTP_TIMEOUT_SECONDS", 60))
        for pk in due_ids(now=max(now, timezone.now())):
            outcome = notification_deliver(notification_id=pk, connection=connection)
            result.outcomes[outcome] += 1
        result.skipped += result.outcomes.pop("skipped", 0)
    else:
        with transaction.atomic():
            result.queued = queue_due(now=max(now, timezone.now()))
    logger.info(
        "notifications sweep: %s planned, %s skipped, %s queued, %s sent, %s failed, %s to retry",
        len(result.planned), result.skipped, result.queued, result.sent, result.failed,
        result.outcomes["retry"],
    )
    return result
