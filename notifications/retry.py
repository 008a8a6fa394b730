"""Delivery settings and the retry schedule: plain functions of the settings, below everything
that sends (notifications.deliver, notifications.sending, services.delivery)."""

import datetime as dt

from django.conf import settings


# Why a row left "sending" past the lease went back to pending (or failed): its process died.
LOST_ERROR = "worker lost while sending"


def _setting(name: str, default):
    return getattr(settings, f"NOTIFICATIONS_{name}", default)


def max_attempts() -> int:
    return _setting("MAX_ATTEMPTS", 5)


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=_setting("SENDING_LEASE_SECONDS", 600))


def backoff(attempts: int) -> dt.timedelta:
    """60 s, 4 min, 16 min, capped at 30 min: short enough to be a countdown, never a far ETA."""
    base = _setting("RETRY_BACKOFF_SECONDS", 60)
    return dt.timedelta(seconds=min(base * 4 ** max(attempts - 1, 0), _setting("RETRY_BACKOFF_MAX", 1800)))
