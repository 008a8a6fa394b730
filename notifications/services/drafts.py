"""What notifications' own services add to the public planning API (notifications.planning):
the staff of groups (escalations) and attachments stored once by their content."""

import hashlib
from collections import defaultdict

from django.db.models import F

from meetings.models import WorkingGroup

from ..models import Attachment
from ..planning import Recipient
from ..retry import _setting, backoff, lease, max_attempts  # noqa: F401 — re-exported


def group_staff(group_ids) -> dict[int, list[Recipient]]:
    """The active coordinators and secretariat of each group, once each, with an e-mail and the
    language of their e-mails: one query per role."""
    group_ids = set(group_ids)
    found = defaultdict(dict)
    for through in (WorkingGroup.coordinators.through, WorkingGroup.secretariat.through):
        rows = (through.objects.filter(workinggroup_id__in=group_ids, user__is_active=True)
                .exclude(user__email="").order_by("pk")
                .values_list("workinggroup_id", "user_id", "user__email", "user__first_name",
                             "user__last_name", "user__username",
                             F("user__notification_preference__language")))
        for gid, uid, email, first, last, username, language in rows:
            name = f"{first} {last}".strip() or username  # User.get_full_name() or username
            found[gid].setdefault(email.lower(), Recipient(email, name, uid, language or ""))
    return {gid: list(by_email.values()) for gid, by_email in found.items()}


def _attachment(filename: str, mimetype: str, content: bytes) -> Attachment:
    digest = hashlib.sha256(content).hexdigest()
    obj, _created = Attachment.objects.get_or_create(
        sha256=digest, defaults={"filename": filename, "mimetype": mimetype, "content": content}
    )
    return obj
