"""The acuerdo list's page SQL compiled once per shape (api.planned) gives the bytes the ORM-built
queryset gave: every page, forwards and back through the cursors, every ordering, for staff, an
enlace, a coordinator and an enlace who also coordinates; and the same query count."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from agreements.models import Acuerdo
from api import planned, rows, selectors
from api.filters import AcuerdoFilter
from api.tokens import token_issue
from directory.models import Person

from .factories import GroupFactory, InstitutionFactory, UserFactory, make_acuerdo, make_session
from .test_api_fast_rows import _events
from .test_api_fast_rows import varied  # noqa: F401 (the fixture: every status and shape)

pytestmark = pytest.mark.django_db


def _orm_values(user, params=None):
    """The list's queryset as built before plans: the ORM's, or None (the view then filters
    through AcuerdoFilter) when a filter is asked for."""
    if params is not None and AcuerdoFilter.base_filters.keys() & params.keys():
        return None
    return rows.acuerdo_values(selectors.acuerdo_list_plain(user, today=None))


def _client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)[1]}")
    assert client.get("/api/v1/groups/").status_code == 200  # the first use writes last_used_at
    return client


def _walk(client, url):
    """Every page from the first, forwards, then back from the last by the previous links."""
    bodies, seen = [], set()
    last = _follow(client, url, "next", bodies, seen)
    _follow(client, last.json()["previous"], "previous", bodies, seen)
    return bodies


def _follow(client, url, link, bodies, seen):
    """GET url, then its `link` ("next" or "previous") until none or one already seen; the bodies
    appended in order. Returns the last response."""
    response = None
    while url and url not in seen:
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, response.content
        bodies.append(response.content)
        url = response.json()[link]
    return response


@pytest.fixture
def people(varied):  # noqa: F811
    group = Acuerdo.objects.first().group
    institution = group.member_institutions(on=Acuerdo.objects.first().session.date)[0]
    other = GroupFactory(members=[InstitutionFactory()])
    for n in range(3):
        make_acuerdo(session=make_session(group=other), responsables=[institution] if n else [])
    enlace, coordinator, both = UserFactory.create_batch(3)
    Person.objects.create(name="Enlace", institution=institution, is_enlace=True, user=enlace)
    Person.objects.create(name="Ambos", institution=institution, is_enlace=True, user=both)
    group.coordinators.add(coordinator)
    other.secretariat.add(both)
    _events(list(Acuerdo.objects.order_by("id")), coordinator)  # history, on parts or not
    return {"staff": UserFactory(is_staff=True), "enlace": enlace, "coordinator": coordinator,
            "both": both}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")
@pytest.mark.parametrize("ordering", ["", "id", "-id", "created_at", "-created_at", "due", "-due",
                                      "nonsense"])
def test_every_page_is_what_the_orm_gave(people, ordering, monkeypatch):
    for name, user in people.items():
        client = _client(user)
        url = f"/api/v1/acuerdos/?page_size=2&ordering={ordering}"
        fast, slow, n_fast, n_orm = _planned_and_orm(client, url, monkeypatch)
        assert len(fast) > 2, name
        assert fast == slow, (name, ordering)
        assert n_fast == n_orm, name


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")
def test_a_bad_cursor_and_a_user_without_scope_are_answered_as_before(people, monkeypatch):
    lonely = _client(UserFactory())
    assert lonely.get("/api/v1/acuerdos/").json()["results"] == []
    client = _client(people["staff"])
    # garbled; p=abc (was a 500 from the ORM's filter, now 404 as any invalid cursor); p=-1;
    # o=-1&p=1; not base64; p=abc on a date key
    for query in ("cursor=bm9uc2Vuc2U=", "cursor=cD1hYmM=", "cursor=cD0tMQ==",
                  "cursor=bz0tMSZwPTE=", "cursor=%%%", "ordering=due&cursor=cD1hYmM="):
        fast = client.get(f"/api/v1/acuerdos/?{query}")
        monkeypatch.setattr("api.views.agreements.planned_acuerdo_values", _orm_values)
        slow = client.get(f"/api/v1/acuerdos/?{query}")
        monkeypatch.undo()
        assert (fast.status_code, fast.content) == (slow.status_code, slow.content), query
        assert fast.status_code in (200, 404), query
    assert client.get("/api/v1/acuerdos/?cursor=cD1hYmM=").status_code == 404


def test_the_plans_stay_bounded(people, monkeypatch):
    monkeypatch.setattr(planned, "_MAX_PLANS", 3)
    client = _client(people["staff"])
    for size in range(1, 8):
        assert client.get(f"/api/v1/acuerdos/?page_size={size}").status_code == 200
    assert len(planned._PLANS) <= 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")
def test_every_detail_is_what_the_orm_gave(people, monkeypatch):
    """planned_access_acuerdo and planned_acuerdo_history: the same 200s (bytes, history
    included, and ETag) and the same 404s as access.access_acuerdo and selectors.acuerdo_history,
    for every acuerdo (seen or not), held or planned, and bad ids."""
    from tracker import access

    ids = [str(pk) for pk in Acuerdo.objects.values_list("pk", flat=True)]
    planned_one = make_acuerdo(session=make_session(group=Acuerdo.objects.first().group),
                               held=False)
    ids += [str(planned_one.pk), "0", "-1", "abc", "99999999999999999999", "1.0"]
    for name, user in people.items():
        client = _client(user)
        fast = [client.get(f"/api/v1/acuerdos/{pk}/") for pk in ids]
        monkeypatch.setattr("api.views.agreements.planned_access_acuerdo", access.access_acuerdo)
        monkeypatch.setattr("api.views.agreements.planned_acuerdo_history",
                            selectors.acuerdo_history)
        slow = [client.get(f"/api/v1/acuerdos/{pk}/") for pk in ids]
        monkeypatch.undo()
        for pk, got, want in zip(ids, fast, slow):
            assert (got.status_code, got.content, got.get("ETag")) == (
                want.status_code, want.content, want.get("ETag")), (name, pk)
        assert {r.status_code for r in fast} == {200, 404}, name
        assert any(r.status_code == 200 and r.json()["history"] for r in fast), name


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")
def test_every_group_detail_is_what_the_orm_gave(people, monkeypatch):
    """planned_group_detail: the same 200s and 404s as selectors.group_detail for every group,
    seen or not, with a parent and a convening institution or without, and bad ids."""
    from meetings.models import WorkingGroup

    first, second = WorkingGroup.objects.order_by("id")[:2]
    WorkingGroup.objects.filter(pk=second.pk).update(
        parent=first, convening_institution=InstitutionFactory())
    ids = [str(pk) for pk in WorkingGroup.objects.values_list("pk", flat=True)]
    ids += [str(GroupFactory().pk), "0", "abc", "99999999999999999999"]
    for name, user in people.items():
        client = _client(user)
        fast = [client.get(f"/api/v1/groups/{pk}/") for pk in ids]
        monkeypatch.setattr("api.views.meetings.planned_group_detail",
                            lambda user, pk: (selectors.group_detail(user, pk), None))
        slow = [client.get(f"/api/v1/groups/{pk}/") for pk in ids]
        monkeypatch.undo()
        for pk, got, want in zip(ids, fast, slow):
            assert (got.status_code, got.content) == (want.status_code, want.content), (name, pk)
        assert {r.status_code for r in fast} == {200, 404}, name
        assert any(r.status_code == 200 and len(r.json()["members"]) > 1 for r in fast), name


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")
def test_every_session_detail_is_what_the_orm_gave(people, monkeypatch):
    """planned_session_detail with api.rows.session_detail_row: the bytes of
    SessionDetailSerializer over selectors.session_detail, and its 404s, for every session (draft,
    approved, a correction in draft, another group's), with attendances, agenda items and
    presenters (a participant, a text, a participant without cargo) or none, and bad ids; no more
    queries than before."""
    import datetime as dt

    from meetings.models import AgendaItem, AgendaPresenter, Attendance, Session

    held, approved = Session.objects.filter(acuerdos__isnull=False).distinct().order_by("id")[:2]
    Session.objects.filter(pk=held.pk).update(
        convoca=InstitutionFactory(), end_time=None, start_time=dt.time(9, 30, 15, 250),
        subject="Revisión “Ñandú” 📄", objective="Línea\u2028dos", video_url="https://x.org/v",
        passcode="ab c", video_details="Plataforma\n10:00")
    correction = make_session(group=held.group, date=dt.date(2025, 8, 1))
    Session.objects.filter(pk=correction.pk).update(status=Session.Status.HELD, revision=2)
    people_of = Person.objects.filter(institution__isnull=False).order_by("id")
    for session in (held, approved):
        for order, person in enumerate(people_of[:3], start=1):
            Attendance.objects.create(session=session, person=person, name=f"Nombre {order}",
                                      cargo="" if order == 2 else "Director “general”",
                                      institution=person.institution, present=order != 3,
                                      order=4 - order)
    first, second = Attendance.objects.filter(session=held).order_by("order")[:2]
    late = AgendaItem.objects.create(session=held, order=2, start_time=dt.time(10, 0),
                                     end_time=dt.time(11, 0, 0, 5), activity="Asuntos generales",
                                     narrative="Se discutió.\n\nAcuerdos.")
    early = AgendaItem.objects.create(session=held, order=1, start_time=dt.time(9, 0),
                                      end_time=dt.time(10, 0), activity="Bienvenida")
    AgendaItem.objects.create(session=approved, order=1, start_time=dt.time(9, 0),
                              end_time=dt.time(9, 5), activity="Sin ponentes")
    AgendaPresenter.objects.create(item=late, order=2, attendance=first)
    AgendaPresenter.objects.create(item=late, order=1, text="La Secretaría Técnica")
    AgendaPresenter.objects.create(item=early, order=0, attendance=second)  # no cargo
    AgendaPresenter.objects.create(item=early, order=0, attendance=first, text="Como lo dijo")
    ids = [str(pk) for pk in Session.objects.values_list("pk", flat=True)]
    ids += ["0", "-1", "abc", "99999999999999999999", "1.0"]

    def orm_path(user, pk):
        return None  # SessionViewSet.retrieve then goes through the serializer, as before

    for name, user in people.items():
        client = _client(user)
        with CaptureQueriesContext(connection) as fast_queries:
            fast = [client.get(f"/api/v1/sessions/{pk}/") for pk in ids]
        monkeypatch.setattr("api.views.meetings.planned_session_detail", orm_path)
        with CaptureQueriesContext(connection) as orm_queries:
            slow = [client.get(f"/api/v1/sessions/{pk}/") for pk in ids]
        monkeypatch.undo()
        for pk, got, want in zip(ids, fast, slow):
            assert (got.status_code, got.content) == (want.status_code, want.content), (name, pk)
        assert {r.status_code for r in fast} == {200, 404}, name
        assert len(fast_queries) <= len(orm_queries), name
        if name in ("staff", "coordinator"):
            shown = fast[ids.index(str(held.pk))].json()
            assert [len(i["presenters"]) for i in shown["agenda"]] == [2, 2], name
            assert shown["convoca"] and shown["end_time"] is None and len(shown["attendance"]) == 3
        if name == "enlace":
            assert fast[ids.index(str(approved.pk))].json()["agenda"], name  # approved: seen
            assert fast[ids.index(str(correction.pk))].status_code == 404


# Each filter alone and together, values that shape the SQL (status, overdue) and values that are
# its parameters, empty values (filter nothing), with orderings whose cursor is not on the id.
FILTERED = [
    "status=overdue", "status=pending", "status=in_progress", "status=fulfilled",
    "status=cancelled", "overdue=true", "overdue=false", "overdue=True", "overdue=1",
    "status=overdue&overdue=true", "status=fulfilled&overdue=false", "group={group}",
    "session={session}", "institution={institution}", "due_after=2026-02-01",
    "due_before=2026-06-30", "due_after=2026-01-01&due_before=2026-12-31&status=pending",
    "group={group}&institution={institution}&ordering=-due", "status=&overdue=",
    "overdue=maybe&ordering=due", "institution={institution}&status=overdue&ordering=-created_at",
    "group={other}&session={session}", "due_after=2026-01-31&ordering=-id",
]
# What AcuerdoFilter refuses (400 with its messages), alone or beside a good value.
REFUSED = [
    "status=bogus", "group=abc", "group=0", "group=99999999999999999999", "session=1.5",
    "due_after=2026-13-01", "institution=-1", "status=bogus&group=abc&due_before=x",
    "status=overdue&group=abc",
]


def _filter_values(people):
    acuerdo = Acuerdo.objects.order_by("id").first()
    return {"group": acuerdo.group_id, "session": acuerdo.session_id,
            "institution": people["enlace"].person.institution_id,
            "other": Acuerdo.objects.exclude(group=acuerdo.group_id).first().group_id}


def _planned_and_orm(client, url, monkeypatch):
    with CaptureQueriesContext(connection) as fast_queries:
        fast = _walk(client, url)
    monkeypatch.setattr("api.views.agreements.planned_acuerdo_values", _orm_values)
    with CaptureQueriesContext(connection) as orm_queries:
        slow = _walk(client, url)
    monkeypatch.undo()
    return fast, slow, len(fast_queries), len(orm_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")
def test_every_filtered_page_is_what_the_orm_gave(people, monkeypatch):
    """The filters of AcuerdoFilter through api.planned (validated by its form fields, the SQL
    compiled once per shape): the bytes and query count of the FilterSet-built queryset, every
    page forwards and back, for the four personas; refused values give the FilterSet's 400."""
    values = _filter_values(people)
    planned._PLANS.clear()
    for name, user in people.items():
        client = _client(user)
        for query in FILTERED:
            url = f"/api/v1/acuerdos/?page_size=2&{query.format(**values)}"
            fast, slow, n_fast, n_orm = _planned_and_orm(client, url, monkeypatch)
            assert fast == slow, (name, query)
            assert n_fast == n_orm, (name, query)
        for query in REFUSED:
            got = client.get(f"/api/v1/acuerdos/?{query}")
            monkeypatch.setattr("api.views.agreements.planned_acuerdo_values", _orm_values)
            want = client.get(f"/api/v1/acuerdos/?{query}")
            monkeypatch.undo()
            assert got.status_code == 400, (name, query)
            assert (got.status_code, got.content) == (want.status_code, want.content), query
    shapes = {key[1] for key in planned._PLANS}
    assert (("status", "overdue"),) in shapes and (("group", None),) in shapes, shapes
    # every filter was planned, none only taken by the ORM's path
    assert {name for shape in shapes for name, _ in shape} == set(AcuerdoFilter.base_filters)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plans are PostgreSQL's")
def test_the_status_filters_follow_the_day(people, monkeypatch):
    """The day of the derived status is a parameter of the compiled SQL, not a value kept in it:
    the same plans give what the ORM gives on two days that tell overdue acuerdos apart."""
    client = _client(people["staff"])
    seen = {}
    for day in (dt.datetime(2025, 12, 1, 18, tzinfo=dt.timezone.utc),
                dt.datetime(2026, 3, 10, 18, tzinfo=dt.timezone.utc)):
        with time_machine.travel(day, tick=False):
            for query in ("status=overdue", "overdue=false", "status=pending&overdue=false"):
                url = f"/api/v1/acuerdos/?page_size=2&{query}"
                fast, slow, _, _ = _planned_and_orm(client, url, monkeypatch)
                assert fast == slow, (day, query)
                seen[day, query] = fast
    assert len(set(map(tuple, seen.values()))) == len(seen)  # each day and filter its own rows
