"""Sending notification rows, below both the sweep (notifications.sweep) and the Celery task that
sends one row (notifications.sending), so that neither imports the other inside a function.

Two ways, one message format:
- notification_deliver: one row (the Celery task): conditional UPDATE pending → sending, read,
  send, then sent / retry / failed. A worker killed mid-send leaves at most that one row
  "sending" (tests/test_notifications_faults.py).
- notifications_deliver_due: every due row in batches (the inline sweep: `send_reminders`, the
  no-Redis timer): one UPDATE … RETURNING claims a batch (SKIP LOCKED: two sweeps claim disjoint
  rows), one query reads their attachments (only when a row has one), the messages go over one
  SMTP connection, one UPDATE marks the batch sent; a refused message costs one UPDATE of its
  own (its retry time or "failed"). The price: a process killed mid-batch leaves the whole batch
  "sending", so after the lease the messages it had already handed over go again (same
  Message-ID, so mail programs fold the copies) — the at-least-once window of one row widened to
  one batch. A batch never outlives half its lease: past that, the rest goes back to pending and
  is claimed afresh.
"""

import logging
import smtplib
from collections import Counter

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db
from django.db.models import F
from django.utils import timezone

from .models import Attachment, Notification
from .retry import LOST_ERROR, _setting, backoff, lease, max_attempts

logger = logging.getLogger("notifications")

# What a message needs, claimed and read in the same statement.
_COLUMNS = ("id", "kind", "object_key", "step", "recipient_email", "subject", "body_text",
            "body_html", "attachment_id", "attempts")


# The server answered "no" to this message; smtplib has reset the session, so it carries on.
_REFUSALS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def batch_size() -> int:
    return _setting("BATCH_SIZE", 5000)


def _host() -> str:
    return settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "acuerdos"


def _message(n, attachment, connection) -> EmailMultiAlternatives:
    """The e-mail of row `n` (a Notification or a claimed row: same attribute names)."""
    message = EmailMultiAlternatives(
        subject=n.subject,
        body=n.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[n.recipient_email],
        connection=connection,
        headers={"Message-ID": f"<notification-{n.id}@{_host()}>",
                 "X-Acuerdos-Notification": f"{n.kind}/{n.object_key}/{n.step}"},
    )
    if n.body_html:
        message.attach_alternative(n.body_html, "text/html")
    if attachment is not None:
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return message


