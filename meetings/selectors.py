"""Reads about sessions shared by pages and notifications."""

import datetime

from .models import Session


def sessions_to_record(groups, today: datetime.date):
    """"Por registrar": planned sessions whose date has passed — the meeting happened (or not)
    but nobody marked it held or cancelled, so its acuerdos exist for no one. Shown to the
    group's secretariat (home page, weekly digest) until the header says held or cancelled.
    Sessions are few per group: the group FK index is enough."""
    return (Session.objects.filter(group__in=groups, status=Session.Status.PLANNED,
                                   date__lt=today)
            .select_related("group").order_by("date", "start_time", "pk"))
