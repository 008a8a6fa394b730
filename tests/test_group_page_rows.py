"""The group page's calendar and acuerdo rows and its members list, written in Python (workspace templatetags,
issue #17), are the HTML the template loops they replaced wrote: the loops are kept here, verbatim,
and rendered over the same context. The data reaches every branch: a provisional and an approved
session (revision 2), an informational acuerdo, a long text with markup characters, "all
institutions", no due date, and an enlace who may not read the unapproved minuta (its acuerdos
link to their follow-up page instead)."""

import datetime as dt

import pytest
import time_machine
from django.template import engines
from django.utils import timezone

from agreements.models import Acuerdo
from meetings.models import Session

from .factories import PersonFactory, UserFactory, make_acuerdo, make_session
from .workspace_data import secretariat_user

pytestmark = pytest.mark.django_db

SESSION_ROWS = """{% load i18n %}{% for s in sessions %}<tr><td>{% if s.pk in readable_sessions %}<a href="{% url 'workspace:session' s.pk %}">{{ s.code }}</a>{% else %}{{ s.code }}{% endif %}</td><td>{{ s.date|human_date }} {{ s.start_time|time:"H:i" }}</td><td>{{ s.get_status_display }}</td><td><span class="badge {{ s.minuta_status }}">{{ s.get_minuta_status_display }}</span>{% if s.revision > 1 %} · {% blocktranslate with n=s.revision %}rev. {{ n }}{% endblocktranslate %}{% endif %}</td></tr>
  {% endfor %}"""  # noqa: E501 (the template line as it was)

ACUERDO_ROWS = """{% load i18n workspace %}{% for a in acuerdos %}<tr><td>{% if a.session_id in readable_sessions %}<a href="{% url 'workspace:session' a.session_id %}#acuerdos">{{ a.number }}</a>{% else %}<a href="{% url 'followup:acuerdo' a.pk %}">{{ a.number }}</a>{% endif %}{% if a.is_provisional %}{% include "agreements/_provisional_badge.html" with acuerdo=a %}{% endif %}{% if a.kind == "informational" %}{% include "agreements/_kind_badge.html" with acuerdo=a %}{% endif %}</td><td>{{ a.text|truncatechars:200 }}</td>
  <td>{% if a.all_institutions %}{% translate "All institutions" %}{% else %}{{ a.responsables_text }}{% endif %}</td>
  <td>{{ a.due_date|human_date|default:"—" }}</td><td><span class="badge {{ a.status_value }}">{{ a.status_value|status_label }}</span></td></tr>
  {% endfor %}"""  # noqa: E501

MEMBER_ITEMS = """{% load i18n %}{% for institution, enlaces in members %}
    <li><strong>{{ institution.acronym }}</strong> <small>{{ institution.name }}</small>
      {% if enlaces %}<br><small>{% translate "Enlaces:" %} {% for p in enlaces %}{{ p.name }}{% if p.email %} &lt;{{ p.email }}&gt;{% endif %}{% if not forloop.last %}; {% endif %}{% endfor %}</small>{% endif %}</li>
  {% endfor %}"""  # noqa: E501


def _group():
    approved = make_session(date=dt.date(2025, 5, 6))
    group = approved.group
    held = make_session(group=group, date=dt.date(2025, 6, 3), start_time=dt.time(9, 5))
    make_session(group=group, date=dt.date(2025, 9, 2))  # planned: in the calendar only
    institutions = list(group.member_institutions(on=held.date))
    make_acuerdo(approved, text="Plain & <short>", due_date=dt.date(2025, 6, 1),
                 responsables=institutions[:2], coadyuvantes=institutions[2:])
    make_acuerdo(held, text="Ñandú " * 45 + "<b>end</b>", due_date=dt.date(2025, 12, 1))
    make_acuerdo(held, text="Se dan por enteradas.", kind=Acuerdo.Kind.INFORMATIONAL)
    make_acuerdo(held, text="Todas", all_institutions=True, due_date=dt.date(2025, 7, 1))
    Session.objects.filter(pk=approved.pk).update(  # a correction after the approval: rev. 2
        minuta_status=Session.MinutaStatus.APPROVED, revision=2,
        approved_by=PersonFactory(institution=institutions[0]), approved_at=timezone.now())
    return group, institutions


def _rows(page, template):
    # The loops as they were ran over model instances: the calendar's sessions are light rows
    # now (workspace.selectors.CalendarSession), the reference reads the group's instances.
    group = page.context["group"]
    return engines["django"].from_string(template).render({
        "sessions": list(group.sessions.order_by("date", "start_time")),
        "acuerdos": page.context["acuerdos"],
        "readable_sessions": page.context["readable_sessions"],
        "members": page.context["members"]})


