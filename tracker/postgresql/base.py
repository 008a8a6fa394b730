"""Django's PostgreSQL backend with a health check that costs no round trip and prepared reads
(issue 17).

With persistent connections, CONN_HEALTH_CHECKS makes Django ping the connection (`SELECT 1`)
before the first query of every request, so that a connection the server has closed (a restart,
pg_terminate_backend, idle_session_timeout, a pooler in front letting go) is replaced instead of
failing the request. That ping is a whole round trip and a statement for the server on every
request: more than the API's small reads spend in PostgreSQL.

A server that closes a connection writes to it first (its FATAL message) and then closes the
socket: between requests, a healthy idle connection has nothing to read, a closed one has
something (the message or the end of the stream). So: nothing to read on an idle connection means
usable, without asking the server; anything else (data waiting, a transaction left open, a
connection psycopg already knows is bad) goes to Django's own ping, which decides as before. A
link that died without a word (a cable, a host gone) is not seen by either check until a query
times out; that was so with the ping too, which then waited as long.

Prepared reads: `prepared_cursor()` gives a cursor whose statements are bound on the server and
prepared at their first run, so a fixed SQL text (the compiled reads of tracker.compiled, the
token's lookup) is parsed and planned once per connection instead of once per request. Ordinary
ORM cursors are unchanged. DATABASES["default"]["PREPARED_STATEMENTS"] = False turns it off
(DATABASE_PREPARED_STATEMENTS=0, for a pooler that does not keep prepared statements)."""

import select
import sys

from django.db.backends.postgresql import base, operations
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.utils.asyncio import async_unsafe
from psycopg import errors, pq
from psycopg.pq import Format
from psycopg.types.numeric import Int8BinaryDumper, Int8Dumper

# Statements a connection keeps prepared. psycopg's default (100) is below what the compiled
# reads' shapes reach (api.planned keeps up to 512 plans); past it every run of an evicted
# statement would prepare it again, slower than not preparing at all.
PREPARED_MAX = 512


class PreparedCursor(base.ServerBindingCursor):
    """Server-side binding, each statement prepared on the server at its first execution."""

    def __init__(self, connection):
        super().__init__(connection)
        # psycopg types an int parameter by its size (smallint, integer, bigint) and a statement
        # is prepared per types: one SQL text became up to three statements (ids on either side
        # of 32,767). As bigint every int compares with any integer column, indexes included.
        # On this cursor only (~10 µs a statement): on the connection, Django's own cursors
        # would type a list of ints as bigint[] too (int2[]/int4[] before), which changes what
        # raw SQL over smallint[] or int[] columns accepts.
        self.adapters.register_dumper(int, Int8Dumper)
        self.adapters.register_dumper(int, Int8BinaryDumper)

    def execute(self, query, params=None, *, prepare=None, binary=None):
        try:
            return super().execute(query, params, prepare=True, binary=binary)
        except errors.FeatureNotSupported:
            # "cached plan must not change result type": a column the statement returns changed
            # type since it was prepared (a migration while this connection lived). Outside a
            # transaction nothing would ever drop it, and it would fail on every request: drop
            # this connection's prepared statements (psycopg forgets its own on seeing the
            # command) and run once more. Inside one, the rollback does the same.
            # (A statement whose first run fails stays on the server, unnamed in psycopg's
            # cache, until the connection closes: only errors make such leftovers.)
            if self.connection.info.transaction_status != pq.TransactionStatus.IDLE:
                raise
            self.connection.execute("DEALLOCATE ALL")
            return super().execute(query, params, prepare=True, binary=binary)


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        # A prepared statement's text has $1, $2 in it: the log and the tests' captured queries
        # show it with its values, as Django's own cursors do.
        if isinstance(cursor, PreparedCursor):
            try:
                return self.compose_sql(sql, params)
            except errors.DataError:
                return None
        return super().last_executed_query(cursor, sql, params)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    @async_unsafe
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if connection.prepare_threshold is None and self._prepares():
            # psycopg prepares nothing with no threshold, not even when asked; with one this high
            # it prepares only what is asked (PreparedCursor). Django's own cursors bind on the
            # client and never prepare.
            connection.prepare_threshold = sys.maxsize
            connection.prepared_max = PREPARED_MAX
        return connection

    def _prepares(self) -> bool:
        return self.settings_dict.get("PREPARED_STATEMENTS", True)

    @async_unsafe
    def prepared_cursor(self):
        """A cursor like cursor() (Django's wrapper: errors translated, queries counted and
        logged) whose statements are prepared on the server, for reads whose SQL text is fixed
        and only their parameters change (tracker.compiled): PostgreSQL then parses and plans
        each once per connection instead of once per request. Django's own cursors bind
        parameters on the client and never prepare (its default; a pooler in transaction mode
        cannot keep prepared statements, DATABASE_PREPARED_STATEMENTS=0 turns this off)."""
        if not self._prepares():
            return self.cursor()
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            cursor = PreparedCursor(self.connection)
            # As Django's create_cursor: the time zone's loader when the connection's differs
            # (a test's TIME_ZONE or USE_TZ override).
            loader = self.connection.adapters.get_loader(base.TIMESTAMPTZ_OID, Format.TEXT)
            if self.timezone != loader.timezone:
                register_tzloader(self.timezone, cursor)
            return self._prepare_cursor(cursor)

    @async_unsafe
    def prepared_read(self, sql, params, *, one: bool = False):
        """The rows (with one=True the first row, or None) of a read as prepared_cursor() runs
        it: the same statement, checks and translated errors, without Django's cursor wrapper,
        which cost more CPU than a small read's own work (~45 of ~100 µs). Where queries are
        logged (DEBUG, the tests' CaptureQueriesContext and assertNumQueries), an
        execute_wrapper is installed or the time zone is not the connection's, the read goes
        through prepared_cursor() itself, so all of those see it as before
        (tests/test_db_prepared.py). Each read has its own psycopg cursor, closed before
        returning: nothing is kept between reads or shared between threads."""
        if self.queries_logged or self.execute_wrappers or not self._prepares():
            return self._read_through_wrapper(sql, params, one)
        self.close_if_health_check_failed()
        self.ensure_connection()
        self.validate_thread_sharing()
        self.validate_no_broken_transaction()
        connection = self.connection
        loader = connection.adapters.get_loader(base.TIMESTAMPTZ_OID, Format.TEXT)
        if self.timezone != loader.timezone:  # prepared_cursor registers the zone's loader
            return self._read_through_wrapper(sql, params, one)
        with self.wrap_database_errors, PreparedCursor(connection) as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if one else cursor.fetchall()

    def _read_through_wrapper(self, sql, params, one):
        with self.prepared_cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if one else cursor.fetchall()

    def is_usable(self):
        connection = self.connection
        if connection is None:
            return False
        pgconn = connection.pgconn
        if (pgconn.status == pq.ConnStatus.OK
                and pgconn.transaction_status == pq.TransactionStatus.IDLE):
            try:
                waiting = _has_input(pgconn.socket)
            except (OSError, ValueError, AttributeError):
                waiting = True  # no socket to watch: let the ping decide
            if not waiting:
                return True
        return super().is_usable()


def _has_input(fd: int) -> bool:
    """Whether the socket has bytes, an end of stream or an error to report, without waiting.
    poll() where there is one: select() refuses descriptors above 1023."""
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLPRI)
        return bool(poller.poll(0))
    readable, _, failed = select.select([fd], [], [fd], 0)
    return bool(readable or failed)
