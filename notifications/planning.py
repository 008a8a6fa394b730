"""The public planning API: what another app needs to plan notification rows of its own (the
work plan's reminders and decisions) without reaching into notifications' private helpers.

A planner finds its recipients (`enlaces_of`, `user_recipient`; each Recipient carries the
language of its e-mails, read in the same query), leaves out the keys already planned
(`planned_keys`), renders `draft`s and hands them to `insert` — or, inside the sweep, returns
them so that notifications.sweep.plan inserts every kind's rows in one statement. The unique
key (kind, recipient, object, step) with ON CONFLICT DO NOTHING keeps each row planned once."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _

from directory.models import Person

from .models import Notification
from .rendering import render_message

__all__ = ["Recipient", "draft", "enlaces_of", "insert", "planned_keys", "reason",
           "user_recipient"]


@dataclass
class Recipient:
    email: str
    name: str
    user_id: int | None
    # Their e-mails' language when the query that found them also read it ("" = the site's);
    # None: not read, the planner asks notifications.policy.languages_for.
    language: str | None = None

    def language_or(self, languages: dict) -> str:
        """The language to write in: the one read with the recipient, else from `languages`."""
        if self.language is not None:
            return self.language or settings.LANGUAGE_CODE
        return languages.get(self.user_id, settings.LANGUAGE_CODE)


def reason(text: str, **params) -> str:
    """Why a row was planned, in the site's language (the log page shows it to the staff).
    `text` is marked with gettext_noop where it is written, for makemessages to find it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(text) % params


def draft(*, kind, recipient: Recipient, object_key, step, language, template, context,
          reason, **related) -> Notification:
    """An unsaved row with its message rendered in `language`."""
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


def planned_keys(kind_values, object_keys) -> set[tuple]:
    """The (kind, recipient, object, step) keys already planned for these objects (served by
    notification_object_idx), so that a repeat sweep renders nothing twice. No query without
    object keys."""
    if not object_keys:
        return set()
    return set(
        Notification.objects.filter(kind__in=kind_values, object_key__in=set(object_keys))
        .values_list("kind", "recipient_email", "object_key", "step")
    )


def insert(drafts: list[Notification]) -> None:
    """ON CONFLICT DO NOTHING: a concurrent sweep that planned the same key first wins. One
    statement for a day's first sweep (2,000 rows: bench/reminders_sweep.py); SQLite splits it
    by its own variable limit. No query without drafts."""
    if drafts:
        Notification.objects.bulk_create(drafts, ignore_conflicts=True, batch_size=5000)


def enlaces_of(institution_ids) -> dict[int, list[Recipient]]:
    """institution id → its enlaces with an e-mail, each with their e-mails' language (the
    account's preference, joined in the same query)."""
    found = defaultdict(list)
    rows = (Person.objects.filter(institution_id__in=set(institution_ids), is_enlace=True)
            .exclude(email="").order_by("pk")
            .values_list("institution_id", "email", "name", "user_id",
                         F("user__notification_preference__language")))
    for institution_id, email, name, user_id, language in rows:
        found[institution_id].append(Recipient(email, name, user_id, language or ""))
    return found


def user_recipient(user) -> Recipient | None:
    """A user's address: their account's e-mail, else their directory entry's."""
    if user is None or not user.is_active:
        return None
    person = getattr(user, "person", None)
    email = user.email or (person.email if person else "")
    if not email:
        return None
    name = person.name if person else (user.get_full_name() or user.username)
    return Recipient(email, name, user.pk)
