#!/usr/bin/env python3
"""Each API row and page against its own SQL (issue 17): the real request, through the production
WSGI entry point (tracker.wsgi.application, its middleware and persistent connection), alternating
in the same process with a baseline that runs the very statements that request sent (captured from
it) on a plain psycopg connection and serialises every row with orjson. The ratio real/baseline
(medians) is what Django, DRF, the serializers and the templates add on top of the database.

    DATABASE_URL=postgres://… .venv/bin/python bench/baseline.py [--repeat 30] [--scale 1]

BENCH_QUICK=1: 8 requests per row; --kind page (or api) runs only those rows. Each row stops
early after --row-seconds (12 s; at least 5 pairs), so the file stays within ~3 minutes on a
loaded machine. Needs the load data of bench/api_scale.py (generated at --scale when missing).
Targets: every API row ≤ 1.5× its baseline, every page ≤ 2× (the template is real work). Writes
a request may make (the token's last_used_at, a session save) are not part of the
baseline: only the statements that read (SELECT) are replayed."""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")
# What production runs with (tracker/settings.py): a persistent connection per process.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")

API_TARGET, PAGE_TARGET = 1.5, 2.0


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import platform

    return (f"{os.cpu_count()} CPUs (nproc), {model}, Python {platform.python_version()}, "
            f"{python_speed()}")


def python_speed() -> str:
    """How fast this machine runs Python now (a shared machine's speed swings 2× within the hour):
    printed beside the results to compare runs, as bench/api_scale.py does."""
    started = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i
    return f"a 5M-step Python loop in {time.perf_counter() - started:.2f} s"


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def print_header(header: str) -> None:
    """A Markdown table's header line and its rule: the first column left-aligned, the rest
    right-aligned."""
    print(header)
    print("|" + "|".join("-" * len(c) if i == 0 else "-" * (len(c) - 1) + ":"
                         for i, c in enumerate(header.split("|")[1:-1])) + "|")


def wsgi_get(app, path: str, headers: dict) -> tuple[str, bytes]:
    """One GET through a WSGI application, as gunicorn would call it (close() included: that is
    where Django sends request_finished and decides about the connection)."""
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr, "wsgi.version": (1, 0),
        "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
        **headers,
    }
    status = []
    result = app(environ, lambda s, h, exc_info=None: status.append(s))
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return status[0], body


