"""A calendar feed as iCalendar (RFC 5545): sessions with the same UID as their e-mailed invitation
(so a calendar app that has both shows one event), due dates as all-day events."""

import datetime as dt
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from notifications.ics import session_uid
from notifications.rendering import acuerdo_url, session_url

from . import selectors


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "acuerdos"


def _session_event(session, tz) -> Event:
    start = dt.datetime.combine(session.date, session.start_time, tzinfo=tz)
    end = (dt.datetime.combine(session.date, session.end_time, tzinfo=tz) if session.end_time
           else start + dt.timedelta(hours=2))
    event = Event()
    event.add("uid", session_uid(session.pk))
    invitation = getattr(session, "invitation", None)
    event.add("sequence", invitation.sequence if invitation else 0)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", session.title)
    location = ", ".join(p for p in (session.place, session.get_state_display(),
                                     session.video_url) if p)
    if location:
        event.add("location", location)
    if session.objective:
        event.add("description", session.objective)
    event.add("url", session_url(session.pk))
    event.add("status", "CANCELLED" if session.status == session.Status.CANCELLED
              else "CONFIRMED")
    return event


def _due_event(*, uid: str, day: dt.date, summary: str, description: str, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstart", day)  # a date: an all-day event
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return event


def _due_summary(acuerdo) -> str:
    return _("Due: %(number)s (%(group)s)") % {"number": acuerdo.number,
                                               "group": acuerdo.group.acronym}


def calendar_feed_ics(feed, *, today: dt.date, language: str) -> bytes:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//Acuerdos//Calendario//ES")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    with translation.override(language):
        name = (_("Acuerdos · %(group)s") % {"group": feed.group.acronym} if feed.group_id
                else _("Acuerdos · my sessions and due dates"))
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", settings.TIME_ZONE)
        events = [_session_event(s, tz) for s in selectors.feed_sessions(feed, today=today)]
        events += [
            _due_event(uid=f"responsibility-{part.pk}@{_host()}", day=part.due_date,
                       summary=_due_summary(part.acuerdo), description=part.acuerdo.text,
                       url=acuerdo_url(part.acuerdo_id))
            for part in selectors.feed_due_parts(feed, today=today)
        ]
        events += [
            _due_event(uid=f"acuerdo-{a.pk}-due@{_host()}", day=a.due_date,
                       summary=_due_summary(a), description=a.text, url=acuerdo_url(a.pk))
            for a in selectors.feed_due_acuerdos(feed, today=today)
        ]
    for event in events:
        event.add("dtstamp", stamp)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