def _error(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _close(connection) -> None:
    try:
        connection.close()  # a broken connection is not reused
    except Exception:  # noqa: BLE001
        pass


def _failed(*, pk: int, attempts: int, claimed_at, error: str) -> str:
    """A refused or failed attempt: back to pending after the backoff, or failed for good."""
    mine = Notification.objects.filter(pk=pk, status=Notification.Status.SENDING,
                                       claimed_at=claimed_at)
    if attempts >= max_attempts():
        mine.update(status=Notification.Status.FAILED, last_error=error)
        logger.error("notification %s failed after %s attempts: %s", pk, attempts, error)
        return "failed"
    mine.update(status=Notification.Status.PENDING, last_error=error, queued_at=None,
                next_attempt_at=timezone.now() + backoff(attempts))
    logger.warning("notification %s attempt %s failed, will retry: %s", pk, attempts, error)
    return "retry"


def notification_deliver(*, notification_id: int, connection=None) -> str:
    """Send one row if this caller wins the claim. Returns sent, skipped, retry or failed."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status=Notification.Status.PENDING, next_attempt_at__lte=now
    ).update(status=Notification.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    if not claimed:
        return "skipped"
    n = Notification.objects.select_related("attachment").get(pk=notification_id)
    connection = connection or get_connection(timeout=_setting("SMTP_TIMEOUT_SECONDS", 60))
    try:
        _message(n, n.attachment, connection).send()
    except Exception as exc:  # SMTP refusals, timeouts, connection errors: retried
        _close(connection)
        return _failed(pk=n.pk, attempts=n.attempts, claimed_at=now, error=_error(exc))
    Notification.objects.filter(pk=n.pk, status=Notification.Status.SENDING).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


class _Row:
    __slots__ = (*_COLUMNS, "lost")

    def __init__(self, values):
        for name, value in zip(_COLUMNS, values):
            setattr(self, name, value)
        self.lost = False  # left "sending" by a dead process at its last attempt: now failed


def _claim(*, due_at, claimed_at, limit: int) -> list[_Row]:
    """One statement: the due pending rows and the rows a dead process left "sending" past the
    lease (oldest attempt first, at most `limit`, skipping rows another sweep holds) become
    "sending" with one more attempt; returns what sending needs. A lost row whose last attempt
    it was becomes "failed" instead (returned with that status: the caller counts it, sends
    nothing). So the inline sweep needs no recovery statement of its own (recover_stale is the
    Celery sweep's). Served by notification_unsent_idx (pending and sending rows)."""
    table = db.ops.quote_name(Notification._meta.db_table)
    skip_locked = " FOR UPDATE SKIP LOCKED" if db.features.has_select_for_update_skip_locked else ""
    adapt = db.ops.adapt_datetimefield_value
    S = Notification.Status
    stale_before = adapt(claimed_at - lease())
    # CASE reads the row as it was: "lost" = left sending by a dead process, at its last attempt.
    lost = "status = %s AND attempts >= %s"
    sql = (
        f"UPDATE {table} SET status = CASE WHEN {lost} THEN %s ELSE %s END, "
        f"attempts = CASE WHEN {lost} THEN attempts ELSE attempts + 1 END, "
        f"claimed_at = CASE WHEN {lost} THEN claimed_at ELSE %s END, "
        f"last_error = CASE WHEN status = %s THEN %s ELSE last_error END "
        f"WHERE (status = %s OR (status = %s AND claimed_at < %s)) "
        f"AND id IN (SELECT id FROM {table} WHERE (status = %s AND next_attempt_at <= %s) "
        f"OR (status = %s AND claimed_at < %s) "
        f"ORDER BY next_attempt_at, id LIMIT %s{skip_locked}) "
        f"RETURNING status, {', '.join(_COLUMNS)}"
    )
    last = max_attempts()
    params = [S.SENDING, last, S.FAILED, S.SENDING,
              S.SENDING, last, S.SENDING, last, adapt(claimed_at),
              S.SENDING, LOST_ERROR,
              S.PENDING, S.SENDING, stale_before,
              S.PENDING, adapt(due_at), S.SENDING, stale_before, limit]
    rows = []
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        for status, *values in cursor.fetchall():
            row = _Row(values)
            if status == S.FAILED:
                logger.error("notification %s failed after %s attempts: %s", row.id,
                             row.attempts, LOST_ERROR)
                row.lost = True
            rows.append(row)
    return sorted(rows, key=lambda r: r.id)


def _release(rows: list[_Row], claimed_at) -> None:
    """Claimed rows not tried (the batch reached half its lease): pending again, attempt undone."""
    Notification.objects.filter(
        pk__in=[r.id for r in rows], status=Notification.Status.SENDING, claimed_at=claimed_at
    ).update(status=Notification.Status.PENDING, attempts=F("attempts") - 1, claimed_at=None)


def _send_one(connection, row: _Row, attachment, *, opened: bool):
    """Send one claimed row over `connection`, opening it first when it is not open. Returns
    (is the connection open now, the exception if the send failed). A refusal leaves the SMTP
    session usable (RSET); any other error (timeouts, a dropped connection) closes it, and the
    next row opens a new one."""
    try:
        if not opened:
            connection.open()
            opened = True
        connection.send_messages([_message(row, attachment, None)])
    except Exception as exc:  # SMTP refusals, timeouts, connection errors: retried per row
        if not isinstance(exc, _REFUSALS):
            _close(connection)
            opened = False
        return opened, exc
    return opened, None


def _send_batch(rows: list[_Row], claimed_at, connection, outcomes: Counter) -> bool:
    """Send claimed rows over `connection`; True when all were tried (False: released half-way)."""
    ids = {r.attachment_id for r in rows} - {None}
    attachments = Attachment.objects.in_bulk(ids) if ids else {}
    deadline = claimed_at + lease() / 2
    sent, opened, complete = [], False, True
    for i, row in enumerate(rows):
        if i and timezone.now() > deadline:
            _release(rows[i:], claimed_at)
            complete = False
            break
        opened, exc = _send_one(connection, row, attachments.get(row.attachment_id),
                                opened=opened)
        if exc is not None:
            outcomes[_failed(pk=row.id, attempts=row.attempts, claimed_at=claimed_at,
                             error=_error(exc))] += 1
        else:
            sent.append(row.id)
    if opened:
        _close(connection)
    if sent:
        Notification.objects.filter(pk__in=sent, status=Notification.Status.SENDING).update(
            status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        outcomes["sent"] += len(sent)
    return complete


def notifications_deliver_due(*, due_at, connection=None) -> Counter:
    """Send every row due at `due_at`, a batch at a time. Returns a Counter of sent / retry /
    failed."""
    connection = connection or get_connection(timeout=_setting("SMTP_TIMEOUT_SECONDS", 60))
    outcomes = Counter()
    limit = batch_size()
    while True:
        claimed_at = timezone.now()
        rows = _claim(due_at=due_at, claimed_at=claimed_at, limit=limit)
        if not rows:
            break
        if lost := sum(r.lost for r in rows):
            outcomes["failed"] += lost
        complete = _send_batch([r for r in rows if not r.lost], claimed_at, connection, outcomes)
        if complete and len(rows) < limit:
            break  # everything due was claimed: what falls due meanwhile is the next sweep's
    return outcomes
