#!/usr/bin/env python3
"""Pages and API at national scale: p50/p95 server time and query count of the coordinator's
overdue dashboard (`/coordinacion/`, load.coordinador), an enlace's "Mis acuerdos" (`/acuerdos/`,
load.enlace, an institution with ~3,000 acuerdos), a group page (`/groups/<id>/`), the acuerdo list
API (page size 100, with and without filters) and the acuerdo detail API; the dashboard's own SQL
run directly (the selectors' compiled queries on a cursor); throughput of the list under gunicorn
with 2 workers (a loopback load generator bounded in time).

    DATABASE_URL=postgres://… .venv/bin/python bench/api_scale.py [--scale 1] [--compare-scale 0.1]
        [--explain]

Needs PostgreSQL. When the database holds no load data yet, it first runs
`manage.py generate_load_data --scale N`. --compare-scale S repeats the query counts on a sibling
database `<name>_scale<S>` (created and filled at scale S when missing) and prints them side by side.
Targets: p95 ≤ 150 ms, query count independent of size, dashboard within 3× of its SQL."""

import argparse
import http.client
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")

TARGET_MS = 150


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs (nproc), {model}, Python {platform.python_version()}, "
            f"{python_speed()}")


def python_speed() -> str:
    """How fast this machine runs Python now: a shared virtual machine's speed swings (the same
    code measured 1.0 s and 2.1 s for this loop an hour apart, with nothing else running), and
    every absolute number of a run moves with it. Print it beside the results to compare runs."""
    started = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i
    return f"a 5M-step Python loop in {time.perf_counter() - started:.2f} s"


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def measure(client, urls, headers, repeat):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    times, queries, statuses = [], set(), set()
    for _ in range(2):  # warm-up
        client.get(urls[0], **headers)
    for i in range(repeat):
        url = urls[i % len(urls)]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, **headers)
            times.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
        queries.add(len(captured))
        reset_queries()
    return times, queries, statuses


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def throughput(path, token, seconds, concurrency):
    port = free_port()
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "bench-only-secret",
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_COOKIES": "0",
           "DJANGO_SECURE_SSL_REDIRECT": "0"}  # plain HTTP on the loopback: no HTTPS redirect
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "tracker.wsgi:application",
         "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            return None
        latencies, errors = [], [0]
        lock = threading.Lock()
        stop_at = time.monotonic() + seconds

        def worker():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                try:
                    conn.request("GET", path, headers={"Authorization": f"Token {token}"})
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == 200
                except (OSError, http.client.HTTPException):
                    ok = False
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed) if ok else None
                    errors[0] += 0 if ok else 1
            conn.close()

        # warm both workers
        for _ in range(4):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("GET", path, headers={"Authorization": f"Token {token}"})
            c.getresponse().read()
            c.close()
        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        return {"rps": len(latencies) / elapsed, "n": len(latencies), "errors": errors[0],
                "p50": percentile(latencies, 50) if latencies else 0,
                "p95": percentile(latencies, 95) if latencies else 0}
    finally:
        server.terminate()
        server.wait(timeout=10)


def explain(sql_source):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql_source[0], sql_source[1])
        return "\n".join(row[0] for row in cursor.fetchall())


def sibling_database_url(url: str, scale: float) -> str:
    """The same server, database `<name>_scale<S>` (e.g. acuerdos_bench_scale0_1)."""
    base, _, name = url.rpartition("/")
    name, _, query = name.partition("?")
    suffix = f"{scale:g}".replace(".", "_")
    return f"{base}/{name}_scale{suffix}" + (f"?{query}" if query else "")


