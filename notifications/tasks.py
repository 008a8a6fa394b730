"""Celery tasks: they take ids, call a service, and are safe to run twice (the claim in the
database decides). Late acknowledgement: a task whose worker dies is not lost with it."""

from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(name="notifications.sweep", acks_late=True, ignore_result=True,
             autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def sweep() -> dict:
    """Beat calls this every few minutes: plan what is due and queue a send task per row."""
    result = services.sweep(inline=False)
    return {"planned": len(result.planned), "skipped": result.skipped, "queued": result.queued}


@shared_task(name="notifications.send", bind=True, acks_late=True, ignore_result=True,
             autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def send_notification(self, notification_id: int) -> str:
    outcome = services.notification_deliver(notification_id=notification_id)
    if outcome == "retry" and not self.app.conf.task_always_eager:
        # A short countdown (the backoff, at most 30 min): the sweep also re-queues the row
        # once its next_attempt_at has passed, in case this message is lost.
        delay = services.backoff(self.request.retries + 1).total_seconds()
        from .models import Notification

        row = Notification.objects.filter(pk=notification_id).only("next_attempt_at").first()
        if row is not None:
            from django.utils import timezone

            delay = max((row.next_attempt_at - timezone.now()).total_seconds(), 0.05)
        raise self.retry(countdown=delay, max_retries=services.max_attempts())
    return outcome


@shared_task(name="notifications.session_invitations", acks_late=True, ignore_result=True,
             autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def session_invitations(session_id: int) -> int:
    return services.session_invitations_send(session_id=session_id)
