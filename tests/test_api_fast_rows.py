"""The acuerdo list's fast path (api.rows: values() and a row builder, rendered with orjson) gives
exactly what AcuerdoSerializer and DRF's JSONRenderer give, field by field, on a varied data set:
cancelled, informational, fulfilled, overdue, in progress, without a due date, provisional and
approved sessions, coadyuvantes, timestamps in UTC and with microseconds, text beyond ASCII."""

import datetime as dt
import json

import pytest
import time_machine
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from agreements.models import Acuerdo, AcuerdoEvent, Responsibility
from api import selectors
from api.etags import acuerdo_etag
from api.renderers import OrjsonRenderer
from api.serializers import AcuerdoDetailSerializer, AcuerdoSerializer
from api.tokens import token_issue
from meetings.models import Session

from .factories import GroupFactory, PersonFactory, UserFactory, make_acuerdo, make_session

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)
NOON = dt.datetime(2026, 3, 10, 18, 0, tzinfo=dt.timezone.utc)  # 12:00 in Mexico City


@pytest.fixture
def varied():
    group = GroupFactory(members=3)
    a, b, c = group.member_institutions(on=dt.date(2025, 6, 3))
    held = make_session(group=group)
    approved = make_session(group=group, date=dt.date(2025, 7, 1))
    acuerdos = [
        make_acuerdo(session=held, responsables=[a], coadyuvantes=[b, c],
                     due_date=dt.date(2026, 1, 31)),  # overdue on TODAY
        make_acuerdo(session=held, responsables=[a, b], due_date=dt.date(2026, 12, 1),
                     text="Línea 1 — “comillas”, ñ, emoji 📄 y separador\u2028fin"),
        make_acuerdo(session=held, responsables=[c]),  # no due date
        make_acuerdo(session=held, all_institutions=True, due_date=dt.date(2026, 5, 5)),
        make_acuerdo(session=held, responsables=[b], kind=Acuerdo.Kind.INFORMATIONAL),
        make_acuerdo(session=approved, responsables=[a], due_date=dt.date(2026, 2, 1)),
        make_acuerdo(session=approved, responsables=[b], coadyuvantes=[a],
                     due_date=dt.date(2026, 9, 9)),
    ]
    overdue, in_progress, no_due, everyone, informational, fulfilled, cancelled = acuerdos
    Responsibility.objects.filter(acuerdo=in_progress, institution=a).update(
        status=Responsibility.Status.IN_PROGRESS)
    Responsibility.objects.filter(acuerdo=everyone).update(status=Responsibility.Status.REPORTED)
    Responsibility.objects.filter(acuerdo=fulfilled).update(
        status=Responsibility.Status.FULFILLED,
        updated_at=dt.datetime(2026, 2, 1, 12, 0, tzinfo=dt.timezone.utc))  # exactly UTC noon
    Acuerdo.objects.filter(pk=cancelled.pk).update(
        cancelled_at=dt.datetime(2026, 3, 1, 18, 30, 15, 123456, tzinfo=dt.timezone.utc))
    Acuerdo.objects.filter(pk=no_due.pk).update(
        created_at=dt.datetime(2025, 6, 3, 0, 0, tzinfo=dt.timezone.utc))
    Session.objects.filter(pk=approved.pk).update(
        minuta_status=Session.MinutaStatus.APPROVED, revision=2, approved_by=PersonFactory(institution=a),
        approved_at=timezone.now())
    return acuerdos


@pytest.fixture
def staff_client():
    client = APIClient()
    user = UserFactory(is_staff=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)[1]}")
    return client, user


def _by_serializer(user, query=""):
    """What the serializer gives for the same page (the prefetching selector, in the same order)."""
    from api.filters import AcuerdoFilter

    acuerdos = selectors.acuerdo_list(user, today=TODAY)
    params = dict(p.split("=") for p in query.split("&") if p and not p.startswith("ordering"))
    acuerdos = AcuerdoFilter(params, queryset=acuerdos).qs
    ordering = ("-due", "-id") if "ordering=-due" in query else ("id",)
    return AcuerdoSerializer(acuerdos.order_by(*ordering), many=True).data


@pytest.mark.parametrize("query", ["", "ordering=-due", "status=overdue", "overdue=false",
                                   "status=in_progress"])
def test_it_lists_what_the_serializer_gives_field_by_field(varied, staff_client, query):
    client, user = staff_client
    with timezone.override("America/Mexico_City"):
        with time_machine.travel(NOON, tick=False):
            response = client.get(f"/api/v1/acuerdos/?page_size=100&{query}")
            expected = _by_serializer(user, query)
            # The whole body through DRF's renderer, for the bytes below.
            expected_bytes = JSONRenderer().render(expected)
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [r["id"] for r in results] == [r["id"] for r in expected]
    assert results, "the data set must give rows for every filter"
    for got, want in zip(results, json.loads(expected_bytes)):
        assert got.keys() == want.keys()
        for field in want:
            assert got[field] == want[field], (got["id"], field)
    body = json.loads(response.content)
    assert OrjsonRenderer().render(body["results"]) == JSONRenderer().render(body["results"])
    assert JSONRenderer().render(results) == expected_bytes


