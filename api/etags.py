"""Optimistic concurrency for PATCH: the ETag of a GET must come back in If-Match."""

import hashlib

from agreements.models import Acuerdo, Responsibility

from .errors import PreconditionFailed, PreconditionRequired


def _tag(*parts) -> str:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:20]
    return f'"{digest}"'


def acuerdo_etag(acuerdo: Acuerdo) -> str:
    # Everything a PATCH of the acuerdo can change, or that forbids it (cancellation).
    return _tag("acuerdo", acuerdo.pk, acuerdo.text, acuerdo.due_date, acuerdo.cancelled_at,
                acuerdo.kind)


def responsibility_etag(responsibility: Responsibility) -> str:
    # version changes with every accepted write (a report that keeps the status included).
    return _tag(
        "responsibility", responsibility.pk, responsibility.version, responsibility.status,
        responsibility.updated_at.isoformat(),
    )


def check_if_match(request, current: str) -> None:
    """428 without If-Match, 412 when none of its tags is the current one (weak tags compare by
    their value, RFC 9110 §13.1.1; `*` is not accepted, the point is to prove what you read)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    if current not in tags:
        raise PreconditionFailed()
