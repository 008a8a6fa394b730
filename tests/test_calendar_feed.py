"""The private calendar feed: fetched without a session cookie, valid iCalendar, stable UIDs, the
owner's sessions and due dates only, revocable."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from icalendar import Calendar

from agreements.models import Acuerdo, Responsibility
from calendars.models import CalendarFeed
from calendars.services import calendar_feed_create
from meetings.models import Session, WorkingGroup
from notifications.ics import session_uid

from .followup_helpers import user

pytestmark = pytest.mark.django_db
# Before the 6th GTTIM session (5 August 2025), after 5/SO-3 fell due (11 June 2025).
TODAY = "2025-07-01 10:00 -06:00"
SINCE = dt.date(2024, 7, 1)  # the feed reaches a year back


def _fetch(url: str):
    # A calendar app: no cookie, no login.
    return Client().get(url)


def _events(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def _make_url(client, username, group=None):
    client.force_login(user(username))
    data = {"action": "create", **({"group": group.pk} if group else {})}
    response = client.post("/calendario/", data, follow=True)
    assert response.status_code == 200
    match = re.search(r'value="(http[^"]+\.ics)"', response.content.decode())
    assert match, "the new address is shown once after it is made"
    return match.group(1).split("8000", 1)[-1] if "8000" in match.group(1) else match.group(1)


@time_machine.travel(TODAY, tick=False)
def test_it_lists_the_enlaces_sessions_and_due_dates_without_a_login(demo, client):
    url = _make_url(client, "enlace.fgr")
    response = _fetch(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    uids = {str(e["uid"]) for e in events}
    sixth = Session.objects.get(group__acronym="GTTIM", number=6, type="SO")
    assert session_uid(sixth.pk) in uids  # the same UID as the e-mailed invitation
    # FGR's open responsable parts of adopted acuerdos with a due date in the window, and nothing
    # of another institution's.
    fgr_open = Responsibility.objects.filter(
        institution__acronym="FGR", role="responsable", due_date__isnull=False,
        acuerdo__in=Acuerdo.objects.adopted().filter(cancelled_at__isnull=True),
        due_date__gte=SINCE).exclude(status="fulfilled")
    assert fgr_open.exists()
    due = [e for e in events if str(e["uid"]).startswith("responsibility-")]
    assert {str(e["uid"]).split("-")[1].split("@")[0] for e in due} == {
        str(p.pk) for p in fgr_open}
    part = fgr_open.first()
    event = next(e for e in due if str(e["uid"]).startswith(f"responsibility-{part.pk}@"))
    assert event.decoded("dtstart") == part.due_date  # an all-day event on the due date
    assert part.acuerdo.number in str(event["summary"])


@time_machine.travel(TODAY, tick=False)
def test_it_gives_sessions_their_local_time_zone_and_keeps_uids_across_fetches(demo, client):
    url = _make_url(client, "enlace.fgr")
    first, second = _fetch(url), _fetch(url)
    cal = Calendar.from_ical(first.content)
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["America/Mexico_City"]
    sixth = Session.objects.get(group__acronym="GTTIM", number=6, type="SO")
    event = next(e for e in cal.walk("VEVENT") if str(e["uid"]) == session_uid(sixth.pk))
    start = event.decoded("dtstart")
    assert (start.date(), start.time()) == (sixth.date, sixth.start_time)
    assert str(start.tzinfo) == "America/Mexico_City"
    assert event["dtstart"].params["TZID"] == "America/Mexico_City"
    assert [str(e["uid"]) for e in _events(first.content)] == \
        [str(e["uid"]) for e in _events(second.content)]
    # An unchanged calendar answers 304 to an app that polls with its ETag.
    again = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@time_machine.travel(TODAY, tick=False)
def test_it_stops_working_when_revoked_or_replaced(demo, client):
    old = _make_url(client, "enlace.fgr")
    new = _make_url(client, "enlace.fgr")
    assert old != new
    assert _fetch(old).status_code == 404  # making a new address revokes the old one
    assert _fetch(new).status_code == 200
    client.post("/calendario/", {"action": "revoke"})
    assert _fetch(new).status_code == 404
    assert CalendarFeed.objects.filter(user__username="enlace.fgr",
                                       revoked_at__isnull=True).count() == 0
    assert _fetch("/calendario/feed/not-a-token.ics").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_it_does_not_work_for_a_deactivated_account(demo, client):
    url = _make_url(client, "enlace.fgr")
    account = user("enlace.fgr")
    account.is_active = False
    account.save()
    assert _fetch(url).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_it_stores_only_a_hash_of_the_secret(demo):
    feed, token = calendar_feed_create(user=user("enlace.fgr"))
    assert token not in feed.token_hash and len(feed.token_hash) == 64
    assert not CalendarFeed.objects.filter(token_hash=token).exists()


@time_machine.travel(TODAY, tick=False)
def test_a_groups_feed_is_for_its_secretariat_only(demo, client):
    gttim = WorkingGroup.objects.get(acronym="GTTIM")
    # Positive control: the secretariat gets the group's sessions and every open due date.
    url = _make_url(client, "secretaria", group=gttim)
    events = _events(_fetch(url).content)
    open_acuerdos = Acuerdo.objects.adopted().filter(
        group=gttim, cancelled_at__isnull=True, due_date__gte=SINCE
    ).with_status(dt.date(2025, 7, 1)).exclude(status_value="fulfilled")
    assert {str(e["uid"]) for e in events if str(e["uid"]).startswith("acuerdo-")} == {
        f"acuerdo-{a.pk}-due@127.0.0.1" for a in open_acuerdos}
    assert {str(e["summary"]) for e in events} >= {
        s.title for s in Session.objects.filter(group=gttim, date__gte=SINCE)}
    # An enlace of a member institution cannot make the group's feed: 404, nothing made.
    client.force_login(user("enlace.fgr"))
    before = CalendarFeed.objects.count()
    assert client.post("/calendario/", {"action": "create", "group": gttim.pk}).status_code == 404
    assert CalendarFeed.objects.count() == before


@time_machine.travel(TODAY, tick=False)
def test_a_cancelled_session_stays_in_the_feed_as_cancelled(demo, client):
    url = _make_url(client, "enlace.fgr")
    eighth = Session.objects.get(group__acronym="GTTIM", number=8, type="SO")
    Session.objects.filter(pk=eighth.pk).update(status=Session.Status.CANCELLED)
    event = next(e for e in _events(_fetch(url).content)
                 if str(e["uid"]) == session_uid(eighth.pk))
    assert str(event["status"]) == "CANCELLED"


def test_the_settings_page_needs_a_login(client):
    response = client.get("/calendario/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
