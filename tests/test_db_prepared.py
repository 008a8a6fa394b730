"""tracker.postgresql's prepared cursor: the reads compiled once (tracker.compiled, the API
token's) are prepared on the server at their first run and reused, give what the ORM gives, and
show their values in the captured queries; DATABASE_PREPARED_STATEMENTS=0 prepares nothing."""

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from api.tokens import key_hash, token_find, token_issue
from tracker import access

from .factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def _prepared(wrapper) -> list[str]:
    with wrapper.connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]



def test_it_prepares_a_compiled_read_once_and_reuses_it(postgres):
    users = UserFactory.create_batch(2)
    groups = GroupFactory.create_batch(3)
    groups[0].secretariat.add(users[0])
    groups[2].coordinators.add(users[1])
    before = len(_prepared(connection))
    for user in users * 3:
        assert access.followed_group_ids(user) == list(
            access.groups_followed_by(user).values_list("pk", flat=True))
    after = _prepared(connection)
    # One statement for the six calls (two users, three times each): prepared once, reused.
    assert len(after) == before + 1
    assert "$1" in after[-1]


def test_the_captured_queries_show_the_values(postgres):
    user = UserFactory()
    GroupFactory().secretariat.add(user)
    with CaptureQueriesContext(connection) as ctx:
        access.followed_group_ids(user)
    (query,) = ctx.captured_queries
    assert "$1" not in query["sql"] and str(user.pk) in query["sql"]


def test_the_token_lookup_is_prepared(postgres):
    user = UserFactory()
    _token, key = token_issue(user=user, name="prepared")
    before = len(_prepared(connection))
    assert token_find(key_hash(key)).user == user
    assert token_find(key_hash(key) + "x") is None
    assert len(_prepared(connection)) == before + 1


@pytest.mark.django_db(transaction=True)
def test_with_prepared_statements_off_nothing_is_prepared(postgres):
    wrapper = connections.create_connection("default")
    # A copy: create_connection shares the settings' own dict.
    wrapper.settings_dict = {**wrapper.settings_dict, "PREPARED_STATEMENTS": False}
    try:
        with wrapper.prepared_cursor() as cursor:
            cursor.execute("SELECT %s::int", [1])
            assert cursor.fetchone() == (1,)
        assert _prepared(wrapper) == []
        on = connections.create_connection("default")
        try:
            with on.prepared_cursor() as cursor:
                cursor.execute("SELECT %s::int", [2])
                assert cursor.fetchone() == (2,)
            assert len(_prepared(on)) == 1
        finally:
            on.close()
    finally:
        wrapper.close()
