"""tracker.sessions' compiled read of the request's session gives what Django's database store's
.get() gives: the data of a live session, nothing (and no key) for an expired, a missing or an
invalid one, in one query each; and signing in, reading a page and signing out work through it."""

import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tracker.sessions import SessionStore

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _read(store_class, key):
    store = store_class(key)
    with CaptureQueriesContext(connection) as queries:
        data = store.load()
    return data, store.session_key, len(queries)


def test_it_reads_what_djangos_store_reads():
    live = DjangoStore()
    live.update({"a": 1, "b": "ñ <x>"})
    live.create()
    expired = DjangoStore()
    expired["a"] = 2
    expired.create()
    type(expired).get_model_class().objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))
    keys = [live.session_key, expired.session_key, "x" * 32, "short", None]
    results = {key: _read(SessionStore, key) for key in keys}
    for key in keys:
        assert results[key] == _read(DjangoStore, key), key
    assert results[live.session_key] == ({"a": 1, "b": "ñ <x>"}, live.session_key, 1)
    assert results[expired.session_key] == ({}, None, 1)
    assert results["x" * 32] == ({}, None, 1)


def test_signing_in_and_out_go_through_it(client, settings):
    assert settings.SESSION_ENGINE == "tracker.sessions"
    user = UserFactory(username="sesion")
    client.force_login(user)
    assert client.get("/").wsgi_request.user == user
    assert isinstance(client.session, SessionStore)
    client.logout()
    assert client.get("/").wsgi_request.user.is_anonymous
