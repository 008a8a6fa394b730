"""tracker.postgresql: a persistent connection is checked without a round trip when it has nothing
to read, and a connection the server closed is still replaced before a request uses it."""

import time
from unittest import mock

import pytest
from django.db import connections
from django.db.backends.postgresql import base as django_base

from tracker.postgresql.base import _has_input

from .db_helpers import other_connection

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def wrapper(postgres):
    """A connection of its own (the test's is inside the test's transaction), with the production
    settings that matter: kept between requests, health checks on."""
    wrapper = connections.create_connection("default")
    # A copy: create_connection shares the settings' own dict.
    wrapper.settings_dict = {**wrapper.settings_dict, "CONN_MAX_AGE": 600,
                             "CONN_HEALTH_CHECKS": True}
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def _pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _next_request(wrapper):
    """What Django does at a request's start and before its first query."""
    wrapper.close_if_unusable_or_obsolete()
    wrapper.close_if_health_check_failed()


def _wait_for_input(wrapper, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not _has_input(wrapper.connection.pgconn.socket):
        assert time.monotonic() < deadline, "the server's goodbye never arrived"
        time.sleep(0.01)


def test_it_reuses_a_healthy_connection_without_a_ping(wrapper):
    pid = _pid(wrapper)
    with mock.patch.object(django_base.DatabaseWrapper, "is_usable",
                           side_effect=AssertionError("pinged")) as ping:
        _next_request(wrapper)
        assert wrapper.connection is not None
        assert _pid(wrapper) == pid
    assert ping.call_count == 0


def test_it_replaces_a_connection_the_server_closed(wrapper):
    pid = _pid(wrapper)
    with other_connection(wrapper) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    _wait_for_input(wrapper)
    _next_request(wrapper)
    # The request's first query runs on a new connection instead of failing.
    assert _pid(wrapper) != pid


def test_it_pings_a_connection_with_something_to_read_and_keeps_it_when_alive(wrapper):
    pid = _pid(wrapper)
    with wrapper.cursor() as cursor:
        cursor.execute("LISTEN acuerdos_health_test")
    with other_connection(wrapper) as other:
        other.execute("NOTIFY acuerdos_health_test")
    _wait_for_input(wrapper)
    with mock.patch.object(django_base.DatabaseWrapper, "is_usable", autospec=True,
                           side_effect=django_base.DatabaseWrapper.is_usable) as ping:
        _next_request(wrapper)
    assert ping.call_count == 1
    assert _pid(wrapper) == pid


def test_it_pings_a_connection_left_in_a_transaction(wrapper):
    wrapper.connection.execute("BEGIN")
    with mock.patch.object(django_base.DatabaseWrapper, "is_usable", autospec=True,
                           return_value=True) as ping:
        assert wrapper.is_usable()
    assert ping.call_count == 1
    wrapper.connection.execute("ROLLBACK")
