"""tracker.dates: one way to write dates, lower case as Spanish writes them, used by the pages, the
minuta, e-mails and invitations, in Spanish and English."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation
from icalendar import Calendar

from notifications.ics import session_ics
from notifications.rendering import render_message
from tracker.dates import OFFICIAL, format_date

from .factories import make_session

AUG_5 = dt.date(2025, 8, 5)  # a Tuesday
FEB_10 = dt.date(2027, 2, 10)  # a Wednesday


@pytest.mark.parametrize(
    "value,form,language,expected",
    [
        (AUG_5, "long", "es-mx", "5 de agosto de 2025"),
        (AUG_5, "long", "en", "5 August 2025"),
        (FEB_10, "weekday", "es-mx", "miércoles 10 de febrero de 2027"),
        (FEB_10, "weekday", "en", "Wednesday 10 February 2027"),
        (dt.date(2025, 6, 11), "day_month", "es", "11 de junio"),
        (dt.date(2025, 6, 11), "day_month", "en", "11 June"),
        (dt.date(2025, 9, 1), "long", "es", "1 de septiembre de 2025"),
        (dt.date(2025, 12, 31), "long", "es", "31 de diciembre de 2025"),
        (dt.date(2025, 3, 2), "weekday", "es", "domingo 2 de marzo de 2025"),
        (dt.date(2025, 3, 8), "weekday", "es", "sábado 8 de marzo de 2025"),
    ],
)
def test_it_writes_dates_in_words(value, form, language, expected):
    assert format_date(value, form, language=language) == expected


def test_it_writes_the_official_style_of_a_group():
    assert format_date(dt.date(2025, 6, 3), style=OFFICIAL, language="es") == "03 de junio del 2025"
    assert format_date(dt.date(2025, 6, 13), style=OFFICIAL, language="es") == "13 de junio del 2025"


def test_it_shows_an_aware_datetime_in_the_sites_time_zone():
    utc = dt.datetime(2025, 8, 6, 3, 30, tzinfo=dt.timezone.utc)  # 5 Aug 21:30 in Mexico City
    assert format_date(utc, "datetime", language="es") == "5 de agosto de 2025, 21:30"
    assert format_date(utc, "long", language="en") == "5 August 2025"


def test_it_follows_the_active_language_and_leaves_nothing_for_none():
    with translation.override("en"):
        assert format_date(AUG_5) == "5 August 2025"
    with translation.override("es-mx"):
        assert format_date(AUG_5) == "5 de agosto de 2025"
    assert format_date(None) == ""
    with pytest.raises(ValueError):
        format_date(AUG_5, "fancy")


def test_the_template_filter_needs_no_load_and_follows_the_language():
    template = Template('{{ d|human_date }} · {{ d|human_date:"weekday" }} · {{ n|human_date|default:"—" }}')
    with translation.override("es-mx"):
        assert template.render(Context({"d": FEB_10, "n": None})) == (
            "10 de febrero de 2027 · miércoles 10 de febrero de 2027 · —")
    with translation.override("en"):
        assert template.render(Context({"d": FEB_10})).startswith(
            "10 February 2027 · Wednesday 10 February 2027")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language,when,due",
    [("es-mx", "miércoles 10 de febrero de 2027", "(10 de febrero de 2027)"),
     ("en", "Wednesday 10 February 2027", "(10 February 2027)")],
)
def test_invitations_and_e_mails_write_the_same_dates(language, when, due):
    session = make_session(date=FEB_10, start_time=dt.time(10, 0), end_time=dt.time(12, 0))
    subject, text, html = render_message(
        "invitation", {"session": session, "group": session.group, "update": False,
                       "url": "http://x/"}, language)
    assert when in text and when in html
    assert format_date(FEB_10, language=language) in subject
    assert "Febrero" not in text + subject and "Miércoles" not in text
    _s, minuta_text, _h = render_message(
        "minuta", {"session": session, "group": session.group, "own_acuerdos": [],
                   "url": "http://x/", "pdf_url": "http://x/"}, language)
    assert due in minuta_text
    with translation.override(language):
        ics = session_ics(session, sequence=0,
                          stamp_at=dt.datetime(2027, 1, 1, tzinfo=zoneinfo.ZoneInfo("UTC")))
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["description"]).startswith(f"{when}, 10:00–12:00")


@pytest.mark.django_db
def test_the_session_page_writes_months_in_lower_case(client):
    from .workspace_data import secretariat_user

    session = make_session(date=AUG_5)
    client.force_login(secretariat_user(session.group))
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "5 de agosto de 2025" in page and "Agosto" not in page
    english = client.get(f"/sessions/{session.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "5 August 2025" in english


@pytest.mark.parametrize("language", ["es-mx", "en"])
def test_the_numeric_formatter_writes_what_dateformat_writes(language):
    from django.utils import dateformat
    from django.utils.formats import get_format

    from tracker.dates import numeric_date_formatter

    days = [dt.date(2026, 11, 21), dt.date(2026, 1, 5), dt.date(999, 12, 31), dt.date(2000, 2, 29),
            dt.date(2009, 10, 1), dt.date(1, 1, 1)]
    with translation.override(language):
        short = get_format("SHORT_DATE_FORMAT")
        formats = [short, "Y-m-d", "j.n.y", "d/m/Y", "j \\d\\e F", "D d M Y", "{d}/m"]
        for format_string in formats:
            write = numeric_date_formatter(format_string)
            for day in days:
                assert write(day) == dateformat.format(day, format_string), (format_string, day)
        moment = dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.timezone.utc)
        assert numeric_date_formatter(short)(moment) == dateformat.format(moment, short)
        # The lists' format takes the compiled path (the comparisons above covered it).
        assert numeric_date_formatter(short).__name__ == "fast"
