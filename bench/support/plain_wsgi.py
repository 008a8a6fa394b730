"""The plain-WSGI baseline of bench/api_throughput.py (in bench/support/ so that `make bench`,
which runs every bench/*.py, does not run it): no Django, no DRF. For a request it knows
(path + query + Authorization header, captured from the real application by the bench), it runs the
very SELECTs the real request sent on one psycopg connection per worker, fetches every row as a
dict and returns them serialised with orjson. Served by the same gunicorn setup as the real app:

    BENCH_PLAIN_SQL=statements.json DATABASE_URL=… gunicorn --pythonpath bench/support plain_wsgi:application
"""

import json
import os

import orjson
import psycopg
from psycopg.rows import dict_row

with open(os.environ["BENCH_PLAIN_SQL"], encoding="utf-8") as f:
    _SPEC = json.load(f)
STATEMENTS = {key: value for key, value in _SPEC["statements"].items()}
_conn = None


def _connection():
    global _conn
    if _conn is None or _conn.closed:
        _conn = psycopg.connect(_SPEC["conninfo"], autocommit=True, row_factory=dict_row)
    return _conn


def application(environ, start_response):
    key = "{} {}?{}".format(environ.get("HTTP_AUTHORIZATION", ""), environ["PATH_INFO"],
                            environ.get("QUERY_STRING", ""))
    statements = STATEMENTS.get(key)
    if statements is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"unknown request"]
    out = []
    with _connection().cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            out.append(cursor.fetchall())
    body = orjson.dumps(out, default=str)
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]
