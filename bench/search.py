#!/usr/bin/env python3
"""Search at national scale (issue 16): p50/p95 server time and query count of /buscar/ for staff
and an enlace — a common word, a rare word, a phrase, an acuerdo number — and the size of the
index (the SearchEntry table and its GIN index).

    DATABASE_URL=postgres://… .venv/bin/python bench/search.py [--scale 1] [--repeat 40]

Needs PostgreSQL. Generates the load data when missing (manage.py generate_load_data), adds a few
acuerdos with a rare word, and builds the search index when it is empty. Target: p95 ≤ 150 ms."""

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
RARE = "quetzalcóatl"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=40)
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
    rows = []
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        for label, q in queries:
            url = "/buscar/"
            for _ in range(3):  # warm-up
                client.get(url, {"q": q})
            times = []
            with CaptureQueriesContext(connection) as captured:
                client.get(url, {"q": q})
            count = len(captured)
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get(url, {"q": q})
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            total = search(user, q=q, today=timezone.localdate()).total
            rows.append((f"{label} ({q})", who, statistics.median(times),
                         percentile(times, 95), count, total))

    print(f"\nSearch at scale {args.scale:g} — {machine()}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"index: {entries:,} entries; table with indexes {table_bytes / 2**20:.1f} MiB, "
          f"GIN index {gin_bytes / 2**20:.1f} MiB\n")
    print(f"| query | user | p50 ms | p95 ms | queries | results | p95 ≤ {TARGET_MS} ms |")
    print("|---|---|---|---|---|---|---|")
    for label, who, p50, p95, count, total in rows:
        print(f"| {label} | {who} | {p50:.1f} | {p95:.1f} | {count} | {total:,} | "
              f"{'yes' if p95 <= TARGET_MS else 'NO'} |")


if __name__ == "__main__":
    main()
