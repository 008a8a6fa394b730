"""Hooks for other parts of the tracker. The notifications branch fills these in (e.g. queues an
e-mail task); they are called after the transaction commits, with ids only."""

import logging

log = logging.getLogger(__name__)


def report_returned(report_id: int) -> None:
    """A fulfilment report was returned to the institution: tell its enlaces (reason on the
    report's `return_reason`). Called with `transaction.on_commit` by `report_return`."""
    log.info("Report %s returned; no notifier connected.", report_id)


def due_date_request_decided(request_id: int) -> None:
    """A due date request was approved or rejected: tell the enlace who asked."""
    log.info("Due date request %s decided; no notifier connected.", request_id)
