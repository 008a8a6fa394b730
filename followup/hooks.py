"""What other parts of the tracker do after a follow-up decision commits. Called with ids only,
through transaction.on_commit, so a rolled-back decision tells nobody."""

from notifications.services.messages import (
    notify_due_date_request_decided,
    notify_report_reviewed,
)


def report_reviewed(report_id: int) -> None:
    """A report was validated or returned: tell whoever reported it."""
    notify_report_reviewed(report_id=report_id)


def due_date_request_decided(request_id: int) -> None:
    """A due date request was approved or rejected: tell the enlace who asked."""
    notify_due_date_request_decided(request_id=request_id)
