"""Sending one row: claimed with a conditional UPDATE pending → sending, then sent, retried or
failed. Its own module, outside the services package and below both the sweep
(services.delivery) and the Celery task that sends one row (notifications.sending), so that
neither has to import the other inside a function, whichever is imported first."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.utils import timezone

from .models import Notification

from .retry import _setting, backoff, max_attempts

logger = logging.getLogger("notifications")


def notification_deliver(*, notification_id: int, connection=None) -> str:
    """Send one row if this caller wins the claim. Returns sent, skipped, retry or failed."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status=Notification.Status.PENDING, next_attempt_at__lte=now
    ).update(status=Notification.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    if not claimed:
        return "skipped"
    n = Notification.objects.select_related("attachment").get(pk=notification_id)
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "acuerdos"
    message = EmailMultiAlternatives(
        subject=n.subject,
        body=n.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[n.recipient_email],
        connection=connection or get_connection(timeout=_setting("SMTP_TIMEOUT_SECONDS", 60)),
        headers={"Message-ID": f"<notification-{n.pk}@{host}>",
                 "X-Acuerdos-Notification": f"{n.kind}/{n.object_key}/{n.step}"},
    )
    if n.body_html:
        message.attach_alternative(n.body_html, "text/html")
    if n.attachment:
        message.attach(n.attachment.filename, bytes(n.attachment.content), n.attachment.mimetype)
    try:
        message.send()
    except Exception as exc:  # SMTP refusals, timeouts, connection errors: retried
        error = f"{type(exc).__name__}: {exc}"[:2000]
        try:
            message.get_connection().close()  # a broken connection is not reused
        except Exception:  # noqa: BLE001
            pass
        mine = Notification.objects.filter(pk=n.pk, status=Notification.Status.SENDING,
                                           claimed_at=now)
        if n.attempts >= max_attempts():
            mine.update(status=Notification.Status.FAILED, last_error=error)
            logger.error("notification %s failed after %s attempts: %s", n.pk, n.attempts, error)
            return "failed"
        mine.update(status=Notification.Status.PENDING, last_error=error, queued_at=None,
                    next_attempt_at=timezone.now() + backoff(n.attempts))
        logger.warning("notification %s attempt %s failed, will retry: %s", n.pk, n.attempts, error)
        return "retry"
    Notification.objects.filter(pk=n.pk, status=Notification.Status.SENDING).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"
