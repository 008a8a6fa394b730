#!/usr/bin/env python3
"""Throughput of the acuerdo list API under gunicorn (issue 17), against a plain-WSGI baseline
served by the same gunicorn setup in the same run: deploy/gunicorn.conf.py with 2 sync workers,
production settings for the real app (tracker.wsgi), bench/support/plain_wsgi.py for the baseline, which
runs the very SELECTs of each request (captured from the real application) on psycopg and returns
the rows serialised with orjson. The loopback load generator is wrk (scripts/install-system-
packages.sh; a Python client when wrk is missing), bounded in time, alternating real and baseline
per case and round; beside each row, the CPU its workers spent per request (real and baseline:
what the application's Python costs, apart from PostgreSQL and the load generator, which share the
machine). Then the floor under any view (bench/support/floor_urls.py, the same gunicorn setup
and settings): a DRF view with the API's token authentication returning a constant body, and a
plain Django view, alternating with the baseline of staff's page of 25. Then the real workers'
memory over 2,000 list requests after a warm-up.

    DATABASE_URL=postgres://… .venv/bin/python bench/api_throughput.py [--seconds 5] [--rounds 2]

BENCH_QUICK=1: 3 s per run, one round, 600 requests for the memory check. Needs the load data of
bench/api_scale.py. Targets: real ≥ 0.6× the baseline's req/s for every case; worker memory does
not grow after warm-up (≤ 2 MiB per worker between 1,000 and 2,000 requests)."""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")

from baseline import captured_reads, load_average, machine, print_header  # noqa: E402

TARGET = 0.6
MEMORY_GROWTH_MIB = 2.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(app: str, env: dict, extra=()) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2",
           "GUNICORN_ACCESSLOG": "/dev/null", "GUNICORN_LOGLEVEL": "warning",
           # No recycling during the run: the memory check must see the same workers throughout.
           "GUNICORN_MAX_REQUESTS": "0"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"),
         *extra, app], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn {app} exited: {server.stderr.read().decode()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"gunicorn {app} did not start")


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


def get(port, path, headers, conn=None):
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    return conn, response.status, body


def wrk_run(port, path, headers, seconds, connections) -> dict:
    args = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", "10s",
            "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(args + [f"http://127.0.0.1:{port}{path}"], capture_output=True,
                         text=True, timeout=seconds + 30).stdout

    def ms(text):
        value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    n_err = (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)
    done = re.search(r"(\d+) requests in", out)
    return {"rps": rps, "p50": p50, "p99": p99, "errors": n_err,
            "requests": int(done.group(1)) if done else rps * seconds}


def python_run(port, path, headers, seconds, connections) -> dict:
    """The fallback load generator: `connections` keep-alive clients for `seconds`."""
    latencies, errors, lock = [], [0], threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        conn = None
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn, status, _ = get(port, path, headers, conn)
                ok = status == 200
            except (OSError, http.client.HTTPException):
                ok, conn = False, None
            with lock:
                if ok:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    pick = lambda p: latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else 0  # noqa: E731
    return {"rps": len(latencies) / (time.monotonic() - started), "p50": pick(50),
            "p99": pick(99), "errors": errors[0], "requests": len(latencies) + errors[0]}