def ensure_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    name = name.partition("?")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def compare_counts(scale: float, repeat: int) -> dict | None:
    """Query counts of every row at `scale`, measured by this script in a child process on the
    sibling database (migrated and filled first when needed)."""
    import json

    url = sibling_database_url(os.environ["DATABASE_URL"], scale)
    ensure_database(url)
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
                   cwd=ROOT, env=env, check=True)
    out = subprocess.run(
        [sys.executable, __file__, "--scale", str(scale), "--counts-only", "--repeat", str(repeat)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout
    for line in out.splitlines():
        if line.startswith("COUNTS "):
            return json.loads(line[len("COUNTS "):])
    return None


def dashboard_sql(coordinator, day):
    """The coordinator dashboard's own queries, compiled from its selectors, exactly as the page
    sends them (the view's calls, run once under a capturing cursor): the "follows a group?" check,
    the summary's two aggregates and its groups, the overdue matrix."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from followup import selectors
    from tracker.access import access_followup

    with CaptureQueriesContext(connection) as ctx:
        groups = access_followup(coordinator)
        selectors.group_summary(groups, day)
        selectors.overdue_matrix(groups, day)
    return [q["sql"] for q in ctx.captured_queries]


def time_sql(statements, repeat):
    """p50/p95 of running `statements` (complete SQL, parameters inlined) one after the other on
    a cursor and fetching every row: the database's share of the page."""
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for i in range(repeat + 2):
            started = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
            if i >= 2:  # warm-up
                times.append((time.perf_counter() - started) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=60, help="requests per row")
    parser.add_argument("--seconds", type=float, default=10, help="throughput run length")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--compare-scale", type=float, default=0.1,
                        help="also count queries at this scale on a sibling database (0: skip)")
    parser.add_argument("--counts-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the lists")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from api.tokens import token_issue

    from agreements.models import Acuerdo
    from api import selectors
    from api.loadgen import PREFIX
    from directory.models import Institution
    from tracker import access

    if connection.vendor != "postgresql":
        sys.exit("bench/api_scale.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    settings.ALLOWED_HOSTS = ["*"]
    if not Institution.objects.filter(acronym__startswith=f"{PREFIX}-").exists():
        print(f"generating load data at scale {args.scale} …", flush=True)
        started = time.monotonic()
        call_command("generate_load_data", scale=args.scale, stdout=sys.stderr)
        print(f"generated in {time.monotonic() - started:.0f}s", file=sys.stderr)
    with connection.cursor() as cursor:
        # What autovacuum does on a running server after a bulk load or a backfilling migration:
        # statistics, and the visibility map that lets index-only scans skip the table.
        cursor.execute("VACUUM ANALYZE")

    from django.contrib.auth import get_user_model

    User = get_user_model()
    admin = User.objects.get(username="load.admin")
    enlace = User.objects.get(username="load.enlace")
    coordinator = User.objects.get(username="load.coordinador")
    # Hashed API tokens (api/tokens.py): the key exists only when issued.
    tokens = {u.username: token_issue(user=u, name="bench")[1] for u in (admin, enlace)}
    institution = access.enlace_institution(enlace)
    today = timezone.localdate()
    counts = {
        "acuerdos": Acuerdo.objects.count(),
        "enlace acuerdos": access.acuerdos_visible_to(enlace).count(),
        "coordinator groups": access.groups_followed_by(coordinator).count(),
    }
    rng = random.Random(1)
    admin_ids = list(Acuerdo.objects.values_list("id", flat=True).order_by("?")[:200])
    enlace_ids = list(access.acuerdos_visible_to(enlace).values_list("id", flat=True)
                      .order_by("?")[:200])
    rng.shuffle(admin_ids)
    group = access.groups_followed_by(coordinator).order_by("acronym").first()
    session = group.sessions.filter(acuerdos__isnull=False).first()
    group_acuerdos = group.acuerdos.count()

    import tracker.wsgi  # noqa: F401 — the server's start-up, including its gc.freeze()

    clients = {}
    for user in (admin, enlace, coordinator):
        clients[user.username] = Client(HTTP_HOST="127.0.0.1")
        clients[user.username].force_login(user)
    token = {u: {"HTTP_AUTHORIZATION": f"Token {k}"} for u, k in tokens.items()}
    api = Client(HTTP_HOST="127.0.0.1")
    # (label, client, headers, urls): web pages with a session, the API with a token.
    rows = [
        ("coordinator dashboard /coordinacion/", clients["load.coordinador"], {},
         [reverse("followup:dashboard")]),
        ("Mis acuerdos /acuerdos/, enlace", clients["load.enlace"], {}, [reverse("followup:parts")]),
        ("Mis acuerdos ?due=overdue, enlace", clients["load.enlace"], {},
         [reverse("followup:parts") + "?due=overdue"]),
        ("group page /groups/<id>/, coordinator", clients["load.coordinador"], {},
         [reverse("workspace:group", args=[group.pk])]),
        ("acuerdo list, staff, no filter", api, token["load.admin"],
         ["/api/v1/acuerdos/?page_size=100"]),
        ("acuerdo list, staff, ?status=overdue", api, token["load.admin"],
         ["/api/v1/acuerdos/?page_size=100&status=overdue"]),
        ("acuerdo list, staff, ?group&due range", api, token["load.admin"],
         [f"/api/v1/acuerdos/?page_size=100&group={group.pk}&due_after=2023-01-01"
          f"&due_before={today}"]),
        ("acuerdo list, staff, ?ordering=-due", api, token["load.admin"],
         ["/api/v1/acuerdos/?page_size=100&ordering=-due"]),
        ("acuerdo list, enlace, no filter", api, token["load.enlace"],
         ["/api/v1/acuerdos/?page_size=100"]),
        ("acuerdo list, enlace, ?overdue=true", api, token["load.enlace"],
         ["/api/v1/acuerdos/?page_size=100&overdue=true"]),
        ("acuerdo list, staff, ?institution&overdue", api, token["load.admin"],
         [f"/api/v1/acuerdos/?page_size=100&institution={institution.pk}&overdue=true"]),
        ("acuerdo detail, staff", api, token["load.admin"],
         [f"/api/v1/acuerdos/{i}/" for i in admin_ids]),
        ("acuerdo detail, enlace", api, token["load.enlace"],
         [f"/api/v1/acuerdos/{i}/" for i in enlace_ids]),
        ("acuerdo figures, enlace", api, token["load.enlace"], ["/api/v1/acuerdos/figures/"]),
        ("group API detail", api, token["load.admin"], [f"/api/v1/groups/{group.pk}/"]),
        ("session API detail", api, token["load.admin"], [f"/api/v1/sessions/{session.pk}/"]),
    ]

    if args.counts_only:
        import json

        found = {}
        for label, client, headers, urls in rows:
            _times, queries, _statuses = measure(client, urls, headers, min(args.repeat, 5))
            found[label] = sorted(queries)
        print("COUNTS " + json.dumps(found))
        return

    small = {}
    if args.compare_scale and args.compare_scale != args.scale:
        print(f"counting queries at scale {args.compare_scale:g} (sibling database) …",
              file=sys.stderr, flush=True)
        small = compare_counts(args.compare_scale, args.repeat) or {}

    load = os.getloadavg()
    print(f"machine: {machine()}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"data: scale {args.scale:g}, {counts['acuerdos']:,} acuerdos; load.enlace sees "
          f"{counts['enlace acuerdos']:,} ({institution.acronym}); load.coordinador follows "
          f"{counts['coordinator groups']} groups; group page {group.acronym} has "
          f"{group_acuerdos} acuerdos; {args.repeat} requests per row")
    print()
    q_small = f"q@{args.compare_scale:g}" if small else ""
    header = (f"| {'request':<42} | {'p50 ms':>7} | {'p95 ms':>7} | {'queries':>7} | "
              f"{q_small or 'q@small':>7} | status | target |")
    print(header)
    print("|" + "|".join("-" * (len(c)) if i == 0 else "-" * (len(c) - 1) + ":"
                         for i, c in enumerate(header.split("|")[1:-1])) + "|")
    results_ok = True
    page_times = {}

    def show(label, client, headers, urls):
        nonlocal results_ok
        times, queries, statuses = measure(client, urls, headers, args.repeat)
        page_times[label] = times
        p95 = percentile(times, 95)
        other = small.get(label)
        same = other is None or other == sorted(queries)
        ok = p95 <= TARGET_MS and len(queries) == 1 and statuses == {200} and same
        results_ok &= ok
        q = "/".join(str(n) for n in sorted(queries))
        qo = "/".join(str(n) for n in other) if other else "—"
        print(f"| {label:<42} | {percentile(times, 50):>7.1f} | {p95:>7.1f} | {q:>7} | {qo:>7} | "
              f"{','.join(map(str, sorted(statuses))):>6} | {'ok' if ok else 'MISSED':>6} |")

    for label, client, headers, urls in rows:
        show(label, client, headers, urls)

    # The dashboard against its own SQL, run directly on a cursor.
    statements = dashboard_sql(coordinator, today)
    sql_times = time_sql(statements, args.repeat)
    page = page_times[rows[0][0]]
    ratio = percentile(page, 50) / max(percentile(sql_times, 50), 0.001)
    ratio_ok = ratio <= 3
    results_ok &= ratio_ok
    print()
    print(f"dashboard: page p50 {percentile(page, 50):.1f} ms / p95 {percentile(page, 95):.1f} ms; "
          f"its {len(statements)} selector queries run directly p50 "
          f"{percentile(sql_times, 50):.1f} ms / p95 {percentile(sql_times, 95):.1f} ms; "
          f"page/SQL (p50) {ratio:.1f}× (target ≤ 3×: {'ok' if ratio_ok else 'MISSED'})")

    result = throughput("/api/v1/acuerdos/?page_size=100", tokens["load.admin"], args.seconds,
                        args.concurrency)
    if result is None:
        print("gunicorn did not start: throughput skipped")
    else:
        print()
        print(f"throughput, gunicorn 2 workers, {args.concurrency} loopback clients, "
              f"{args.seconds:.0f}s, GET /api/v1/acuerdos/?page_size=100 (staff): "
              f"{result['rps']:.1f} req/s ({result['n']} ok, {result['errors']} errors), "
              f"client-side p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms")

    if args.explain:
        from api.filters import AcuerdoFilter

        for label, user, query in [
            ("staff ?status=overdue", admin, {"status": "overdue"}),
            ("enlace, no filter", enlace, {}),
            ("enlace ?overdue=true", enlace, {"overdue": "true"}),
        ]:
            qs = AcuerdoFilter(query, queryset=selectors.acuerdo_list(user, today=today)).qs
            qs = qs.order_by("id")[:101]
            print(f"\nEXPLAIN ANALYZE — {label}\n" + explain(qs.query.sql_with_params()))
        for sql in statements:
            print("\nEXPLAIN ANALYZE — dashboard\n" + explain((sql, None)))
    print()
    print("all targets met" if results_ok else "some targets MISSED (see table)")


if __name__ == "__main__":
    main()
