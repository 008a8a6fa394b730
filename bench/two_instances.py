#!/usr/bin/env python3
"""Several web machines (issue 17): two gunicorn instances of tracker.wsgi (production settings,
deploy/gunicorn.conf.py, 2 workers each) on different ports against one PostgreSQL and one Redis.
Requests alternate between them: the acuerdo list, and a report-then-validate cycle where the
enlace reports a part fulfilled on one instance, staff finds the report in the pending queue and
validates it on the other, and the first instance shows the part fulfilled. Nothing a request
needs may live in one process (caches, files, timers): any answer that depends on which instance
served it fails the run.

    DATABASE_URL=postgres://… [REDIS_URL=redis://…] .venv/bin/python bench/two_instances.py

Needs the load data of bench/api_scale.py; each run validates a few of load.enlace's parts
(BENCH_QUICK=1: 2 cycles, else 4)."""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")

from api_throughput import get, start_gunicorn, stop  # noqa: E402
from baseline import load_average, machine  # noqa: E402


def request(port, method, path, token, body=None, *, multipart=False):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Token {token}", "Accept-Language": "es-mx"}
    data = None
    if body is not None and multipart:
        boundary = "bench-two-instances"
        data = "".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n"
                       f"{v}\r\n" for k, v in body.items()) + f"--{boundary}--\r\n"
        data = data.encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    elif body is not None:
        data = json.dumps(body)
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    return response.status, json.loads(payload) if payload else None


def main():
    cycles = 2 if os.environ.get("BENCH_QUICK") else 4
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from agreements.models import Acuerdo, Responsibility
    from api.loadgen import PREFIX
    from api.tokens import token_issue
    from directory.models import Institution
    from tracker import access

    if connection.vendor != "postgresql":
        sys.exit("bench/two_instances.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    if not Institution.objects.filter(acronym__startswith=f"{PREFIX}-").exists():
        sys.exit("no load data: run bench/api_scale.py (or manage.py generate_load_data) first")
    User = get_user_model()
    enlace, admin = (User.objects.get(username=f"load.{n}") for n in ("enlace", "admin"))
    tokens = {"enlace": token_issue(user=enlace, name="bench")[1],
              "staff": token_issue(user=admin, name="bench")[1]}
    institution = access.enlace_institution(enlace)
    parts = list(
        Responsibility.objects.reportable().filter(
            institution=institution, role=Responsibility.Role.RESPONSABLE,
            status=Responsibility.Status.PENDING, acuerdo__cancelled_at__isnull=True,
            acuerdo__kind=Acuerdo.Kind.COMMITMENT,
        ).order_by("-id").values_list("id", flat=True)[:cycles]
    )
    if len(parts) < cycles:
        sys.exit("not enough pending parts of load.enlace left: regenerate the load data")
    connection.close()

    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "bench-only-secret-" + "x" * 40,
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "0",
           "DJANGO_SECURE_COOKIES": "0"}
    servers = []
    try:
        for _ in range(2):
            servers.append(start_gunicorn("tracker.wsgi:application", env))
        ports = [port for _server, port in servers]
        print(f"machine: {machine()}; load average {load_average()}")
        print(f"two instances of tracker.wsgi (ports {ports[0]} and {ports[1]}), one PostgreSQL, "
              f"Redis {'at ' + os.environ['REDIS_URL'] if os.environ.get('REDIS_URL') else 'unset (Celery eager)'}")
        print()
        print("| cycle | report on | validate on | check on | list A = list B | report → validated → part fulfilled | ms |")
        print("|------:|----------:|------------:|---------:|:---------------:|:-----------------------------------:|---:|")
        ok_all = True
        for port in ports:  # warm both: first requests import and plan
            for _ in range(3):
                get(port, "/api/v1/acuerdos/?page_size=25",
                    {"Authorization": f"Token {tokens['enlace']}"})
        for n, part_id in enumerate(parts):
            a, b = (ports[0], ports[1]) if n % 2 == 0 else (ports[1], ports[0])
            started = time.perf_counter()
            # The same page from both (the `next` link names the host it was asked of).
            lists = [json.loads(get(port, "/api/v1/acuerdos/?page_size=25",
                                    {"Authorization": f"Token {tokens['enlace']}"})[2])
                     for port in (a, b)]
            same_list = lists[0]["results"] == lists[1]["results"] and len(lists[0]["results"]) == 25
            status, report = request(a, "POST", f"/api/v1/responsibilities/{part_id}/reports/",
                                     tokens["enlace"],
                                     {"status": "reported", "comment": f"Cumplido (ciclo {n})"},
                                     multipart=True)
            steps = [status == 201]
            if status == 201:
                status, queue = request(
                    b, "GET", f"/api/v1/reports/?status=pending&responsibility={part_id}",
                    tokens["staff"])
                steps.append(status == 200 and [r["id"] for r in queue["results"]] == [report["id"]])
                status, validated = request(b, "POST", f"/api/v1/reports/{report['id']}/validate/",
                                            tokens["staff"], {"note": "Validado"})
                steps.append(status == 200 and validated["status"] == "validated")
                status, part = request(a, "GET", f"/api/v1/responsibilities/{part_id}/",
                                       tokens["enlace"])
                steps.append(status == 200 and part["status"] == "fulfilled")
            ok = same_list and all(steps) and len(steps) == 4
            ok_all &= ok
            ms = (time.perf_counter() - started) * 1000
            print(f"| {n + 1:>5} | {a:>9} | {b:>11} | {a:>8} | {'yes' if same_list else 'NO':^15} | "
                  f"{' → '.join('ok' if s else 'FAILED' for s in steps):^35} | {ms:.0f} |",
                  flush=True)
        print()
        print("both instances agree on every step" if ok_all
              else "some steps FAILED: an answer depended on the instance")
    finally:
        for server, _port in servers:
            stop(server)


if __name__ == "__main__":
    main()
