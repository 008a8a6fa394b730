"""Which reminder or escalation step falls on a given day: pure date arithmetic, no queries.

Steps for a responsible institution's part due on day D (group policy: days_before, N):
- reminder "before-n" on D - n for each n in days_before (default 7 and 1);
- reminder "due" on D;
- reminder "overdue-wK" on D + 7K (weekly while overdue, up to the look-back);
- escalation "escalation-K" on D + K·N + 1 (overdue by more than N days, then each further N days).
Each step's key carries the due date, so moving the due date starts its reminders afresh.
"""

import datetime as dt

from django.conf import settings

from .policy import Policy


def lookback_days() -> int:
    return getattr(settings, "NOTIFICATIONS_OVERDUE_LOOKBACK_DAYS", 730)


def catch_up_days() -> int:
    """A sweep also fires steps of the previous day(s) that were missed (server down at midnight)."""
    return max(1, getattr(settings, "NOTIFICATIONS_CATCH_UP_DAYS", 2))


def reminder_step_on(due: dt.date, day: dt.date, policy: Policy) -> str | None:
    remaining = (due - day).days
    if remaining > 0:
        return f"before-{remaining}" if remaining in policy.days_before else None
    if remaining == 0:
        return "due"
    overdue = -remaining
    if overdue % 7 == 0 and overdue <= lookback_days():
        return f"overdue-w{overdue // 7}"
    return None


def escalation_step_on(due: dt.date, day: dt.date, policy: Policy) -> str | None:
    overdue = (day - due).days
    after = policy.escalation_after_days
    if overdue > after and (overdue - 1) % after == 0 and overdue <= lookback_days():
        return f"escalation-{(overdue - 1) // after}"
    return None


def window(today: dt.date) -> list[dt.date]:
    """The days a sweep on `today` looks at, oldest first."""
    return [today - dt.timedelta(days=n) for n in range(catch_up_days() - 1, -1, -1)]


def latest_step(rule, due: dt.date, today: dt.date, policy: Policy) -> str | None:
    """The newest step of `rule` within the catch-up window: a missed older step is superseded."""
    found = None
    for day in window(today):
        step = rule(due, day, policy)
        if step:
            found = step
    return f"{found}:{due.isoformat()}" if found else None


def candidate_due_dates(today: dt.date, policies: list[Policy]) -> set[dt.date]:
    """Every due date that can have a step in today's window: the sweep reads only these (an
    index range per date), so its work grows with what is due, not with the table."""
    days_before = {n for p in policies for n in p.days_before}
    escalations = {p.escalation_after_days for p in policies}
    limit = lookback_days()
    dates = set()
    for day in window(today):
        dates.add(day)
        dates.update(day + dt.timedelta(days=n) for n in days_before)
        dates.update(day - dt.timedelta(days=7 * k) for k in range(1, limit // 7 + 1))
        for n in escalations:
            dates.update(day - dt.timedelta(days=k * n + 1) for k in range(1, limit // n + 1))
    return dates
