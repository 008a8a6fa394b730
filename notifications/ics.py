"""The iCalendar (RFC 5545) invitation of a session: same UID forever, SEQUENCE per change."""

import datetime as dt
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from tracker.dates import format_date

from .rendering import session_url


def session_uid(session_id: int) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "acuerdos"
    return f"session-{session_id}@{host}"


def session_stamp(session) -> str:
    """What, if it changes, makes an update: time, place, link."""
    return "|".join(
        str(v)
        for v in (session.date, session.start_time, session.end_time, session.modality,
                  session.place, session.state, session.video_url, session.title)
    ) + "".join(
        # appended only when set, so invitations stamped before these counted stay unchanged
        f"|{v}" for v in (session.meeting_id, session.passcode, session.venue_id) if v
    )[:600]


def session_ics(session, *, sequence: int, stamp_at: dt.datetime, method: str = "REQUEST") -> bytes:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(session.date, session.start_time, tzinfo=tz)
    end = (
        dt.datetime.combine(session.date, session.end_time, tzinfo=tz)
        if session.end_time
        else start + dt.timedelta(hours=2)
    )
    cal = Calendar()
    cal.add("prodid", "-//Acuerdos//Sesiones//ES")
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", session_uid(session.pk))
    event.add("sequence", sequence)
    event.add("dtstamp", stamp_at.astimezone(dt.timezone.utc))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", session.title)
    location = ", ".join(p for p in (session.place, session.get_state_display()) if p)
    if session.video_url:
        location = ", ".join(p for p in (location, session.video_url) if p)
    if location:
        event.add("location", location)
    # The first line says when, in words and in the recipient's language (calendar apps show the
    # time in the reader's zone; the words keep the session's own day).
    when = f"{format_date(session.date, 'weekday')}, {session.start_time:%H:%M}"
    if session.end_time:
        when += f"–{session.end_time:%H:%M}"
    description = "\n".join(p for p in (when, session.objective, session.video_details) if p)
    event.add("description", description)
    event.add("url", session_url(session.pk))
    organizer = vCalAddress("MAILTO:" + _address(settings.DEFAULT_FROM_EMAIL))
    organizer.params["cn"] = vText(str(session.group))
    event["organizer"] = organizer
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()


def _address(from_email: str) -> str:
    return from_email.split("<")[-1].rstrip(">").strip()
