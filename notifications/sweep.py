"""The sweep: plan everything due (reminders, escalations, digests, the convocatorias' reminders)
and send it in batches over one SMTP connection — inline (`send_reminders`, the no-Redis timer:
one "sent" statement per batch) or in the Celery sweep task (each row marked as it goes, so a
killed worker sends nothing twice: notifications.deliver_leased; a refused message is retried
by the per-row send task). It sits above the services it ties together, convocatorias'
included, so they import nothing of it (no import inside a function either way)."""

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from convocatorias.services import convocatoria_reminders_plan
from workplan.reminders import actividad_reminder_drafts

from . import planning
from .deliver import notifications_deliver_due
from .deliver_leased import notifications_deliver_leased
from .models import Notification
from .sending import send_notification
from .services.delivery import recover_stale
from .services.reminders import digest_drafts, reminder_drafts

__all__ = ["SweepResult", "plan", "sweep"]

logger = logging.getLogger("notifications")


@dataclass
class SweepResult:
    planned: list[Notification] = field(default_factory=list)
    skipped: int = 0
    queued: int = 0
    recovered: int = 0
    outcomes: Counter = field(default_factory=Counter)

    @property
    def sent(self) -> int:
        return self.outcomes["sent"]

    @property
    def failed(self) -> int:
        return self.outcomes["failed"]


def plan(*, now: dt.datetime) -> SweepResult:
    """Insert every notification due at `now` (idempotent). Rows left "sending" by a dead
    process are the sending side's: the inline claim takes them back, the Celery path
    recovers them first (sweep)."""
    result = SweepResult()
    today = timezone.localtime(now).date()
    # Each kind reads what it needs and renders its rows; one INSERT … ON CONFLICT DO NOTHING
    # takes them all (the unique key keeps a row planned once, whoever inserts it first).
    reminders, skipped = reminder_drafts(today=today)
    digests, skipped_digests = digest_drafts(now=now)
    actividades, skipped_actividades = actividad_reminder_drafts(today=today)  # work plans
    result.planned = reminders + digests + actividades
    result.skipped = skipped + skipped_digests + skipped_actividades
    planning.insert(result.planned)
    convocatoria_reminders_plan(today=today)  # reminders before sessions (their own inserts)
    return result


def sweep(*, now: dt.datetime | None = None, inline: bool = False) -> SweepResult:
    """One sweep, sending here and now in batches over one SMTP connection. inline=True: each
    batch marked "sent" in one statement (a process killed mid-batch resends it after the
    lease). Otherwise (the Celery task): each message claimed and marked as it goes (at most
    the one in flight is resent), a send task queued for each retry."""
    now = now or timezone.now()
    result = plan(now=now)
    if inline:
        # its claim also takes back what a dead process left "sending" (no recovery statement)
        result.outcomes.update(notifications_deliver_due(due_at=max(now, timezone.now())))
    else:
        result.recovered = recover_stale(now=now)
        outcomes, retries = notifications_deliver_leased(due_at=max(now, timezone.now()))
        result.outcomes.update(outcomes)
        for pk, wait in retries:  # the backoff as countdown, as the send task retries itself
            send_notification.apply_async((pk,), countdown=wait.total_seconds() + 0.05)
        result.queued = len(retries)
    logger.info(
        "notifications sweep: %s planned, %s skipped, %s queued, %s sent, %s failed, %s to retry",
        len(result.planned), result.skipped, result.queued, result.sent, result.failed,
        result.outcomes["retry"],
    )
    return result
