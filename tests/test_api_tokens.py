"""API tokens (POST/DELETE /api/v1/auth/token/, GET /api/v1/auth/tokens/, DELETE …/tokens/{id}/):
stored only as hashes, named, expiring, revoked on password change or deactivation; a user lists
and revokes their own; issue and revocation are audited (issue 11)."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import token_issue
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _issue(username="enlace.fgr", name=""):
    response = APIClient().post("/api/v1/auth/token/", {
        "username": username, "password": "acuerdos-demo", "name": name}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def _client(key):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _user(username="enlace.fgr"):
    return get_user_model().objects.get(username=username)


def test_it_stores_only_the_hash_of_a_named_token(demo):
    body = _issue(name="Reporte semanal")
    key = body["token"]
    token = ApiToken.objects.get(pk=body["id"])
    assert token.name == body["name"] == "Reporte semanal"
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        assert not any(key in str(value) for row in cursor.fetchall() for value in row)
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    assert _client(key).get("/api/v1/groups/").status_code == 200


def test_no_key_starts_with_a_dash(demo, monkeypatch):
    # One key in 64 did: `--token -x…` then reads as an option on a command line.
    drawn = iter(["-dash" + "x" * 38, "plain" + "y" * 38])
    monkeypatch.setattr("api.tokens.secrets.token_urlsafe", lambda n: next(drawn))
    key = _issue()["token"]
    assert key == "plain" + "y" * 38
    assert _client(key).get("/api/v1/groups/").status_code == 200


def test_it_lists_the_users_own_tokens_without_their_keys(demo):
    first, second = _issue(name="script"), _issue(name="hoja de cálculo")
    _issue(username="secretaria", name="otra persona")
    response = _client(second["token"]).get("/api/v1/auth/tokens/")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["name"], r["current"]) for r in rows] == [("hoja de cálculo", True),
                                                         ("script", False)]
    assert rows[1]["prefix"] == first["token"][:8]
    assert first["token"] not in response.content.decode()


def test_it_lets_a_user_revoke_their_own_tokens_only(demo):
    mine, other = _issue(name="viejo"), _issue(username="secretaria")
    current = _issue(name="actual")
    client = _client(current["token"])
    assert client.delete(f"/api/v1/auth/tokens/{other['id']}/").status_code == 404
    assert client.delete(f"/api/v1/auth/tokens/{mine['id']}/").status_code == 204
    assert _client(mine["token"]).get("/api/v1/groups/").status_code == 401
    assert _client(other["token"]).get("/api/v1/groups/").status_code == 200
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert client.get("/api/v1/groups/").status_code == 401
    audit = list(AuditEntry.objects.filter(action__startswith="token").order_by("id")
                 .values_list("action", "object_id"))
    assert audit == [("token_issued", str(mine["id"])), ("token_issued", str(other["id"])),
                     ("token_issued", str(current["id"])), ("token_revoked", str(mine["id"])),
                     ("token_revoked", str(current["id"]))]


def test_it_expires_tokens_after_the_configured_days(demo, settings):
    settings.API_TOKEN_DAYS = 30
    body = _issue()
    expires = ApiToken.objects.get(pk=body["id"]).expires_at
    assert dt.timedelta(days=29, hours=23) < expires - ApiToken.objects.get(
        pk=body["id"]).created_at <= dt.timedelta(days=30)
    with time_machine.travel(expires - dt.timedelta(minutes=1)):
        assert _client(body["token"]).get("/api/v1/groups/").status_code == 200
    with time_machine.travel(expires + dt.timedelta(seconds=1)):
        response = _client(body["token"]).get("/api/v1/groups/")
        assert response.status_code == 401
        assert "expired" in response.json()["detail"]


def test_it_revokes_every_token_when_the_password_changes(demo):
    keys = [_issue()["token"], _issue()["token"]]
    user = _user()
    user.set_password("Otra-clave-muy-larga-7")
    user.save()
    for key in keys:
        assert _client(key).get("/api/v1/groups/").status_code == 401
    assert not ApiToken.objects.filter(user=user, revoked_at=None).exists()
    assert AuditEntry.objects.filter(action="token_revoked",
                                     detail="password changed").count() == 2


def test_it_refuses_a_token_whose_password_changed_even_without_the_signal(demo):
    key = _issue()["token"]
    get_user_model().objects.filter(username="enlace.fgr").update(password="otra-cosa")
    assert _client(key).get("/api/v1/groups/").status_code == 401


def test_it_revokes_every_token_when_the_account_is_deactivated(demo):
    key = _issue()["token"]
    user = _user()
    user.is_active = False
    user.save()
    assert _client(key).get("/api/v1/groups/").status_code == 401
    assert AuditEntry.objects.filter(action="token_revoked",
                                     detail="account deactivated").exists()


def test_a_sign_in_does_not_revoke_tokens(demo, client):
    key = _issue()["token"]
    client.force_login(_user())  # saves last_login only
    assert _client(key).get("/api/v1/groups/").status_code == 200


def test_staff_revoke_tokens_in_the_admin_and_never_see_a_key(demo, client):
    body = _issue()
    client.force_login(_user("admin"))
    page = client.get(f"/admin/api/apitoken/{body['id']}/change/").content.decode()
    assert body["token"] not in page and body["token"][:8] in page
    response = client.post("/admin/api/apitoken/", {"action": "revoke",
                                                    "_selected_action": [body["id"]]})
    assert response.status_code == 302
    assert _client(body["token"]).get("/api/v1/groups/").status_code == 401
    assert AuditEntry.objects.get(action="token_revoked").detail == "revoked by staff"


def test_the_precompiled_token_lookup_gives_what_the_orm_gives(demo):
    """api.tokens.token_find runs SQL the ORM compiled once (issue 17): the token and its user
    must be the same instances, field by field (datetimes converted on SQLite too), as the ORM
    query it replaces; an unknown hash is None."""
    from api.tokens import key_hash, token_find

    key = _issue()["token"]
    found = token_find(key_hash(key))
    expected = ApiToken.objects.select_related("user").get(key_hash=key_hash(key))
    for model, got, want in ((ApiToken, found, expected), (get_user_model(), found.user, expected.user)):
        for field in model._meta.concrete_fields:
            assert getattr(got, field.attname) == getattr(want, field.attname), field.name
    assert found.expires_at.tzinfo is not None and not found._state.adding
    assert token_find(key_hash(key + "x")) is None


def test_the_token_lookup_brings_the_users_person_and_institution(demo, django_assert_num_queries):
    """token_find reads the user's directory entry and its institution in the same query (what
    tracker.access.enlace_institution asks next), field by field as the ORM reads them; a user
    without a person gets user.person raising as the ORM's does, with no query either way."""
    from api.tokens import key_hash, token_find
    from directory.models import Person
    from tracker import access

    key = _issue()["token"]
    with django_assert_num_queries(1):
        found = token_find(key_hash(key))
        person, institution = found.user.person, access.enlace_institution(found.user)
    expected = Person.objects.select_related("institution").get(user=_user())
    for model, got, want in ((Person, person, expected),
                             (type(institution), institution, expected.institution)):
        for field in model._meta.concrete_fields:
            assert getattr(got, field.attname) == getattr(want, field.attname), field.name
    assert person.user is found.user and institution is not None
    nobody = get_user_model().objects.create_user("sin.persona", password="x")
    plain = token_find(key_hash(token_issue(user=nobody)[1]))
    with django_assert_num_queries(0):
        assert access.enlace_institution(plain.user) is None
        assert getattr(plain.user, "person", None) is None