def workers_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) the server's workers have used so far: per request, what the
    application costs beside what PostgreSQL and the load generator cost."""
    total = 0.0
    for pid in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def worker_rss_mib(master_pid: int) -> list[float]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sorted(sizes)


def send(port, requests, clients=2):
    """Exactly len(requests) GETs over `clients` keep-alive connections; returns the non-200s."""
    queue, bad, lock = list(requests), [0], threading.Lock()

    def client():
        conn = None
        while True:
            with lock:
                if not queue:
                    return
                path, headers = queue.pop()
            conn, status, _ = get(port, path, headers, conn)
            if status != 200:
                with lock:
                    bad[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return bad[0]


def timed_run(runner, args, server, port, path, headers) -> dict:
    """One load run, with the CPU the server's workers spent per request ("cpu_ms"). Workers live
    through the run (GUNICORN_MAX_REQUESTS=0): the same pids before and after."""
    before = workers_cpu_seconds(server.pid)
    run = runner(port, path, headers, args.seconds, args.connections)
    run["cpu_ms"] = (workers_cpu_seconds(server.pid) - before) * 1000 / max(run["requests"], 1)
    return run


def floor_table(runner, args, headers, floor, plain, base_path):
    """What a view costs before its own work, beside the baseline of staff's page of 25: at 0.6×
    the baseline's req/s, the list's own work has what the floor leaves."""
    (floor_server, floor_port), (plain_server, plain_port) = floor, plain
    cases = [("DRF view, token auth, constant body", floor_server, floor_port,
              "/api/v1/floor/drf/", headers),
             ("Django view, no DRF, no auth", floor_server, floor_port, "/api/v1/floor/django/",
              {}),
             ("baseline, staff page of 25", plain_server, plain_port, base_path, headers)]
    for _label, _server, port, path, case_headers in cases:
        for _ in range(4):
            _, status, body = get(port, path, case_headers)
            if status != 200:
                sys.exit(f"{port} {path}: {status} {body[:300]!r}")
    results = {label: [] for label, *_ in cases}
    for _ in range(args.rounds):
        for label, server, port, path, case_headers in cases:
            results[label].append(timed_run(runner, args, server, port, path, case_headers))
    base = statistics.median(r["rps"] for r in results[cases[-1][0]])
    print()
    header = (f"| {'floor (same gunicorn, settings)':<36} | {'req/s':>8} | {'/ base 25':>9} | "
              f"{'CPU ms':>6} | load 1m |")
    print_header(header)
    for label, *_ in cases:
        rps = statistics.median(r["rps"] for r in results[label])
        cpu = statistics.median(r["cpu_ms"] for r in results[label])
        print(f"| {label:<36} | {rps:>8.1f} | {rps / max(base, 0.001):>8.2f}× | {cpu:>6.2f} | "
              f"{os.getloadavg()[0]:>7.2f} |", flush=True)


def main():
    quick = bool(os.environ.get("BENCH_QUICK"))
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3 if quick else 5)
    parser.add_argument("--rounds", type=int, default=1 if quick else 2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--memory-requests", type=int, default=600 if quick else 2000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from psycopg.conninfo import make_conninfo

    from api.loadgen import PREFIX
    from api.tokens import token_issue
    from directory.models import Institution

    if connection.vendor != "postgresql":
        sys.exit("bench/api_throughput.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    if not Institution.objects.filter(acronym__startswith=f"{PREFIX}-").exists():
        sys.exit("no load data: run bench/api_scale.py (or manage.py generate_load_data) first")
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    from tracker.wsgi import application as app

    User = get_user_model()
    tokens = {name: token_issue(user=User.objects.get(username=f"load.{name}"), name="bench")[1]
              for name in ("admin", "enlace")}
    cases = [(who, size) for who in ("admin", "enlace") for size in (25, 100)]
    label = {"admin": "staff", "enlace": "enlace"}
    path_of = {size: f"/api/v1/acuerdos/?page_size={size}" for size in (25, 100)}
    statements = {}
    for who, size in cases:
        auth = f"Token {tokens[who]}"
        for _ in range(2):  # warm: the token's last_used_at is written once, not captured
            captured_reads(app, path_of[size], {"HTTP_AUTHORIZATION": auth})
        reads, _total = captured_reads(app, path_of[size], {"HTTP_AUTHORIZATION": auth})
        statements[f"{auth} {path_of[size]}"] = reads
    params = connection.get_connection_params()
    for name in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(name, None)
    spec = {"conninfo": make_conninfo(**params), "statements": statements}
    connection.close()

    spec_file = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump(spec, spec_file)
    spec_file.close()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    real_env = {**base_env, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "bench-only-secret-" + "x" * 40,
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "0",
                "DJANGO_SECURE_COOKIES": "0"}
    plain_env = {**base_env, "BENCH_PLAIN_SQL": spec_file.name}
    runner = wrk_run if shutil.which("wrk") else python_run
    servers = []
    try:
        real, real_port = start_gunicorn("tracker.wsgi:application", real_env)
        servers.append(real)
        plain, plain_port = start_gunicorn("plain_wsgi:application", plain_env,
                                           ["--pythonpath", str(ROOT / "bench" / "support")])
        servers.append(plain)
        floor, floor_port = start_gunicorn(
            "tracker.wsgi:application", {**real_env, "DJANGO_SETTINGS_MODULE": "floor_settings"},
            ["--pythonpath", str(ROOT / "bench" / "support")])
        servers.append(floor)
        # Both answer every case, and the real app gets its warm-up (connections, plans, caches).
        for who, size in cases:
            headers = {"Authorization": f"Token {tokens[who]}"}
            for port in (real_port, plain_port):
                for _ in range(4):
                    _, status, body = get(port, path_of[size], headers)
                    if status != 200:
                        sys.exit(f"{port} {path_of[size]}: {status} {body[:300]!r}")

        print(f"machine: {machine()}; load average {load_average()} (start)")
        print(f"gunicorn -c deploy/gunicorn.conf.py, 2 sync workers each, production settings; "
              f"load generator {'wrk' if runner is wrk_run else 'Python client'}, "
              f"{args.connections} connections, {args.seconds:g} s per run, {args.rounds} "
              "round(s), real and baseline alternating; req/s the median of rounds, p99 the "
              "worst round")
        print()
        header = (f"| {'GET /api/v1/acuerdos/':<28} | {'real req/s':>10} | {'base req/s':>10} | "
                  f"{'ratio':>6} | {'real p50':>8} | {'real p99':>8} | {'base p99':>8} | "
                  f"{'errors':>6} | {'CPU ms real':>11} | {'CPU ms base':>11} | target | "
                  "load 1m |")
        print_header(header)
        all_ok = True
        for who, size in cases:
            headers = {"Authorization": f"Token {tokens[who]}"}
            results = {"real": [], "base": []}
            for _ in range(args.rounds):
                for key, port, server in (("real", real_port, real), ("base", plain_port, plain)):
                    results[key].append(
                        timed_run(runner, args, server, port, path_of[size], headers))
            rps = {k: statistics.median(r["rps"] for r in v) for k, v in results.items()}
            p99 = {k: max(r["p99"] for r in v) for k, v in results.items()}
            p50 = statistics.median(r["p50"] for r in results["real"])
            cpu = {k: statistics.median(r["cpu_ms"] for r in v) for k, v in results.items()}
            errors = sum(r["errors"] for v in results.values() for r in v)
            ratio = rps["real"] / max(rps["base"], 0.001)
            ok = ratio >= TARGET and errors == 0
            all_ok &= ok
            print(f"| {f'page_size={size}, {label[who]}':<28} | {rps['real']:>10.1f} | "
                  f"{rps['base']:>10.1f} | {ratio:>5.2f}× | {p50:>8.1f} | {p99['real']:>8.1f} | "
                  f"{p99['base']:>8.1f} | {errors:>6} | {cpu['real']:>11.2f} | {cpu['base']:>11.2f} | "
                  f"{'ok' if ok else 'MISSED':>6} | "
                  f"{os.getloadavg()[0]:>7.2f} |", flush=True)

        floor_table(runner, args, {"Authorization": f"Token {tokens['admin']}"},
                    (floor, floor_port), (plain, plain_port), path_of[25])

        # Memory of the real workers: a warm-up, then list requests of every case.
        requests = [(path_of[size], {"Authorization": f"Token {tokens[who]}"})
                    for who, size in cases]
        n = args.memory_requests
        send(real_port, requests * 50)
        warm = worker_rss_mib(real.pid)
        bad = send(real_port, (requests * n)[: n // 2])
        half = worker_rss_mib(real.pid)
        bad += send(real_port, (requests * n)[: n - n // 2])
        end = worker_rss_mib(real.pid)
        growth = max(e - h for e, h in zip(end, half)) if len(end) == len(half) else float("inf")
        # A short run (BENCH_QUICK) measures its second half so soon after the warm-up that the
        # allowance grows with it; the full run's 2,000 requests get MEMORY_GROWTH_MIB.
        limit = MEMORY_GROWTH_MIB * max(1, 2000 // max(n, 1))
        mem_ok = growth <= limit and bad == 0
        all_ok &= mem_ok
        fmt = lambda sizes: " + ".join(f"{s:.1f}" for s in sizes)  # noqa: E731
        print()
        print(f"real workers' RSS (MiB): after a 200-request warm-up {fmt(warm)}; after "
              f"{n // 2:,} list requests {fmt(half)}; after {n:,} {fmt(end)}; growth in the second "
              f"half {growth:+.1f} MiB per worker (target ≤ {limit:g}: "
              f"{'ok' if mem_ok else 'MISSED'}); {bad} non-200")
        print(f"load average {load_average()} (end)")
        print("all throughput targets met" if all_ok else "some throughput targets MISSED")
    finally:
        for server in servers:
            stop(server)
        os.unlink(spec_file.name)


if __name__ == "__main__":
    main()
