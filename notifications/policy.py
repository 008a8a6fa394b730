"""Reading the per-group reminder policy and the per-user preferences (defaults when missing)."""

from dataclasses import dataclass

from django.conf import settings

from .models import (
    DEFAULT_DAYS_BEFORE,
    DEFAULT_ESCALATION_AFTER_DAYS,
    GroupReminderPolicy,
    NotificationPreference,
)


@dataclass(frozen=True)
class Policy:
    days_before: tuple[int, ...] = DEFAULT_DAYS_BEFORE
    escalation_after_days: int = DEFAULT_ESCALATION_AFTER_DAYS


DEFAULT_POLICY = Policy()


def policies_for(group_ids) -> dict[int, Policy]:
    """group id → Policy, one query; groups without a row get the defaults."""
    group_ids = set(group_ids)
    found = {
        p.group_id: Policy(tuple(p.days_before_list), p.escalation_after_days)
        for p in GroupReminderPolicy.objects.filter(group_id__in=set(group_ids))
    }
    return {gid: found.get(gid, DEFAULT_POLICY) for gid in set(group_ids)}


def group_policies() -> dict[int, Policy]:
    """group id → its own Policy, for the groups that have one (the rest: DEFAULT_POLICY); one
    query, so the sweep reads the table once for the dates and for each part's steps."""
    return {p.group_id: Policy(tuple(p.days_before_list), p.escalation_after_days)
            for p in GroupReminderPolicy.objects.all()}


def all_policies() -> list[Policy]:
    """Every distinct policy in use (to know which due dates can have a step today)."""
    return [DEFAULT_POLICY, *group_policies().values()]


def languages_for(user_ids) -> dict[int, str]:
    """user id → language of their e-mails (the site's default unless they chose one)."""
    user_ids = set(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=set(user_ids) - {None})
        .exclude(language="")
        .values_list("user_id", "language")
    )
    return {uid: chosen.get(uid, settings.LANGUAGE_CODE) for uid in set(user_ids)}


def digest_opted_out(user_ids) -> set[int]:
    return set(
        NotificationPreference.objects.filter(
            user_id__in=set(user_ids) - {None}, weekly_digest=False
        ).values_list("user_id", flat=True)
    )
