#!/usr/bin/env python3
"""API at national scale: p50/p95 server time and query count of the acuerdo list (page size 100,
with and without filters), the acuerdo detail, a group page; throughput of the list under gunicorn
with 2 workers (a loopback load generator bounded in time).

    DATABASE_URL=postgres://… .venv/bin/python bench/api_scale.py [--scale 1] [--explain]

Needs PostgreSQL. When the database holds no load data yet, it first runs
`manage.py generate_load_data --scale N`. Targets: p95 ≤ 150 ms, query count independent of size."""

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
    return f"{os.cpu_count()} CPUs (nproc), {model}, Python {platform.python_version()}"


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
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_COOKIES": "0"}
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=60, help="requests per row")
    parser.add_argument("--seconds", type=float, default=10, help="throughput run length")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the lists")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from agreements.models import Acuerdo
    from api import selectors
    from api.loadgen import PREFIX
    from directory.models import Institution
    from meetings import access

    if connection.vendor != "postgresql":
        sys.exit("bench/api_scale.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    settings.ALLOWED_HOSTS = ["*"]
    if not Institution.objects.filter(acronym__startswith=f"{PREFIX}-").exists():
        print(f"generating load data at scale {args.scale} …", flush=True)
        started = time.monotonic()
        call_command("generate_load_data", scale=args.scale)
        print(f"generated in {time.monotonic() - started:.0f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    from django.contrib.auth import get_user_model

    User = get_user_model()
    admin = User.objects.get(username="load.admin")
    enlace = User.objects.get(username="load.enlace")
    tokens = {u.username: Token.objects.get_or_create(user=u)[0].key for u in (admin, enlace)}
    institution = access.enlace_institution(enlace)
    today = timezone.localdate()
    counts = {
        "acuerdos": Acuerdo.objects.count(),
        "enlace acuerdos": access.acuerdos_visible_to(enlace).count(),
    }
    rng = random.Random(1)
    admin_ids = list(Acuerdo.objects.values_list("id", flat=True).order_by("?")[:200])
    enlace_ids = list(access.acuerdos_visible_to(enlace).values_list("id", flat=True)
                      .order_by("?")[:200])
    rng.shuffle(admin_ids)
    group = access.groups_visible_to(admin).filter(acronym__startswith=f"{PREFIX}-").first()
    session = group.sessions.filter(acuerdos__isnull=False).first()

    import tracker.wsgi  # noqa: F401 — the server's start-up, including its gc.freeze()

    client = Client(HTTP_HOST="127.0.0.1")
    auth = {u: {"HTTP_AUTHORIZATION": f"Token {k}"} for u, k in tokens.items()}
    rows = [
        ("acuerdo list, staff, no filter", "load.admin", ["/api/v1/acuerdos/?page_size=100"]),
        ("acuerdo list, staff, ?status=overdue", "load.admin",
         ["/api/v1/acuerdos/?page_size=100&status=overdue"]),
        ("acuerdo list, staff, ?group&due range", "load.admin",
         [f"/api/v1/acuerdos/?page_size=100&group={group.pk}&due_after=2023-01-01"
          f"&due_before={today}"]),
        ("acuerdo list, staff, ?ordering=-due", "load.admin",
         ["/api/v1/acuerdos/?page_size=100&ordering=-due"]),
        ("acuerdo list, enlace, no filter", "load.enlace", ["/api/v1/acuerdos/?page_size=100"]),
        ("acuerdo list, enlace, ?overdue=true", "load.enlace",
         [f"/api/v1/acuerdos/?page_size=100&overdue=true"]),
        ("acuerdo list, staff, ?institution&overdue", "load.admin",
         [f"/api/v1/acuerdos/?page_size=100&institution={institution.pk}&overdue=true"]),
        ("acuerdo detail, staff", "load.admin", [f"/api/v1/acuerdos/{i}/" for i in admin_ids]),
        ("acuerdo detail, enlace", "load.enlace", [f"/api/v1/acuerdos/{i}/" for i in enlace_ids]),
        ("acuerdo figures, enlace", "load.enlace", ["/api/v1/acuerdos/figures/"]),
        ("group API detail", "load.admin", [f"/api/v1/groups/{group.pk}/"]),
        ("session API detail", "load.admin", [f"/api/v1/sessions/{session.pk}/"]),
    ]
    group_page = None
    for name in ("meetings:group_detail", "meetings:group", "group_detail", "group"):
        try:
            group_page = reverse(name, args=[group.pk])
            break
        except NoReverseMatch:
            continue

    print(f"machine: {machine()}")
    print(f"data: scale {args.scale}, {counts['acuerdos']:,} acuerdos; load.enlace sees "
          f"{counts['enlace acuerdos']:,} ({institution.acronym}); {args.repeat} requests per row")
    print()
    header = f"{'request':<44} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  status  target"
    print(header)
    print("-" * len(header))
    results_ok = True

    def show(label, user, urls):
        nonlocal results_ok
        times, queries, statuses = measure(client, urls, auth.get(user, {}), args.repeat)
        p95 = percentile(times, 95)
        ok = p95 <= TARGET_MS and len(queries) == 1 and statuses == {200}
        results_ok &= ok
        q = "/".join(str(n) for n in sorted(queries))
        print(f"{label:<44} {percentile(times, 50):>8.1f} {p95:>8.1f} {q:>8}  "
              f"{','.join(map(str, sorted(statuses))):>6}  {'ok' if ok else 'MISSED'}")

    for label, user, urls in rows:
        show(label, user, urls)
    if group_page:
        client.force_login(admin)
        show("group page (web)", None, [group_page])
        client.logout()
    else:
        print(f"{'group page (web)':<44} {'—':>8} {'—':>8} {'—':>8}  skipped: no URL yet")

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
        for label, user, query in [
            ("staff ?status=overdue", admin, {"status": "overdue"}),
            ("enlace, no filter", enlace, {}),
            ("enlace ?overdue=true", enlace, {"overdue": "true"}),
        ]:
            from api.filters import AcuerdoFilter

            qs = AcuerdoFilter(query, queryset=selectors.acuerdo_list(user, today=today)).qs
            qs = qs.order_by("id")[:101]
            print(f"\nEXPLAIN ANALYZE — {label}\n" + explain(qs.query.sql_with_params()))
    print()
    print("all targets met" if results_ok else "some targets MISSED (see table)")


if __name__ == "__main__":
    main()
