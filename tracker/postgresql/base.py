"""Django's PostgreSQL backend with a health check that costs no round trip (issue 17).

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
times out; that was so with the ping too, which then waited as long."""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
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
