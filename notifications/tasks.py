"""Celery tasks: they take ids, call a service, and are safe to run twice (the claim in the
database decides). Late acknowledgement: a task whose worker dies is not lost with it."""

from celery import shared_task
from django.db import DatabaseError

from . import services
from .sweep import sweep as notifications_sweep
from .sending import send_notification  # the worker finds "notifications.send" through here

__all__ = ["send_notification", "session_invitations", "sweep"]


@shared_task(name="notifications.sweep", acks_late=True, ignore_result=True,
             autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def sweep() -> dict:
    """Beat calls this every few minutes: plan what is due and send it in leased batches over
    one SMTP connection, each row marked as it goes (notifications.deliver_leased); a send task
    is queued for each message to retry."""
    result = notifications_sweep(inline=False)
    return {"planned": len(result.planned), "skipped": result.skipped, "sent": result.sent,
            "queued": result.queued}


@shared_task(name="notifications.session_invitations", acks_late=True, ignore_result=True,
             autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def session_invitations(session_id: int) -> int:
    return services.session_invitations_send(session_id=session_id)
