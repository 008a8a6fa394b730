"""Building notification rows: recipients, rendered messages, and the insert that claims a row
by its unique key (ON CONFLICT DO NOTHING) before anything is sent."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from directory.models import Person
from meetings.models import WorkingGroup

from ..models import Attachment, Notification
from ..retry import _setting, backoff, lease, max_attempts  # noqa: F401 — re-exported
from ..rendering import render_message


@dataclass
class Recipient:
    email: str
    name: str
    user_id: int | None


def _reason(text: str, **params) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(text) % params


def _draft(*, kind, recipient: Recipient, object_key, step, language, template, context,
           reason, **related) -> Notification:
    context = {"recipient_name": recipient.name, **context}
    subject, text, html = render_message(template, context, language)
    return Notification(
        kind=kind,
        recipient_email=recipient.email.strip().lower(),
        recipient_name=recipient.name[:200],
        user_id=recipient.user_id,
        object_key=object_key,
        step=step,
        language=language,
        subject=subject,
        body_text=text,
        body_html=html,
        reason=reason,
        **related,
    )


def _existing_keys(kind_values, object_keys) -> set[tuple]:
    if not object_keys:
        return set()
    return set(
        Notification.objects.filter(kind__in=kind_values, object_key__in=set(object_keys))
        .values_list("kind", "recipient_email", "object_key", "step")
    )


def _insert(drafts: list[Notification]) -> None:
    # ON CONFLICT DO NOTHING: a concurrent sweep that planned the same key first wins.
    # One statement for a day's first sweep (2,000 rows: bench/reminders_sweep.py); SQLite
    # splits it by its own variable limit.
    Notification.objects.bulk_create(drafts, ignore_conflicts=True, batch_size=5000)


def _enlaces_of(institution_ids) -> dict[int, list[Recipient]]:
    found = defaultdict(list)
    for p in Person.objects.filter(institution_id__in=set(institution_ids), is_enlace=True).exclude(
        email=""
    ).order_by("pk"):
        found[p.institution_id].append(Recipient(p.email, p.name, p.user_id))
    return found


def _group_staff(group_ids) -> dict[int, list[Recipient]]:
    """The coordinators and the secretariat of each group, once each, with an e-mail."""
    User = get_user_model()
    group_ids = set(group_ids)
    found = defaultdict(dict)
    for through in (WorkingGroup.coordinators.through, WorkingGroup.secretariat.through):
        rows = list(through.objects.filter(workinggroup_id__in=group_ids).values_list(
            "workinggroup_id", "user_id"
        ))
        users = {u.pk: u for u in User.objects.filter(pk__in={r[1] for r in rows}, is_active=True)
                 .exclude(email="")}
        for gid, uid in rows:
            if uid in users:
                u = users[uid]
                found[gid][u.email.lower()] = Recipient(u.email, u.get_full_name() or u.username, uid)
    return {gid: list(by_email.values()) for gid, by_email in found.items()}


def _attachment(filename: str, mimetype: str, content: bytes) -> Attachment:
    digest = hashlib.sha256(content).hexdigest()
    obj, _created = Attachment.objects.get_or_create(
        sha256=digest, defaults={"filename": filename, "mimetype": mimetype, "content": content}
    )
    return obj


def _user_recipient(user) -> Recipient | None:
    """A user's address: their account's e-mail, else their directory entry's."""
    if user is None or not user.is_active:
        return None
    person = getattr(user, "person", None)
    email = user.email or (person.email if person else "")
    if not email:
        return None
    name = person.name if person else (user.get_full_name() or user.username)
    return Recipient(email, name, user.pk)
