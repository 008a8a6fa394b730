"""The Informe at national scale (issue 12): a body with 20 groups over 5 years in the load data
(api/loadgen.py + api/loadgen_informe.py), p50/p95 server time and query count of the page, the
API and the XLSX export, for the whole family and for one group.

    DATABASE_URL=postgres://… .venv/bin/python bench/informe_scale.py [--scale 1] [--repeat 40]

BENCH_QUICK=1 takes 10 requests per row instead of 40. Targets: p95 ≤ 150 ms; the same number of
queries for one group and for the family of 21 over the same period."""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")

from api_scale import TARGET_MS, machine, percentile  # noqa: E402


def measure(client, url, headers, repeat):
    """Server time (wall), the Python CPU time of the request and the time spent waiting for its
    queries, per request: on a shared machine the wall time swings with the load, the CPU and
    query columns say how much work the request itself does."""
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wall, cpu, sql, queries, statuses = [], [], [], set(), set()
    for _ in range(2):  # warm-up
        client.get(url, **headers)
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url, **headers)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        statuses.add(response.status_code)
        queries.add(len(captured))
    return wall, cpu, sql, queries, statuses


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=10 if os.environ.get("BENCH_QUICK") else 40,
                        help="requests per row")
    args = parser.parse_args()

    import django

    django.setup()
    import time

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from api.loadgen import PREFIX
    from api.tokens import token_issue
    from directory.models import Institution
    from meetings.models import Session, Theme, WorkingGroup

    if connection.vendor != "postgresql":
        sys.exit("bench/informe_scale.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    settings.ALLOWED_HOSTS = ["*"]
    if not Institution.objects.filter(acronym__startswith=f"{PREFIX}-").exists():
        print(f"generating load data at scale {args.scale} …", flush=True)
        started = time.monotonic()
        call_command("generate_load_data", scale=args.scale, stdout=sys.stderr)
        print(f"generated in {time.monotonic() - started:.0f}s", file=sys.stderr)
    body = WorkingGroup.objects.filter(acronym__startswith=f"{PREFIX}-", subgroups__isnull=False) \
        .distinct().order_by("acronym").first()
    if body is None:
        sys.exit("the load data predates the Informe family: recreate the bench database")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="load.gabinete")
    token = {"HTTP_AUTHORIZATION": f"Token {token_issue(user=user, name='bench')[1]}"}
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    api = Client(HTTP_HOST="127.0.0.1")
    one = body.subgroups.order_by("acronym").first()
    theme = Theme.objects.filter(owner=body).order_by("pk").first()
    family = f"groups={body.pk}&family=on"
    five_years = "preset=custom&start=2000-01-01&end=2100-12-31"
    sizes = {
        "family groups": 1 + body.subgroups.count(),
        "family sessions": Session.objects.filter(group__in=[body, *body.subgroups.all()]).count(),
    }
    import tracker.wsgi  # noqa: F401 — the server's start-up, including its gc.freeze()

    rows = [
        ("Informe page, family of 21, 5 years", client, {}, f"/informe/?{family}&{five_years}"),
        ("Informe page, family, informe period", client, {}, f"/informe/?{family}&preset=informe"),
        ("Informe page, family, one theme", client, {},
         f"/informe/?{family}&{five_years}&themes={theme.pk}"),
        ("Informe page, one group, 5 years", client, {},
         f"/informe/?groups={one.pk}&{five_years}"),
        ("API /api/v1/informe/, family, 5 years", api, token,
         f"/api/v1/informe/?groups={body.pk}&family=true&{five_years}"),
        ("XLSX export, family, 5 years", client, {}, f"/informe/exportar.xlsx?{family}&{five_years}"),
        ("chart per month (SVG), family", client, {},
         f"/informe/graficas/meses.svg?{family}&{five_years}"),
    ]
    print("p50/p95: server time of the request; CPU ms: its Python CPU time (p50); SQL ms: the "
          "time its queries took, as the client saw it (p50)")
    print(f"machine: {machine()}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.repeat} requests per row")
    print(f"scale {args.scale}: " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))
    print(f"| {'request':<40} | {'p50 ms':>7} | {'p95 ms':>7} | {'CPU ms':>7} | {'SQL ms':>7} "
          f"| {'queries':>7} | target |")
    print(f"|{'-' * 42}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|--------|")
    counts = set()
    for label, c, headers, url in rows:
        times, cpu, sql, queries, statuses = measure(c, url, headers, args.repeat)
        p95 = percentile(times, 95)
        ok = p95 <= TARGET_MS and statuses == {200}
        if label in ("Informe page, family of 21, 5 years", "Informe page, one group, 5 years"):
            counts |= queries
        print(f"| {label:<40} | {percentile(times, 50):>7.1f} | {p95:>7.1f} | "
              f"{percentile(cpu, 50):>7.1f} | {percentile(sql, 50):>7.1f} | "
              f"{'/'.join(map(str, sorted(queries))):>7} | {'ok' if ok else 'MISS':<6} |",
              flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"Informe page query counts (family of 21 and one group, 5 years): {sorted(counts)}"
          f" — {'constant' if len(counts) == 1 else 'NOT constant'}")


if __name__ == "__main__":
    main()
