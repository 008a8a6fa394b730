"""Writes for notifications: plan rows (claimed by their unique key before anything is sent),
deliver one row (conditional UPDATE pending → sending, then send, then sent/failed), and sweep.

Exactly once: a row is inserted with ON CONFLICT DO NOTHING on (kind, recipient, object, step), so
two sweeps, a double beat tick or a retried task plan it once; it is sent only by whoever wins the
UPDATE ... WHERE status='pending', so it is sent once. The one window left is a process dying after
the SMTP server said 250 and before the row says "sent": after NOTIFICATIONS_SENDING_LEASE_SECONDS
the row is sent again (at least once in that window), with the same Message-ID so that mail
programs fold the copies.

The sweep that plans and sends is notifications.sweep, above this package (it also calls the
convocatorias' services, which call these).
"""

from ..deliver import notification_deliver
from ..retry import backoff, lease, max_attempts
from .delivery import due_ids, queue_due, recover_stale
from .messages import (
    notify_due_date_request_decided,
    notify_minuta_approved,
    notify_report_reviewed,
    session_invitations_send,
)
from .reminders import digest_groups, digest_week, open_parts_due_on, plan_digests, plan_reminders

__all__ = [
    "backoff", "digest_groups", "digest_week", "due_ids", "lease", "max_attempts",
    "notification_deliver", "notify_due_date_request_decided", "notify_minuta_approved",
    "notify_report_reviewed", "open_parts_due_on", "plan_digests", "plan_reminders",
    "queue_due", "recover_stale", "session_invitations_send",
]
