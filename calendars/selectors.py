"""What a calendar feed holds, within the access rules of its owner (tracker/access.py)."""

import datetime

from django.utils import timezone

from agreements.models import Acuerdo, Responsibility
from meetings.models import Session
from tracker import access

from .models import CalendarFeed
from .services import token_hash

# Calendar apps show what is coming; a year back keeps recent sessions without making every
# fetch read a group's whole history.
PAST_DAYS = 365


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The active feed with this secret, if its owner can still sign in; None otherwise."""
    return (
        CalendarFeed.objects.select_related("user", "group")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def calendar_feed_list_active(*, user):
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).select_related("group")


def _since(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=PAST_DAYS)


def feed_sessions(feed: CalendarFeed, *, today: datetime.date):
    """Sessions of the feed's group, or of every group the owner may see."""
    if feed.group_id is not None:
        groups = access.groups_editable_by(feed.user).filter(pk=feed.group_id)
    else:
        groups = access.groups_visible_to(feed.user)
    return (
        Session.objects.filter(group__in=groups, date__gte=_since(today))
        .select_related("group", "invitation").order_by("date", "start_time", "pk")
    )


def feed_due_parts(feed: CalendarFeed, *, today: datetime.date):
    """A personal feed: the open parts the owner's institution answers for (as an enlace)."""
    institution = access.enlace_institution(feed.user)
    if feed.group_id is not None or institution is None:
        return Responsibility.objects.none()
    return (
        Responsibility.objects.filter(
            institution=institution, role=Responsibility.Role.RESPONSABLE,
            acuerdo__in=Acuerdo.objects.adopted().filter(cancelled_at__isnull=True),
            due_date__gte=_since(today),
        )
        .exclude(status=Responsibility.Status.FULFILLED)
        .select_related("acuerdo__group", "institution").order_by("due_date", "pk")
    )


def feed_due_acuerdos(feed: CalendarFeed, *, today: datetime.date):
    """A group's feed: each open acuerdo's due date."""
    if feed.group_id is None:
        return Acuerdo.objects.none()
    return (
        Acuerdo.objects.adopted()
        .filter(group_id=feed.group_id, cancelled_at__isnull=True, due_date__gte=_since(today))
        .with_status(today)
        .exclude(status_value=Acuerdo.Status.FULFILLED)
        .select_related("group").order_by("due_date", "pk")
    )


def today() -> datetime.date:
    return timezone.localdate()
