"""Writes to calendar feeds: make one (revoking the one it replaces) and revoke one."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.access import can_edit_group

from .models import CalendarFeed


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, user, group=None) -> tuple[CalendarFeed, str]:
    """A new secret for the user's feed (or a group's, for its secretariat). The previous feed of
    the same scope stops working at once: "generate a new address" is also how a leaked one is
    revoked. Returns the feed and the secret, which is never stored."""
    if group is not None and not can_edit_group(user, group):
        raise ValidationError(_("Only the group's secretariat can subscribe to its calendar."))
    now = timezone.now()
    # Lock the user's active feeds so two clicks at once leave one active feed, not two.
    active = CalendarFeed.objects.select_for_update().filter(
        user=user, group=group, revoked_at__isnull=True)
    active.update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, group=group, token_hash=token_hash(token),
                                       created_at=now)
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed) -> CalendarFeed:
    # Conditional update: revoking twice keeps the first time.
    CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    feed.refresh_from_db()
    return feed


def calendar_feed_touch(*, feed: CalendarFeed) -> None:
    """Remember when a calendar app last fetched the feed (shown on the settings page), at most
    once an hour so that polling apps do not write on every fetch."""
    now = timezone.now()
    CalendarFeed.objects.filter(pk=feed.pk).exclude(
        last_used_at__gt=now - timezone.timedelta(hours=1)).update(last_used_at=now)
