"""Epoch microseconds as DRF's DateTimeField writes them: the local time of the current time zone
in ISO 8601, "Z" when the offset is zero (issue 17). The API's lists read their timestamps as
integers (api.selectors.stamp); turning each into an aware datetime and asking it for its
isoformat() made the zone look up its offset for every value, which was a quarter of an enlace's
page of 100 (about 900 timestamps). A zone's offset holds for hours, months at a time, so it is
read once per hour of UTC and kept, and each value is written as a plain local time plus that
offset's text. An hour in which the offset changes (at its start, or within it) is never kept:
its values take the zone's own conversion, as before. tests/test_api_times.py compares both ways
on values around every change of several zones."""

import datetime

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_NAIVE_EPOCH = datetime.datetime(1970, 1, 1)
_HOUR_US = 3_600_000_000
_ONE_US = datetime.timedelta(microseconds=1)
_td = datetime.timedelta
# Per zone: hour since the epoch -> (offset in microseconds, its text), or None for an hour in
# which the offset changes.
_ZONES: dict = {}
_MAX_HOURS = 20_000  # ~2 years of hours per zone; a bound keeps a worker's memory flat


def exact(us: int, tz) -> str:
    """The zone's own conversion: what DRF's DateTimeField gives for this instant."""
    text = (_EPOCH + us * _ONE_US).astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _hour(tz, hour: int):
    """(offset in microseconds, offset text) when one offset holds for the whole hour, else None."""
    start = _EPOCH + hour * _HOUR_US * _ONE_US
    first, last = start.astimezone(tz), (start + (_HOUR_US - 1) * _ONE_US).astimezone(tz)
    offset = first.utcoffset()
    if offset != last.utcoffset() or offset % datetime.timedelta(seconds=1):
        return None  # a change within the hour; or a fraction of a second (no zone has one)
    text = first.isoformat()[19:]  # after "YYYY-MM-DDTHH:MM:SS"; no fraction at the hour's start
    return offset // _ONE_US, "Z" if text == "+00:00" else text


def local_iso(tz):
    """A function: epoch microseconds -> the ISO text of that instant in `tz`, as exact()."""
    hours = _ZONES.get(tz)
    if hours is None or len(hours) >= _MAX_HOURS:
        hours = _ZONES[tz] = {}

    def iso(us: int) -> str:
        hour = us // _HOUR_US
        known = hours.get(hour, False)
        if known is False:
            known = hours[hour] = _hour(tz, hour)
        if known is None:
            return exact(us, tz)
        # The local hour's "YYYY-MM-DDTHH:" kept, the rest written from integers: a datetime
        # per value (even a naive one, which asks no zone) cost more than the arithmetic.
        local_hour, rest = divmod(us + known[0], _HOUR_US)
        prefix = _PREFIXES.get(local_hour)
        if prefix is None:
            if len(_PREFIXES) >= _MAX_HOURS:
                _PREFIXES.clear()
            prefix = _PREFIXES[local_hour] = (_NAIVE_EPOCH + _td(hours=local_hour)).isoformat()[:14]
        second, fraction = divmod(rest, 1_000_000)
        if fraction:  # isoformat() writes microseconds only when there are some
            return f"{prefix}{_MINUTES_SECONDS[second]}.{fraction:06}{known[1]}"
        return f"{prefix}{_MINUTES_SECONDS[second]}{known[1]}"
    return iso


# Local hour since the epoch (any zone: a local hour's text does not depend on it) -> its
# "YYYY-MM-DDTHH:".
_PREFIXES: dict = {}
# The second within an hour -> its "MM:SS" (3,600 short texts: half the time of formatting two
# numbers per value).
_MINUTES_SECONDS = tuple(f"{m:02}:{s:02}" for m in range(60) for s in range(60))
