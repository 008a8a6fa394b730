"""Pages against their own SQL (issue #17, "pages ≤ 2× their own SQL"), in-process.

    DATABASE_URL=postgres://…/<db with generate_load_data> DJANGO_DEBUG=1 \
        .venv/bin/python scripts/page_timings.py [--rounds 15] [--html DIR] [--profile NAME]

For each page (Django test client, logged-in load user), the SQL statements of one request are
captured; then N rounds alternate the real request with a replay of those statements on a cursor
(fetching every row): median ms of each, their ratio, the query count. --html DIR writes each
page's HTML (CSRF tokens and CSP nonces masked) to compare before/after a change; --profile NAME
prints the cProfile top functions of that page and how many number_format/localize calls it makes.
Not part of `make bench` (bench/*.py): a measuring aid for one change.
"""

import argparse
import cProfile
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from meetings.models import WorkingGroup  # noqa: E402


def machine() -> str:
    cpu = platform.processor()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{nproc} CPU ({cpu}), Python {platform.python_version()}; load average {load}"


def pages():
    first = WorkingGroup.objects.filter(acronym__startswith="LOAD").order_by("pk").first()
    return [
        ("group page (secretariat)", "load.secretaria", f"/groups/{first.pk}/"),
        ("group page, filtered", "load.secretaria", f"/groups/{first.pk}/?status=pending"),
        ("Mis acuerdos (enlace)", "load.enlace", "/acuerdos/"),
        ("acuerdos (coordinator, 10 groups)", "load.coordinador", "/acuerdos/"),
        ("acuerdos (staff)", "load.admin", "/acuerdos/"),
        ("dashboard (coordinator, 10 groups)", "load.coordinador", "/coordinacion/"),
        ("dashboard (staff)", "load.admin", "/coordinacion/"),
    ]


def client_for(username) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    return client


def masked(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="…"', html)
    return re.sub(r'nonce="[^"]+"', 'nonce="…"', html)


def plain(statements) -> list[str]:
    """The statements as one cursor runs them: a server-side cursor (DECLARE … FOR q) is its
    query q, read at once; its FETCH and CLOSE go."""
    out = []
    for sql in statements:
        m = re.match(r'DECLARE "[^"]+" NO SCROLL CURSOR (?:WITH(?:OUT)? HOLD )?FOR (.*)$', sql, re.S)
        if m:
            out.append(m.group(1))
        elif not re.match(r"(FETCH|CLOSE)\b", sql):
            out.append(sql)
    return out


def replay(statements) -> float:
    with connection.cursor() as cursor:
        t = time.perf_counter()
        for sql in statements:
            cursor.execute(sql)
            if cursor.description:
                cursor.fetchall()
        return (time.perf_counter() - t) * 1000


def request(client, url) -> float:
    t = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - t) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def profile(name):
    for label, user, url in pages():
        if label != name:
            continue
        client = client_for(user)
        client.get(url)
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(3):
            client.get(url)
        prof.disable()
        stats = pstats.Stats(prof)
        for func, (cc, nc, tt, ct, callers) in stats.stats.items():
            if func[2] in ("number_format", "localize", "render_value_in_context"):
                print(f"{func[2]}: {nc / 3:.0f} calls per request")
        stats.sort_stats("cumulative").print_stats(45)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--html")
    parser.add_argument("--profile")
    parser.add_argument("--only", help="only pages whose label contains this")
    args = parser.parse_args()
    if args.profile:
        return profile(args.profile)
    print(f"machine: {machine()}", flush=True)
    rows = []
    for label, user, url in pages():
        if args.only and args.only not in label:
            continue
        client = client_for(user)
        client.get(url)  # warm-up (templates, caches)
        with CaptureQueriesContext(connection) as q:
            response = client.get(url)
        statements = plain([x["sql"] for x in q.captured_queries])
        if args.html:
            Path(args.html).mkdir(parents=True, exist_ok=True)
            name = re.sub(r"\W+", "_", label).strip("_") + ".html"
            Path(args.html, name).write_text(masked(response.content.decode()))
        page, sql = [], []
        for _ in range(args.rounds):
            page.append(request(client, url))
            sql.append(replay(statements))
        p, s = statistics.median(page), statistics.median(sql)
        rows.append((label, len(q.captured_queries), p, s, p / s, len(response.content)))
        print(f"  {label}: {p:.1f} ms, SQL {s:.1f} ms, {p / s:.1f}×, {len(q.captured_queries)} queries",
              flush=True)
    print(f"machine (after): {machine()}")
    print()
    print(f"| page | queries | page ms (median of {args.rounds}) | its SQL ms | page / SQL | HTML bytes |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, n, p, s, ratio, size in rows:
        print(f"| {label} | {n} | {p:.1f} | {s:.1f} | {ratio:.1f}× | {size:,} |")


if __name__ == "__main__":
    main()