def captured_reads(app, path, headers) -> tuple[list[str], int]:
    """The SQL one request sends, parameters inlined (psycopg's client-side binding, the backend's
    default): the reads to replay, and how many statements there were in all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        wsgi_get(app, path, headers)
    statements = [q["sql"] for q in ctx.captured_queries]
    reads = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    return reads, len(statements)


class Baseline:
    """The same statements on a plain psycopg connection (same session options as Django's), every
    row fetched as a dict and the lot serialised with orjson: the floor under the request."""

    def __init__(self):
        import orjson
        import psycopg
        from django.db import connection
        from psycopg.rows import dict_row

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        params.pop("prepare_threshold", None)
        self.conn = psycopg.connect(**params, autocommit=True, row_factory=dict_row)
        self.dumps = orjson.dumps

    def run(self, statements) -> int:
        out = []
        with self.conn.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                out.append(cursor.fetchall())
        return len(self.dumps(out, default=str))


def main():
    parser = argparse.ArgumentParser()
    quick = bool(os.environ.get("BENCH_QUICK"))
    parser.add_argument("--repeat", type=int, default=8 if quick else 30, help="requests per row")
    parser.add_argument("--row-seconds", type=float, default=5 if quick else 12,
                        help="time budget per row (at least 5 pairs are measured)")
    parser.add_argument("--scale", type=float, default=1.0, help="load data to generate if none")
    parser.add_argument("--kind", choices=("page", "api"),
                        help="only the page rows or only the API rows")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from agreements.models import Acuerdo
    from api.loadgen import PREFIX
    from api.tokens import token_issue
    from directory.models import Institution
    from tracker import access

    if connection.vendor != "postgresql":
        sys.exit("bench/baseline.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    # Production's request path: no debug cursor recording every query, any host on the loopback.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    if not Institution.objects.filter(acronym__startswith=f"{PREFIX}-").exists():
        print(f"generating load data at scale {args.scale:g} …", file=sys.stderr, flush=True)
        call_command("generate_load_data", scale=args.scale, stdout=sys.stderr)
    with connection.cursor() as cursor:
        # Statistics and the visibility map, as autovacuum leaves them on a running server; a
        # fresh bulk load without them gets plans minutes long. Only when never done.
        cursor.execute("SELECT count(*) FROM pg_stat_user_tables WHERE relname IN "
                       "('agreements_acuerdo', 'agreements_responsibility') AND "
                       "coalesce(last_analyze, last_autoanalyze) IS NOT NULL AND "
                       "coalesce(last_vacuum, last_autovacuum) IS NOT NULL")
        if cursor.fetchone()[0] < 2:
            cursor.execute("VACUUM ANALYZE")

    from tracker.wsgi import application as app  # the production entry point, gc settings too

    User = get_user_model()
    admin = User.objects.get(username="load.admin")
    enlace = User.objects.get(username="load.enlace")
    coordinator = User.objects.get(username="load.coordinador")
    token = {u.username: {"HTTP_AUTHORIZATION": f"Token {token_issue(user=u, name='bench')[1]}"}
             for u in (admin, enlace)}
    cookie = {}
    for user in (enlace, coordinator):
        client = Client()
        client.force_login(user)
        cookie[user.username] = {
            "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}="
                           f"{client.cookies[settings.SESSION_COOKIE_NAME].value}"}
    group = access.groups_followed_by(coordinator).order_by("acronym").first()
    session = group.sessions.filter(acuerdos__isnull=False).first()
    admin_ids = list(Acuerdo.objects.adopted().values_list("id", flat=True).order_by("?")[:10])
    enlace_ids = list(access.acuerdos_visible_to(enlace).values_list("id", flat=True)
                      .order_by("?")[:10])
    list_url = "/api/v1/acuerdos/"
    rows = [
        # (kind, label, headers, urls)
        ("page", "coordinator dashboard /coordinacion/", cookie["load.coordinador"],
         [reverse("followup:dashboard")]),
        ("page", "Mis acuerdos /acuerdos/, enlace", cookie["load.enlace"],
         [reverse("followup:parts")]),
        ("page", "group page /groups/<id>/, coordinator", cookie["load.coordinador"],
         [reverse("workspace:group", args=[group.pk])]),
        ("api", "acuerdo list 25, staff", token["load.admin"], [f"{list_url}?page_size=25"]),
        ("api", "acuerdo list 100, staff", token["load.admin"], [f"{list_url}?page_size=100"]),
        ("api", "acuerdo list 100, staff, ?status=overdue", token["load.admin"],
         [f"{list_url}?page_size=100&status=overdue"]),
        ("api", "acuerdo list 100, staff, ?ordering=-due", token["load.admin"],
         [f"{list_url}?page_size=100&ordering=-due"]),
        ("api", "acuerdo list 25, enlace", token["load.enlace"], [f"{list_url}?page_size=25"]),
        ("api", "acuerdo list 100, enlace", token["load.enlace"], [f"{list_url}?page_size=100"]),
        ("api", "acuerdo list 100, enlace, ?overdue=true", token["load.enlace"],
         [f"{list_url}?page_size=100&overdue=true"]),
        ("api", "acuerdo detail, staff", token["load.admin"],
         [f"{list_url}{i}/" for i in admin_ids]),
        ("api", "acuerdo detail, enlace", token["load.enlace"],
         [f"{list_url}{i}/" for i in enlace_ids]),
        ("api", "group API detail", token["load.admin"], [f"/api/v1/groups/{group.pk}/"]),
        ("api", "session API detail", token["load.admin"], [f"/api/v1/sessions/{session.pk}/"]),
    ]

    if args.kind:
        rows = [row for row in rows if row[0] == args.kind]
    baseline = Baseline()
    print(f"machine: {machine()}; load average {load_average()} (start)")
    print(f"up to {args.repeat} requests per row ({args.row_seconds:g} s budget), each followed by "
          "its baseline (alternating); "
          "medians in ms; real = tracker.wsgi.application, baseline = the request's own SELECTs "
          "on psycopg + orjson; over = real − baseline (the median of the pairs' differences)")
    print()
    header = (f"| {'request':<42} | {'real ms':>7} | {'base ms':>7} | {'over ms':>7} | "
              f"{'ratio':>6} | {'stmts':>5} | {'pairs':>5} | {'target':>6} | {'status':>6} | "
              "load 1m |")
    print_header(header)
    all_ok = True
    for kind, label, headers, urls in rows:
        for url in urls[:2]:  # warm-up: caches, the connection, the plans
            wsgi_get(app, url, headers)
        captured = {url: captured_reads(app, url, headers) for url in urls}
        real, base, statuses = [], [], set()
        budget_end = time.monotonic() + args.row_seconds
        for i in range(args.repeat):
            if i >= 5 and time.monotonic() > budget_end:
                break  # a slow row on a loaded machine: enough pairs for a median
            url = urls[i % len(urls)]
            started = time.perf_counter()
            status, _body = wsgi_get(app, url, headers)
            real.append((time.perf_counter() - started) * 1000)
            statuses.add(status.split()[0])
            started = time.perf_counter()
            baseline.run(captured[url][0])
            base.append((time.perf_counter() - started) * 1000)
        r, b = statistics.median(real), statistics.median(base)
        ratio = r / max(b, 0.001)
        target = API_TARGET if kind == "api" else PAGE_TARGET
        ok = ratio <= target and statuses == {"200"}
        all_ok &= ok
        n_reads, n_all = len(captured[urls[0]][0]), captured[urls[0]][1]
        stmts = f"{n_reads}/{n_all}" if n_reads != n_all else str(n_all)
        # What the request adds to its SQL, in ms (the median of each pair's difference): steadier
        # than the ratio, which grows when the loopback and the database get faster.
        over = statistics.median(x - y for x, y in zip(real, base))
        print(f"| {label:<42} | {r:>7.1f} | {b:>7.1f} | {over:>7.1f} | {ratio:>5.2f}× | "
              f"{stmts:>5} | {len(real):>5} | "
              f"{'≤' + format(target, 'g') + '×':>6} | {','.join(sorted(statuses)):>6} | "
              f"{os.getloadavg()[0]:>7.2f} |", flush=True)
    print()
    print(f"load average {load_average()} (end), {python_speed()}; "
          "stmts: SELECTs replayed / statements sent")
    print("all baseline targets met" if all_ok else "some baseline targets MISSED (see table)")


if __name__ == "__main__":
    main()
