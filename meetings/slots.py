"""Where an agenda item may sit in its session: one rule for adding an item (meetings.services)
and changing one (meetings.drafting), in its own module below both."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import AgendaPresenter, Session


def validate_agenda_slot(
    *,
    session: Session,
    start_time: datetime.time,
    end_time: datetime.time,
    exclude_pk: int | None = None,
) -> None:
    """A slot ends after it starts, lies inside the session and overlaps no other item."""
    if end_time <= start_time:
        raise ValidationError({"end_time": _("The item must end after it starts.")})
    if start_time < session.start_time:
        raise ValidationError(
            {"start_time": _("The item starts before the session (%(time)s).")
             % {"time": session.start_time.strftime("%H:%M")}}
        )
    if session.end_time and end_time > session.end_time:
        raise ValidationError(
            {"end_time": _("The item ends after the session (%(time)s).")
             % {"time": session.end_time.strftime("%H:%M")}}
        )
    clash = (
        session.agenda_items.filter(start_time__lt=end_time, end_time__gt=start_time)
        .exclude(pk=exclude_pk)
        .first()
    )
    if clash:
        raise ValidationError(
            {"start_time": _("The slot overlaps “%(activity)s” (%(start)s–%(end)s).")
             % {
                 "activity": clash.activity[:80],
                 "start": clash.start_time.strftime("%H:%M"),
                 "end": clash.end_time.strftime("%H:%M"),
             }}
        )


def validate_presenters(presenters) -> None:
    """Each presenter written as text fits its column (a longer line was a DataError, a 500)."""
    limit = AgendaPresenter._meta.get_field("text").max_length
    for presenter in presenters:
        text = presenter[1] if isinstance(presenter, tuple) else presenter
        if isinstance(text, str) and len(text) > limit:
            raise ValidationError({"presenters_text": _(
                "Each presenter line may have at most %(limit)d characters; this one has "
                "%(length)d: “%(start)s…”.") % {"limit": limit, "length": len(text),
                                                 "start": text[:40]}})
