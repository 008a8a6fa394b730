"""api.times.local_iso gives, for every instant, what the zone's own conversion gives (DRF's
DateTimeField text): around each change of offset of several zones, at the hours' edges, with and
without microseconds, before 1970 and far ahead."""

import datetime
import random
import zoneinfo

import pytest

from api import times

ZONES = ["America/Mexico_City", "America/Tijuana", "America/Cancun", "UTC", "Europe/London",
         "Asia/Kathmandu", "Australia/Lord_Howe", "America/Caracas", "Pacific/Chatham"]
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def _us(dt: datetime.datetime) -> int:
    return (dt - EPOCH) // datetime.timedelta(microseconds=1)


def _changes(tz, start=1940, end=2040):
    """The instants (epoch µs) where the zone's offset changes, found 6 hours at a time (no zone
    changes twice so close) then narrowed to the microsecond."""
    hour = 6 * 3_600_000_000
    out = []
    us, last = _us(datetime.datetime(start, 1, 1, tzinfo=datetime.timezone.utc)), None
    stop = _us(datetime.datetime(end, 1, 1, tzinfo=datetime.timezone.utc))
    while us < stop:
        offset = (EPOCH + datetime.timedelta(microseconds=us)).astimezone(tz).utcoffset()
        if last is not None and offset != last:
            low, high = us - hour, us
            while high - low > 1:  # the first microsecond of the new offset
                mid = (low + high) // 2
                at = (EPOCH + datetime.timedelta(microseconds=mid)).astimezone(tz).utcoffset()
                low, high = (mid, high) if at == last else (low, mid)
            out.append(high)
        last = offset
        us += hour
    return out


@pytest.mark.parametrize("zone", ZONES)
def test_it_writes_what_the_zone_writes(zone):
    tz = zoneinfo.ZoneInfo(zone)
    iso = times.local_iso(tz)
    rng = random.Random(zone)
    values = []
    for change in _changes(tz):
        values += [change + d for d in (-3_600_000_001, -3_600_000_000, -1_000_000, -1, 0, 1,
                                        999_999, 1_000_000, 3_599_999_999, 3_600_000_000)]
    base = _us(datetime.datetime(2026, 12, 6, tzinfo=datetime.timezone.utc))
    values += [base + rng.randrange(-4 * 10**15, 4 * 10**15) for _ in range(3000)]  # ±126 years
    values += [v - v % 1_000_000 for v in values[-500:]]  # whole seconds: no fraction written
    values += [0, -1, 1, 3_600_000_000 * 5]
    for value in values:
        assert iso(value) == times.exact(value, tz), (zone, value)
    assert len(values) > 3000


def test_the_exact_text_is_drfs():
    from rest_framework.fields import DateTimeField

    tz = zoneinfo.ZoneInfo("America/Mexico_City")
    field = DateTimeField(default_timezone=tz)
    for dt in (datetime.datetime(2026, 12, 6, 18, 5, 1, 250, tzinfo=datetime.timezone.utc),
               datetime.datetime(2026, 12, 6, 18, 5, 1, tzinfo=datetime.timezone.utc)):
        assert times.exact(_us(dt), tz) == field.to_representation(dt)
        assert times.exact(_us(dt), datetime.timezone.utc) == DateTimeField(
            default_timezone=datetime.timezone.utc).to_representation(dt)
    assert times.exact(0, datetime.timezone.utc) == "1970-01-01T00:00:00Z"
    assert times.local_iso(zoneinfo.ZoneInfo("UTC"))(0) == "1970-01-01T00:00:00Z"
