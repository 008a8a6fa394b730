"""Mis acuerdos' first page with no filter (followup.selectors.first_page, its SQL compiled once,
issue #17) is the page the filterset's queryset gives: the same rows, with the same related rows
and annotations, the same "next" and the same HTML as /acuerdos/?page=1 (which takes the ORM), for
each shape of scope: staff, the groups a user follows, an enlace's institution, and both."""

import re

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from followup import selectors
from followup.filters import PartFilter
from meetings.models import WorkingGroup
from tracker import access

from .followup_helpers import user
from .test_part_list_rows import TODAY, _variety

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="first_page is PostgreSQL's (one array parameter)")]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
PERSONAS = ("admin", "secretaria", "coordinador", "enlace.fgr", "enlace.fgr+coordinador")


def _persona(name):
    if name == "enlace.fgr+coordinador":  # an enlace who also coordinates a group
        enlace = user("enlace.fgr")
        WorkingGroup.objects.order_by("pk").first().coordinators.add(enlace)
        return enlace
    return user(name)


def _facts(rows):
    return [(r.pk, r.acuerdo_id, r.institution_id, r.role, r.status, r.overall, r.is_overdue,
             r.has_pending_request, r.acuerdo.number, r.acuerdo.text, r.acuerdo.due_date,
             r.acuerdo.group.acronym, r.acuerdo.session.code, r.acuerdo.session.date,
             r.acuerdo.is_provisional, r.institution.acronym) for r in rows]


@pytest.mark.parametrize("persona", PERSONAS)
@time_machine.travel(TODAY, tick=False)
def test_the_first_page_is_the_filtersets(demo, client, persona):
    _variety()
    who = _persona(persona)
    client.force_login(who)
    first = client.get("/acuerdos/")
    orm = client.get("/acuerdos/?page=1")
    assert first.status_code == orm.status_code == 200
    assert first.context["page"].rows  # something to compare
    assert _facts(first.context["page"].rows) == _facts(orm.context["page"].rows)
    # The forms that return to the page (language, validate in place) name its own path: the
    # one difference.
    orm_html = CSRF.sub("", orm.content.decode())
    assert CSRF.sub("", first.content.decode()) == orm_html.replace('/acuerdos/?page=1"',
                                                                    '/acuerdos/"')
    # A short page, so that "next" is asked of both.
    day = first.context["day"]
    request = RequestFactory().get("/acuerdos/")
    request.user = who
    group_ids = access.request_followed_group_ids(request)
    reference = selectors.page_of(PartFilter(
        request.GET, queryset=selectors.parts_for(who, day, group_ids=group_ids),
        request=request, day=day).qs, 1, per_page=3)
    short = selectors.first_page(who, day, group_ids=group_ids, per_page=3)
    assert reference.has_next and short.has_next
    assert _facts(short.rows) == _facts(reference.rows)
    # The page size is the SQL's LIMIT: a plan built for 3 rows does not serve a page of 50.
    whole = selectors.page_of(PartFilter(
        request.GET, queryset=selectors.parts_for(who, day, group_ids=group_ids),
        request=request, day=day).qs, 1, per_page=50)
    selectors._FIRST_PAGES.clear()
    selectors.first_page(who, day, group_ids=group_ids, per_page=3)
    again = selectors.first_page(who, day, group_ids=group_ids, per_page=50)
    assert len(whole.rows) > 4
    assert _facts(again.rows) == _facts(whole.rows)


@time_machine.travel(TODAY, tick=False)
def test_the_enlaces_first_page_sends_these_queries(demo, client):
    client.force_login(user("enlace.fgr"))
    client.get("/acuerdos/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/acuerdos/")
    tables = [re.search(r'"(\w+)"\."', q["sql"]).group(1) for q in queries]
    assert tables == [
        "django_session", "auth_user", "directory_person",  # the request's user
        "directory_institution",  # the enlace's institution
        "meetings_workinggroup",  # the followed groups' ids
        "agreements_responsibility",  # the page, compiled
        "workplan_plan",  # plans open to the enlace's proposals
        "meetings_workinggroup",  # the group filter's options
        # and its one institution option, the enlace's own, written without a query
    ], [q["sql"][:80] for q in queries]
