"""The Celery task that sends one notification row. Apart from notifications.tasks because the
sweep (services.delivery.queue_due) queues it: this module depends only on notifications.deliver
and notifications.retry (not on the services package), so the sweep imports it at module top,
and tasks.py (which calls the sweep) re-exports it."""

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from .models import Notification
from .deliver import notification_deliver
from .retry import backoff, max_attempts


@shared_task(name="notifications.send", bind=True, acks_late=True, ignore_result=True,
             autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def send_notification(self, notification_id: int) -> str:
    outcome = notification_deliver(notification_id=notification_id)
    if outcome == "retry" and not self.app.conf.task_always_eager:
        # A short countdown (the backoff, at most 30 min): the sweep also re-queues the row
        # once its next_attempt_at has passed, in case this message is lost.
        delay = backoff(self.request.retries + 1).total_seconds()
        row = Notification.objects.filter(pk=notification_id).only("next_attempt_at").first()
        if row is not None:
            delay = max((row.next_attempt_at - timezone.now()).total_seconds(), 0.05)
        raise self.retry(countdown=delay, max_retries=max_attempts())
    return outcome
