"""tracker.postgresql's prepared cursor: the reads compiled once (tracker.compiled, the API
token's) are prepared on the server at their first run and reused, give what the ORM gives, and
show their values in the captured queries; DATABASE_PREPARED_STATEMENTS=0 prepares nothing."""

import pytest
from django.db import ProgrammingError, connection, connections, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from api.tokens import key_hash, token_find, token_issue
from tracker import access

from .db_helpers import other_connection
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


@pytest.fixture
def own(postgres):
    """A connection of its own, outside the test's transaction (autocommit, as a request runs)."""
    wrapper = connections.create_connection("default")
    yield wrapper
    wrapper.close()


@pytest.mark.django_db(transaction=True)
def test_one_statement_whatever_the_size_of_an_int(own):
    for value in (1, 40_000, 3_000_000_000, -5):
        with own.prepared_cursor() as cursor:
            cursor.execute("SELECT count(*) FROM auth_user WHERE id = %s", [value])
            assert cursor.fetchone() == (0,)
    assert len(_prepared(own)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_column_type_changed_by_a_migration_does_not_break_the_connection(own):
    with own.cursor() as cursor:
        cursor.execute("CREATE TABLE acuerdos_prepared_probe (name varchar(10))")
        cursor.execute("INSERT INTO acuerdos_prepared_probe VALUES ('uno')")
    try:
        read = "SELECT name FROM acuerdos_prepared_probe WHERE name <> %s"
        with own.prepared_cursor() as cursor:
            cursor.execute(read, ["x"])
            assert cursor.fetchall() == [("uno",)]
        with other_connection(own) as other:  # another worker's migrate
            other.execute("ALTER TABLE acuerdos_prepared_probe ALTER COLUMN name TYPE varchar(20)")
        for _ in range(2):  # the next request, and the one after it
            with own.prepared_cursor() as cursor:
                cursor.execute(read, ["x"])
                assert cursor.fetchall() == [("uno",)]
    finally:
        with own.cursor() as cursor:
            cursor.execute("DROP TABLE acuerdos_prepared_probe")


# prepared_read: Django's cursor wrapper left out where nothing watches the queries.

READ = "SELECT id, username FROM auth_user WHERE id = %s"


def test_a_read_is_what_the_wrapped_cursor_reads(postgres):
    users = UserFactory.create_batch(2)
    with CaptureQueriesContext(connection) as ctx:  # queries watched: Django's own wrapper
        watched = [connection.prepared_read(READ, [u.pk]) for u in users]
    assert len(ctx.captured_queries) == 2
    unwatched = [connection.prepared_read(READ, [u.pk]) for u in users]
    assert unwatched == watched == [[(u.pk, u.username)] for u in users]
    assert connection.prepared_read(READ, [users[0].pk], one=True) == (users[0].pk,
                                                                        users[0].username)
    assert connection.prepared_read(READ, [-1], one=True) is None
    # Prepared on the server like prepared_cursor's: one statement for all the reads above.
    assert sum(READ.replace("%s", "$1") == s for s in _prepared(connection)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_read_after_the_connection_closed_connects_again(own):
    assert own.prepared_read("SELECT %s::int", [1]) == [(1,)]
    own.close()  # the end of a request past CONN_MAX_AGE, or a failed health check
    assert own.connection is None
    assert own.prepared_read("SELECT %s::int", [2]) == [(2,)]


@pytest.mark.django_db(transaction=True)
def test_threads_sharing_a_connection_each_read_their_own_rows(own):
    import threading

    own.inc_thread_sharing()
    failures = []

    def reads(n):
        try:
            for _ in range(200):
                rows = own.prepared_read("SELECT %s::int, g FROM generate_series(1, %s) g",
                                         [n, n])
                if rows != [(n, g) for g in range(1, n + 1)]:
                    failures.append((n, rows[:3]))
        except Exception as exc:  # noqa: BLE001 (reported below, with the thread's number)
            failures.append((n, exc))

    threads = [threading.Thread(target=reads, args=(n,)) for n in (3, 5, 7, 9)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        own.dec_thread_sharing()
    assert failures == []


def test_only_prepared_statements_type_ints_as_bigint(postgres):
    # Django's own cursors keep psycopg's types: an int written into the SQL, a list of small
    # ints as smallint[] (raw SQL over a smallint[] column depends on it).
    with CaptureQueriesContext(connection) as ctx, connection.cursor() as cursor:
        cursor.execute("SELECT %s + 1, pg_typeof(%s)::text", [40_000, [1, 2, 3]])
        assert cursor.fetchone() == (40_001, "smallint[]")
    assert ctx.captured_queries[0]["sql"].startswith("SELECT 40000 + 1")
    for read in (connection.prepared_read, _read_through_prepared_cursor):
        assert read("SELECT pg_typeof(%s)::text", [1]) == [("bigint",)]
    with connection.cursor() as cursor:  # after a prepared read, on the same connection
        cursor.execute("SELECT pg_typeof(%s)::text", [[1, 2, 3]])
        assert cursor.fetchone() == ("smallint[]",)


def _read_through_prepared_cursor(sql, params):
    with connection.prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_errors_are_djangos_and_the_connection_stays_usable(own):
    with pytest.raises(ProgrammingError):
        own.prepared_read("SELECT no_such_column FROM auth_user WHERE id = %s", [1])
    assert own.errors_occurred
    assert own.prepared_read("SELECT %s::int", [3]) == [(3,)]


def test_a_broken_transaction_refuses_the_read_as_djangos_cursor_does(postgres):
    with transaction.atomic():
        try:
            with transaction.atomic(savepoint=False):
                connection.prepared_read("SELECT no_such_column FROM auth_user WHERE id = %s", [1])
        except ProgrammingError:
            pass
        with pytest.raises(TransactionManagementError):
            connection.prepared_read("SELECT %s::int", [4])
        with pytest.raises(TransactionManagementError), connection.cursor() as cursor:
            cursor.execute("SELECT %s::int", [4])
    assert connection.prepared_read("SELECT %s::int", [5]) == [(5,)]


def test_an_execute_wrapper_sees_the_read(postgres):
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        assert connection.prepared_read("SELECT %s::int", [6]) == [(6,)]
    assert seen == ["SELECT %s::int"]


def test_a_time_zone_override_reads_as_the_wrapped_cursor_does(postgres, settings):
    user = UserFactory()
    read = "SELECT date_joined FROM auth_user WHERE id = %s"
    with CaptureQueriesContext(connection):
        utc = connection.prepared_read(read, [user.pk], one=True)[0]
    settings.TIME_ZONE, settings.USE_TZ = "America/Mexico_City", False
    with CaptureQueriesContext(connection):
        watched = connection.prepared_read(read, [user.pk], one=True)[0]
    kept = connection.prepared_read(read, [user.pk], one=True)[0]
    assert kept == watched and kept.tzinfo == watched.tzinfo
    assert utc.tzinfo is not None and watched.tzinfo is None
