#!/usr/bin/env python3
"""Search and the public site at national scale (issue 16): p50/p95 server time and query count of
/buscar/ for staff and an enlace — a common word, a rare word, a phrase, an acuerdo number — with
the size of the index (the SearchEntry table and its GIN index); and of the public pages
(/publico/: home, a group, its acuerdos, a session's versión pública, the open-data CSV, the feed)
for a visitor without an account, on one publishing group of the load data.

    DATABASE_URL=postgres://… .venv/bin/python bench/search.py [--scale 1] [--repeat 40]

Needs PostgreSQL. Generates the load data when missing (manage.py generate_load_data), adds a few
acuerdos with a rare word, builds the search index when it is incomplete, and approves the minutas
of one load group that then publishes. Targets: search p95 ≤ 150 ms, public pages p95 ≤ 100 ms.
BENCH_QUICK=1 takes 10 requests per row instead of 40."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("LOG_LEVEL", "ERROR")

from api_scale import machine, percentile  # noqa: E402

TARGET_MS = 150
PUBLIC_TARGET_MS = 100
RARE = "quetzalcóatl"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=10 if os.environ.get("BENCH_QUICK") else 40)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from agreements.models import Acuerdo
    from api.loadgen import PREFIX
    from directory.models import Institution
    from search.index import entry_update, rebuild
    from search.models import SearchEntry
    from search.selectors import search
    from django.utils import timezone

    if connection.vendor != "postgresql":
        sys.exit("bench/search.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    settings.ALLOWED_HOSTS = ["*"]
    if not Institution.objects.filter(acronym__startswith=f"{PREFIX}-").exists():
        print(f"generating load data at scale {args.scale} …", flush=True)
        call_command("generate_load_data", scale=args.scale, stdout=sys.stderr)
    if SearchEntry.objects.filter(kind=SearchEntry.Kind.ACUERDO).count() < \
            Acuerdo.objects.count():
        started = time.monotonic()
        total = rebuild()
        print(f"search index built: {total:,} entries in {time.monotonic() - started:.0f}s",
              flush=True)
    # A handful of acuerdos with a rare word, as a real group would have.
    for acuerdo in Acuerdo.objects.adopted().order_by("pk")[:5]:
        if RARE not in acuerdo.text:
            Acuerdo.objects.filter(pk=acuerdo.pk).update(
                text=acuerdo.text + f" Coordinarán el operativo {RARE}.")
            acuerdo.refresh_from_db()
            entry_update(SearchEntry.Kind.ACUERDO, acuerdo)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_searchentry")
        cursor.execute("SELECT pg_total_relation_size('search_searchentry'), "
                       "pg_relation_size('search_entry_vector_gin')")
        table_bytes, gin_bytes = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM search_searchentry")
        entries = cursor.fetchone()[0]

    from django.contrib.auth import get_user_model

    users = {name: get_user_model().objects.get(username=name)
             for name in ("load.admin", "load.enlace")}
    queries = [("common word", "seguimiento"), ("rare word", RARE.replace("ó", "o")),
               ("phrase", '"darán seguimiento al acuerdo"'), ("acuerdo number", "1/SO-3")]
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    rows = []
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        for label, q in queries:
            url = "/buscar/"
            for _ in range(3):  # warm-up
                client.get(url, {"q": q})
            times, cpu, sql = [], [], []
            with CaptureQueriesContext(connection) as captured:
                client.get(url, {"q": q})
            count = len(captured)
            for _ in range(args.repeat):
                wall, cpu_ms, sql_ms, response = timed(client, url, {"q": q})
                times.append(wall)
                cpu.append(cpu_ms)
                sql.append(sql_ms)
                assert response.status_code == 200
            total = search(user, q=q, today=timezone.localdate()).total
            rows.append((f"{label} ({q})", who, statistics.median(times),
                         percentile(times, 95), statistics.median(cpu), statistics.median(sql),
                         count, total))

    public = public_rows(args.repeat)
    print(f"\nSearch at scale {args.scale:g} — {machine()}; load average {load_before} before, "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} after; {args.repeat} requests per row")
    print(f"index: {entries:,} entries; table with indexes {table_bytes / 2**20:.1f} MiB, "
          f"GIN index {gin_bytes / 2**20:.1f} MiB\n")
    print("p50/p95: server time; CPU ms: the request's Python CPU time (p50); SQL ms: the time "
          "its queries took as the client saw it (p50)\n")
    print(f"| query | user | p50 ms | p95 ms | CPU ms | SQL ms | queries | results "
          f"| p95 ≤ {TARGET_MS} ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, who, p50, p95, cpu, sql, count, total in rows:
        print(f"| {label} | {who} | {p50:.1f} | {p95:.1f} | {cpu:.1f} | {sql:.1f} | {count} "
              f"| {total:,} | {'yes' if p95 <= TARGET_MS else 'NO'} |")


    print(f"\n| public page | p50 ms | p95 ms | CPU ms | SQL ms | queries | bytes "
          f"| p95 ≤ {PUBLIC_TARGET_MS} ms |")
    print("|---|---|---|---|---|---|---|---|")
    for label, p50, p95, cpu, sql, count, size in public:
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {cpu:.1f} | {sql:.1f} | {count} | {size:,} "
              f"| {'yes' if p95 <= PUBLIC_TARGET_MS else 'NO'} |")


def public_rows(repeat):
    """One load group publishes, with its held sessions' minutas approved."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from directory.models import Person
    from meetings.models import Session, WorkingGroup
    from publication.models import GroupPublication

    group = WorkingGroup.objects.filter(acronym__startswith="LOAD").order_by("pk").first()
    signer = Person.objects.filter(institution__memberships__group=group).first()
    Session.objects.filter(group=group, status=Session.Status.HELD).exclude(
        minuta_status=Session.MinutaStatus.APPROVED).update(
        minuta_status=Session.MinutaStatus.APPROVED, approved_by=signer,
        approved_at=timezone.now())
    GroupPublication.objects.update_or_create(group=group, defaults={"publishes": True})
    session = Session.objects.filter(group=group, status=Session.Status.HELD).order_by(
        "-date").first()
    pages = [("home /publico/", "/publico/"),
             ("a group", f"/publico/grupos/{group.acronym}/"),
             ("its acuerdos", f"/publico/acuerdos/?grupo={group.acronym}"),
             ("a versión pública", f"/publico/sesiones/{session.pk}/"),
             ("open data acuerdos.csv", "/publico/datos/acuerdos.csv"),
             ("Atom feed", "/publico/minutas.atom")]
    rows = []
    client = Client()
    for label, url in pages:
        for _ in range(3):
            client.get(url)
        times, cpu, sql, count = [], [], [], set()
        for _ in range(repeat):
            wall, cpu_ms, sql_ms, response = timed(client, url)
            assert response.status_code == 200, (url, response.status_code)
            times.append(wall)
            cpu.append(cpu_ms)
            sql.append(sql_ms)
            count.add(response.queries)
        rows.append((label, statistics.median(times), percentile(times, 95),
                     statistics.median(cpu), statistics.median(sql),
                     "/".join(map(str, sorted(count))), len(response.content)))
    return rows


def timed(client, url, data=None):
    """(server ms, Python CPU ms, ms waiting for queries, response with .queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url, data)
        wall = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - cpu_started) * 1000
    response.queries = len(captured)
    return wall, cpu, sum(float(q["time"]) for q in captured.captured_queries) * 1000, response


if __name__ == "__main__":
    main()
