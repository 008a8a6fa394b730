"""What other parts of the tracker do after a follow-up decision commits. Called with ids only,
through transaction.on_commit, so a rolled-back decision tells nobody."""


def report_reviewed(report_id: int) -> None:
    """A report was validated or returned: tell whoever reported it."""
    from notifications.services import notify_report_reviewed

    notify_report_reviewed(report_id=report_id)


def due_date_request_decided(request_id: int) -> None:
    """A due date request was approved or rejected: tell the enlace who asked."""
    from notifications.services import notify_due_date_request_decided

    notify_due_date_request_decided(request_id=request_id)