@pytest.mark.parametrize("language", ["es-mx", "en"])
@pytest.mark.parametrize("persona", ["secretariat", "enlace"])
@time_machine.travel("2025-09-01 12:00 -0600", tick=False)
def test_the_rows_are_what_the_template_loops_wrote(client, language, persona):
    group, institutions = _group()
    if persona == "secretariat":
        user = secretariat_user(group)
    else:
        user = UserFactory(username="enlace")
        PersonFactory(user=user, institution=institutions[0], is_enlace=True)
    PersonFactory(name="Ana <Jr> & Co", email="", institution=institutions[0], is_enlace=True)
    client.force_login(user)
    page = client.get(f"/groups/{group.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    html = page.content.decode()
    sessions, acuerdos = _rows(page, SESSION_ROWS), _rows(page, ACUERDO_ROWS)
    assert f"<tbody>{sessions}</tbody>" in html
    assert f"<tbody>{acuerdos}</tbody>" in html
    # Every branch is on the page, so the comparison above covered it.
    assert sessions.count("<tr>") == 3 and ("rev. 2" in sessions)
    assert acuerdos.count("<tr>") == 4 and "&lt;b&gt;" not in acuerdos  # cut before the markup
    assert "Plain &amp; &lt;short&gt;" in acuerdos and "…" in acuerdos and "—" in acuerdos
    assert 'class="badge informational"' in acuerdos and "provisional" in acuerdos
    assert ("/acuerdos/" in acuerdos) == (persona == "enlace")  # the follow-up link
    members = _rows(page, MEMBER_ITEMS)
    assert f'<ul class="members">{members}</ul>' in html
    # The first member's enlaces (one without an e-mail, with markup in its name), the other
    # members without any.
    assert members.count("<li>") == len(page.context["members"]) and "; " in members
    assert "&lt;Jr&gt; &amp; Co" in members and members.count("<br>") == 1


@time_machine.travel("2025-09-01 12:00 -0600", tick=False)
def test_an_empty_filter_shows_the_empty_row(client):
    group, _institutions = _group()
    client.force_login(secretariat_user(group))
    page = client.get(f"/groups/{group.pk}/", {"status": "cancelled"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["acuerdos"] == []
    assert "No acuerdos match." in page.content.decode()


@pytest.mark.parametrize("chosen", [False, True])
@time_machine.travel("2025-09-01 12:00 -0600", tick=False)
def test_the_session_filter_reads_the_calendar_sessions(chosen, django_assert_num_queries):
    """The session options come from the calendar's sessions (workspace.selectors.group_page):
    the select its own query wrote, with no query of its own."""
    from workspace.selectors import GroupAcuerdoFilter

    group, _institutions = _group()
    make_session(group=group, date=dt.date(2025, 6, 3), start_time=dt.time(8, 0))  # same day
    sessions = list(group.sessions.order_by("date", "start_time"))
    data = {"session": str(sessions[1].pk)} if chosen else None
    acuerdos = Acuerdo.objects.filter(group=group)
    own_query = GroupAcuerdoFilter(data, queryset=acuerdos, group=group).form
    given = GroupAcuerdoFilter(data, queryset=acuerdos, group=group, sessions=sessions).form
    expected = str(own_query["session"])
    with django_assert_num_queries(1 if chosen else 0):  # the chosen one (the bound value)
        html = str(given["session"])
    assert html == expected and html.count("<option") == len(sessions) + 1
    assert (f'value="{sessions[1].pk}" selected' in html) is chosen
    assert html.index(f'value="{sessions[1].pk}"') < html.index(f'value="{sessions[2].pk}"')
    if chosen:
        assert given.is_valid() and given.cleaned_data["session"] == sessions[1]


def test_the_rows_tag_gives_text_with_autoescape_off_too():
    """Its output is handed over without a SafeString copy (workspace templatetags _Escaped):
    with autoescape off, where a node must give a str, it gives the same text as a str."""
    rows = [{"pk": 1, "session_id": 2, "number": "1/SO-1", "kind": Acuerdo.Kind.COMMITMENT,
             "text": "A & B", "all_institutions": False, "due_date": None,
             "status_value": "pending", "is_provisional": False, "responsables_text": "X "}]
    django = engines["django"]
    on = django.from_string("{% load workspace %}{% group_acuerdo_rows rows ids %}")
    off = django.from_string(
        "{% load workspace %}{% autoescape off %}{% group_acuerdo_rows rows ids %}{% endautoescape %}")
    html = on.render({"rows": rows, "ids": {2}})
    assert off.render({"rows": rows, "ids": {2}}) == html and "A &amp; B" in html