def test_it_covers_every_status_and_shape(varied, staff_client):
    client, _user = staff_client
    with time_machine.travel(NOON, tick=False):
        results = client.get("/api/v1/acuerdos/?page_size=100").json()["results"]
    assert {r["status"] for r in results} == set(Acuerdo.Status.values)
    assert {r["provisional"] for r in results} == {True, False}
    assert {r["due_date"] is None for r in results} == {True, False}
    assert {r["cancelled_at"] is None for r in results} == {True, False}
    assert {p["role"] for r in results for p in r["responsibilities"]} == set(
        Responsibility.Role.values)
    assert any(r["created_at"].endswith("-06:00") for r in results)


def test_it_renders_the_bytes_drfs_renderer_renders():
    data = {"text": "a\u2028b\u2029c ñ “x” \x00\n\t", "n": [1, 2.5, None, True], 3: "int key",
            "when": dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.timezone.utc),
            "day": dt.date(2026, 1, 2), "lazy": Acuerdo.Status.OVERDUE.label}
    assert OrjsonRenderer().render(data) == JSONRenderer().render(data)
    assert OrjsonRenderer().render(data, "application/json; indent=4") == JSONRenderer().render(
        data, "application/json; indent=4")


def _events(acuerdos, actor):
    """History rows with and without an author, on the acuerdo and on one of its parts, one of
    them exactly at UTC midnight."""
    kinds = AcuerdoEvent.Kind.values
    for n, acuerdo in enumerate(acuerdos):
        part = acuerdo.responsibilities.order_by("id").first()
        AcuerdoEvent.objects.create(
            acuerdo=acuerdo, kind=kinds[n % len(kinds)], actor=actor if n % 2 else None,
            responsibility=part if n % 3 else None, old_value="antes", new_value="después “x”",
            note="motivo", at=dt.datetime(2026, 1, 5, 0, 0, tzinfo=dt.timezone.utc)
            if n == 0 else dt.datetime(2026, 2, 1, 15, 4, 5, 678 * n, tzinfo=dt.timezone.utc))


@pytest.mark.parametrize("persona", ["staff", "enlace"])
def test_it_shows_an_acuerdo_as_the_detail_serializer_would(varied, staff_client, persona):
    client, user = staff_client
    _events(varied, user)
    if persona == "enlace":
        institution = varied[0].responsibilities.order_by("id").first().institution
        user = UserFactory()
        PersonFactory(institution=institution, is_enlace=True, user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)[1]}")
    seen = 0
    for acuerdo in varied:
        with time_machine.travel(NOON, tick=False):
            response = client.get(f"/api/v1/acuerdos/{acuerdo.pk}/")
            if response.status_code == 404:
                assert persona == "enlace"
                continue
            detail = selectors.acuerdo_detail(user, acuerdo.pk, today=TODAY)
            expected = AcuerdoDetailSerializer(detail).data
        seen += 1
        assert response.status_code == 200, response.content
        got, want = response.json(), json.loads(JSONRenderer().render(expected))
        assert got.keys() == want.keys()
        for field in want:
            assert got[field] == want[field], (acuerdo.pk, field)
        assert got["history"], "every acuerdo has history rows here"
        assert response["ETag"] == acuerdo_etag(detail)
    assert seen >= 2


def test_it_shows_a_group_as_the_detail_serializer_would(staff_client):
    """GET /api/v1/groups/{id}/ (api.rows.group_detail_row) gives GroupDetailSerializer's bytes: a
    parent, no convening institution, a member who left, units and a name beyond ASCII, and one
    query fewer than before (the access check reads what the detail shows)."""
    from api.serializers import GroupDetailSerializer
    from meetings.models import Membership

    client, user = staff_client
    parent = GroupFactory()
    group = GroupFactory(parent=parent, convening_institution=None, members=2,
                         name="Comisión “Ñandú” 📄", convening_unit="Unidad de Política",
                         drafting_unit="Secretaría Técnica")
    first = Membership.objects.filter(group=group).order_by("pk").first()
    Membership.objects.filter(pk=first.pk).update(left_on=dt.date(2024, 5, 6))
    expected = GroupDetailSerializer(selectors.group_detail(user, group.pk)).data
    assert expected["parent"] and expected["convening_institution"] is None
    assert any(m["left_on"] for m in expected["members"]) and len(expected["members"]) == 2
    response = client.get(f"/api/v1/groups/{group.pk}/")
    assert response.status_code == 200
    assert response.content == OrjsonRenderer().render(expected)
    assert json.loads(response.content) == json.loads(JSONRenderer().render(expected))
