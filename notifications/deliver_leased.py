"""The Celery sweep's way of sending (notifications.sweep, inline=False): batches that keep the
per-row task's exactly-once under SIGKILL, over one SMTP connection.

The inline sweep (notifications.deliver.notifications_deliver_due) marks a whole batch "sent"
in one statement, so a process killed mid-batch sends again, after the lease, what it had
already handed over. A worker gets killed (deploys, OOM), so here:
- one UPDATE … RETURNING leases a batch: due pending rows not leased or queued to another
  sender in the last lease (queued_at) get queued_at = this lease and come back with what
  their messages need; they stay "pending", so a killed batch leaves its untried rows to the
  next sweep once the lease is over, never twice;
- each row is then claimed on its own (pending → "sending", conditional on still being pending
  and leased to this batch), in the same statement that marks the previous one "sent": one
  statement per message, where the per-row task takes three (claim, read, mark) and one SMTP
  connection each. A worker killed mid-send leaves at most that one row "sending" — the
  at-least-once window stays one row (tests/test_notifications_faults.py);
- a refused or failed message costs its own UPDATE (retry time or "failed"), as in the inline
  sweep; the caller queues the per-row send task for each retry with its backoff as countdown.
"""

import datetime as dt
from collections import Counter

from django.core.mail import get_connection
from django.db import connection as db
from django.utils import timezone

from .deliver import _COLUMNS, _Row, _close, _error, _failed, _send_one, batch_size
from .models import Attachment, Notification
from .retry import _setting, backoff, lease

__all__ = ["notifications_deliver_leased"]

S = Notification.Status


def _table() -> str:
    return db.ops.quote_name(Notification._meta.db_table)


def _lease(*, due_at, leased_at, limit: int) -> list[_Row]:
    """One statement: lease the due pending rows nobody leased or queued within the lease
    (oldest attempt first, at most `limit`, skipping rows another sweep holds locked); returns
    what sending needs. Served by notification_unsent_idx."""
    table = _table()
    skip_locked = " FOR UPDATE SKIP LOCKED" if db.features.has_select_for_update_skip_locked else ""
    adapt = db.ops.adapt_datetimefield_value
    free = "status = %s AND (queued_at IS NULL OR queued_at < %s)"
    sql = (
        f"UPDATE {table} SET queued_at = %s WHERE {free} AND id IN (SELECT id FROM {table} "
        f"WHERE {free} AND next_attempt_at <= %s ORDER BY next_attempt_at, id "
        f"LIMIT %s{skip_locked}) RETURNING {', '.join(_COLUMNS)}"
    )
    free_before = adapt(leased_at - lease())
    with db.cursor() as cursor:
        cursor.execute(sql, [adapt(leased_at), S.PENDING, free_before, S.PENDING, free_before,
                             adapt(due_at), limit])
        rows = [_Row(r) for r in cursor.fetchall()]
    return sorted(rows, key=lambda r: r.id)


def _advance(*, claim: _Row | None, claimed_at, leased_at, sent: tuple | None) -> set[int]:
    """One statement: claim row `claim` (pending and still leased to this batch → "sending",
    one more attempt) and mark the previous message, `sent` = (id, its claimed_at), "sent".
    Returns the ids it changed (a row missing lost its claim: another sender has it)."""
    adapt = db.ops.adapt_datetimefield_value
    claim_id = claim.id if claim else None
    now = adapt(timezone.now())
    sets = (
        "status = CASE WHEN id = %s THEN %s ELSE %s END, "
        "attempts = CASE WHEN id = %s THEN attempts + 1 ELSE attempts END, "
        "claimed_at = CASE WHEN id = %s THEN %s ELSE claimed_at END, "
        "sent_at = CASE WHEN id = %s THEN sent_at ELSE %s END, "
        "last_error = CASE WHEN id = %s THEN last_error ELSE '' END"
    )
    params = [claim_id, S.SENDING, S.SENT, claim_id, claim_id, adapt(claimed_at), claim_id, now,
              claim_id]
    where, where_params = [], []
    if claim is not None:
        where.append("(id = %s AND status = %s AND queued_at = %s)")
        where_params += [claim.id, S.PENDING, adapt(leased_at)]
    if sent is not None:
        where.append("(id = %s AND status = %s AND claimed_at = %s)")
        where_params += [sent[0], S.SENDING, adapt(sent[1])]
    sql = f"UPDATE {_table()} SET {sets} WHERE {' OR '.join(where)} RETURNING id"
    with db.cursor() as cursor:
        cursor.execute(sql, params + where_params)
        return {r[0] for r in cursor.fetchall()}


def _give_back(rows: list[_Row], leased_at) -> None:
    """Leased rows not tried (the batch reached half its lease): free for the next sweep now."""
    Notification.objects.filter(
        pk__in=[r.id for r in rows], status=S.PENDING, queued_at=leased_at
    ).update(queued_at=None)


def _send_leased(rows, leased_at, connection, outcomes: Counter, retries: list) -> bool:
    """Send leased rows over `connection`, each claimed as it goes; True when all were tried."""
    ids = {r.attachment_id for r in rows} - {None}
    attachments = Attachment.objects.in_bulk(ids) if ids else {}
    deadline = leased_at + lease() / 2
    sent, opened, complete = None, False, True
    for i, row in enumerate(rows):
        if i and timezone.now() > deadline:
            _give_back(rows[i:], leased_at)
            complete = False
            break
        claimed_at = timezone.now()
        changed = _advance(claim=row, claimed_at=claimed_at, leased_at=leased_at, sent=sent)
        if sent is not None and sent[0] in changed:
            outcomes["sent"] += 1
        sent = None
        if row.id not in changed:
            outcomes["skipped"] += 1  # a per-row task or another sweep took it meanwhile
            continue
        attempts = row.attempts + 1
        opened, exc = _send_one(connection, row, attachments.get(row.attachment_id),
                                opened=opened)
        if exc is not None:
            outcome = _failed(pk=row.id, attempts=attempts, claimed_at=claimed_at,
                              error=_error(exc))
            outcomes[outcome] += 1
            if outcome == "retry":
                retries.append((row.id, backoff(attempts)))
        else:
            sent = (row.id, claimed_at)
    if sent is not None and sent[0] in _advance(claim=None, claimed_at=None, leased_at=leased_at,
                                                sent=sent):
        outcomes["sent"] += 1
    if opened:
        _close(connection)
    return complete


def notifications_deliver_leased(*, due_at, connection=None
                                 ) -> tuple[Counter, list[tuple[int, dt.timedelta]]]:
    """Send every row due at `due_at`, a leased batch at a time. Returns a Counter of sent /
    retry / failed / skipped and the rows to retry with their backoff (the caller queues the
    per-row send task for each)."""
    connection = connection or get_connection(timeout=_setting("SMTP_TIMEOUT_SECONDS", 60))
    outcomes, retries = Counter(), []
    limit = batch_size()
    while True:
        leased_at = timezone.now()
        rows = _lease(due_at=due_at, leased_at=leased_at, limit=limit)
        if not rows:
            break
        complete = _send_leased(rows, leased_at, connection, outcomes, retries)
        if complete and len(rows) < limit:
            break  # everything due was leased: what falls due meanwhile is the next sweep's
    return outcomes, retries
