"""Benchmark: one reminders sweep over a large data set on PostgreSQL.

    .venv/bin/python bench/reminders_sweep.py [--acuerdos 150000] [--messages 2000] [--keep]

First, a day's first sweep that sends --messages reminders (1,000 acuerdos due today, 2 parts
each, one enlace per institution), in batches (notifications.deliver.notifications_deliver_due:
one claim, one SMTP connection, one "sent" statement) and, alternating with it, per row (the
Celery task's path: claim, read, send, mark for each row; what the inline sweep did before),
to the in-memory mail backend and to an SMTP server on loopback (aiosmtpd, its own process).

Bulk-creates acuerdos (2 responsible institutions each, due dates spread over ±2 years, 30 %
fulfilled, 2 % cancelled) in DATABASE_URL (default: the acuerdos_rem database), then times a sweep
(planning + sending through the in-memory mail backend) at two table sizes, with its query count.
The sweep reads only the open parts due on the dates that can have a step today (an index range
each on resp_open_due_idx), so its time follows what is due, not the size of the table; the
candidate query's old shape (acuerdos of those dates joined to their parts) is timed next to it. Data is removed afterwards unless --keep.
"""

import argparse
import datetime as dt
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/acuerdos_rem")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from agreements.models import Acuerdo, Responsibility  # noqa: E402
from directory.models import Institution, Person  # noqa: E402
from meetings.models import Session, WorkingGroup  # noqa: E402
from notifications import services  # noqa: E402
from notifications.deliver import notification_deliver, notifications_deliver_due  # noqa: E402
from notifications.services import due_ids  # noqa: E402
from notifications.sweep import plan, sweep  # noqa: E402
from notifications.models import Notification  # noqa: E402
from notifications.rules import candidate_due_dates  # noqa: E402
from notifications.policy import all_policies  # noqa: E402

PREFIX = "BENCH"
TODAY = dt.date(2026, 11, 24)  # a Tuesday: no digest in the timed sweep


def machine() -> str:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{nproc} CPU ({cpu}), PostgreSQL {connection.pg_version // 10000}, "
            f"Python {platform.python_version()}; load average {load}")


def cleanup():
    groups = WorkingGroup.objects.filter(acronym__startswith=PREFIX)
    with connection.cursor() as c:
        Notification.objects.filter(group__in=groups).delete()
        acuerdo_ids = Acuerdo.objects.filter(group__in=groups).values("pk")
        Responsibility.objects.filter(acuerdo__in=acuerdo_ids).delete()
        from agreements.models import AcuerdoEvent

        AcuerdoEvent.objects.filter(acuerdo__in=acuerdo_ids).delete()
        Acuerdo.objects.filter(group__in=groups).delete()
        Session.objects.filter(group__in=groups).delete()
        groups.delete()
        Person.objects.filter(institution__acronym__startswith=PREFIX).delete()
        Institution.objects.filter(acronym__startswith=PREFIX).delete()
        c.execute("ANALYZE")


def build(n_acuerdos: int, rng: random.Random, start: int = 0):
    """Add n_acuerdos acuerdos (2 parts each) to the bench groups."""
    institutions = list(Institution.objects.filter(acronym__startswith=PREFIX))
    if not institutions:
        institutions = Institution.objects.bulk_create(
            [Institution(acronym=f"{PREFIX}{i:03d}", name=f"Institución {i}") for i in range(60)]
        )
        Person.objects.bulk_create([
            Person(name=f"Enlace {i.acronym}", institution=i, is_enlace=True,
                   email=f"{i.acronym.lower()}@bench.example") for i in institutions
        ])
    groups = list(WorkingGroup.objects.filter(acronym__startswith=PREFIX))
    if not groups:
        groups = WorkingGroup.objects.bulk_create(
            [WorkingGroup(acronym=f"{PREFIX}-{g}", name=f"Grupo {g}") for g in range(20)]
        )
    per_session = 10
    sessions = Session.objects.bulk_create([
        Session(group=groups[(start // per_session + s) % len(groups)],
                number=start // per_session + s + 1, title="Sesión", date=TODAY - dt.timedelta(days=800),
                start_time=dt.time(10))
        for s in range(n_acuerdos // per_session)
    ], batch_size=5000)
    acuerdos = []
    for k in range(n_acuerdos):
        s = sessions[k // per_session]
        due = TODAY + dt.timedelta(days=rng.randint(-730, 730))
        acuerdos.append(Acuerdo(
            group_id=s.group_id, session=s, sequence=k % per_session + 1,
            number=f"{s.number}/SO-{k % per_session + 1}", text="Acuerdo de prueba", due_date=due,
            cancelled_at=timezone.now() if rng.random() < 0.02 else None,
            has_responsable=True,  # two responsable parts each, below
        ))
    acuerdos = Acuerdo.objects.bulk_create(acuerdos, batch_size=5000)
    parts = []
    for a in acuerdos:
        for inst in rng.sample(institutions, 2):
            # like the reports ("301 acuerdos, 297 fulfilled"): most past parts are fulfilled
            fulfilled = 0.93 if a.due_date < TODAY else 0.1
            status = Responsibility.Status.FULFILLED if rng.random() < fulfilled else \
                Responsibility.Status.PENDING
            parts.append(Responsibility(acuerdo=a, institution=inst, status=status,
                                        due_date=a.due_date, acuerdo_group_id=a.group_id))
    Responsibility.objects.bulk_create(parts, batch_size=10000)
    with connection.cursor() as c:
        c.execute("ANALYZE agreements_acuerdo; ANALYZE agreements_responsibility")


def timed_sweep(now):
    """One sweep at `now`, mail to memory: (seconds, queries, rows planned, messages sent)."""
    connection.queries_log.clear()  # the log keeps 9000 queries: count from empty
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        with CaptureQueriesContext(connection) as q:
            t = time.perf_counter()
            result = sweep(now=now, inline=True)
            elapsed = time.perf_counter() - t
    return elapsed, len(q.captured_queries), len(result.planned), result.sent


def day_of_sweeps():
    """Yesterday's sweep (not timed: it leaves the state a running system has), then today's
    first sweep (the day's new messages) and a repeat 5 minutes later (nothing new: the cost of
    every other tick of the day). Rolled back, so both sizes start from the same state."""
    at = lambda d, h, m=0: timezone.make_aware(dt.datetime.combine(d, dt.time(h, m)))  # noqa: E731
    sid = transaction.savepoint()
    timed_sweep(at(TODAY - dt.timedelta(days=1), 9))
    first = timed_sweep(at(TODAY, 9))
    repeat = timed_sweep(at(TODAY, 9, 5))
    transaction.savepoint_rollback(sid)
    return first, repeat


def candidate_queries():
    """The sweep's candidate query in its old shape (acuerdos due on the dates, through
    acuerdo_open_due_idx, joined to their parts: reads every acuerdo of each date, fulfilled or
    not) and its current one (notifications.services.open_parts_due_on: resp_open_due_idx, open
    parts only)."""
    dates = sorted(candidate_due_dates(TODAY, all_policies()))
    before = Responsibility.objects.filter(
        role="responsable", acuerdo__due_date__in=dates, acuerdo__cancelled_at__isnull=True
    ).exclude(status="fulfilled").order_by()
    return {"before (join on acuerdo.due_date)": before,
            "after (resp_open_due_idx)": services.open_parts_due_on(dates).order_by()}


def measure_candidates():
    """Per shape: median ms of 5 runs, rows, shared buffers touched (EXPLAIN ANALYZE, BUFFERS)."""
    import json

    out = {}
    for label, qs in candidate_queries().items():
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as c:
            c.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
            plan = c.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            times = []
            for _ in range(5):
                t = time.perf_counter()
                c.execute(sql, params)
                rows = len(c.fetchall())
                times.append((time.perf_counter() - t) * 1000)
        top = plan[0]["Plan"]
        buffers = top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
        out[label] = (sorted(times)[2], rows, buffers)
    return out


def explain() -> str:
    return "\n\n".join(f"-- {label}\n{qs.explain(analyze=True)}"
                        for label, qs in candidate_queries().items())


MSG = "BMSG"  # the 2,000-message world, apart from the large data set


def build_due_today(messages: int):
    """`messages` open parts due TODAY (2 per acuerdo), over 60 institutions with an enlace each."""
    institutions = Institution.objects.bulk_create(
        [Institution(acronym=f"{MSG}{i:03d}", name=f"Institución M{i}") for i in range(60)])
    Person.objects.bulk_create([
        Person(name=f"Enlace {i.acronym}", institution=i, is_enlace=True,
               email=f"{i.acronym.lower()}@bench.example") for i in institutions])
    group = WorkingGroup.objects.create(acronym=f"{MSG}-1", name="Grupo M")
    sessions = Session.objects.bulk_create([
        Session(group=group, number=s + 1, title="Sesión", date=TODAY - dt.timedelta(days=40),
                start_time=dt.time(10), status=Session.Status.HELD)
        for s in range(messages // 20)])
    acuerdos = Acuerdo.objects.bulk_create([
        Acuerdo(group=group, session=sessions[k // 10], sequence=k % 10 + 1,
                number=f"{k // 10 + 1}/SO-{k % 10 + 1}", text="Acuerdo de prueba", due_date=TODAY,
                has_responsable=True)  # two responsable parts each, below
        for k in range(messages // 2)])
    Responsibility.objects.bulk_create([
        Responsibility(acuerdo=a, institution=institutions[(2 * k + j) % 60], due_date=TODAY,
                       acuerdo_group_id=a.group_id)
        for k, a in enumerate(acuerdos) for j in (0, 1)])
    with connection.cursor() as c:
        c.execute("ANALYZE")


def cleanup_due_today():
    groups = WorkingGroup.objects.filter(acronym__startswith=MSG)
    Notification.objects.filter(group__in=groups).delete()
    Responsibility.objects.filter(acuerdo__group__in=groups).delete()
    Acuerdo.objects.filter(group__in=groups).delete()
    Session.objects.filter(group__in=groups).delete()
    groups.delete()
    Person.objects.filter(institution__acronym__startswith=MSG).delete()
    Institution.objects.filter(acronym__startswith=MSG).delete()


def per_row_delivery(due_at):
    """Sending as the inline sweep did before the batches (and as the Celery task still does,
    one task per row): claim, read, send and mark each row, over one connection."""
    from collections import Counter

    from django.core.mail import get_connection

    outcomes, mail = Counter(), get_connection()
    for pk in due_ids(now=due_at):
        outcomes[notification_deliver(notification_id=pk, connection=mail)] += 1
    return outcomes


class LoopbackSMTP:
    """aiosmtpd's Sink (accepts and drops every message) in its own process."""

    def __enter__(self):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink",
             "-l", f"127.0.0.1:{self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        return self

    def settings(self):
        return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": self.port, "EMAIL_USE_TLS": False,
                "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": ""}

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _timed(run):
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as q:
        t = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - t
    return elapsed, len(q.captured_queries), result


def first_sweep_of(messages: int, rounds: int):
    """Per round: plan the day's first sweep (rendering every message), then, from that same
    state (savepoints), deliver in batches and per row, alternating, to each mail backend.
    Medians of (seconds, queries, sent)."""
    now = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(9)))
    paths = {"batch (inline sweep)": lambda: notifications_deliver_due(due_at=timezone.now()),
             "per row (before; the Celery task's path)": lambda: per_row_delivery(timezone.now())}
    plans, runs = [], {}
    with LoopbackSMTP() as smtp:
        backends = {"in-memory": {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
                    "SMTP on loopback": smtp.settings()}
        for _round in range(rounds):
            with transaction.atomic():
                start = transaction.savepoint()
                elapsed, queries, result = _timed(lambda: plan(now=now))
                plans.append((elapsed, queries, len(result.planned)))
                for backend, mail_settings in backends.items():
                    for label, run in paths.items():
                        sid = transaction.savepoint()
                        with override_settings(**mail_settings):
                            elapsed, queries, outcomes = _timed(run)
                        transaction.savepoint_rollback(sid)
                        runs.setdefault((backend, label), []).append(
                            (elapsed, queries, outcomes["sent"]))
                transaction.savepoint_rollback(start)
    median = lambda values: sorted(values)[len(values) // 2]  # noqa: E731
    return median(plans), {key: median(values) for key, values in runs.items()}


def print_first_sweep(messages: int, rounds: int):
    cleanup_due_today()
    build_due_today(messages)
    try:
        print(f"machine: {machine()}", flush=True)
        (plan_s, plan_q, planned), medians = first_sweep_of(messages, rounds)
        print(f"machine (after): {machine()}")
    finally:
        cleanup_due_today()
    print()
    print(f"A day's first sweep of {messages:,} reminders (median of {rounds}; delivery paths "
          "alternating from the same planned state):")
    print()
    print(f"planning: {planned:,} rows rendered and inserted in {plan_s:.2f} s, {plan_q} queries")
    print()
    print("| mail | delivery | sent | delivery queries | sweep queries | delivery s | messages/s |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (backend, label), (elapsed, queries, sent) in medians.items():
        print(f"| {backend} | {label} | {sent:,} | {queries:,} | {plan_q + queries:,} | "
              f"{elapsed:.2f} | {sent / elapsed:,.0f} |")
    print(flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--acuerdos", type=int, default=150_000)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only-messages", action="store_true",
                        help="only the first sweep of --messages reminders")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("needs PostgreSQL: set DATABASE_URL")
    call_command("migrate", verbosity=0)
    cleanup()
    print_first_sweep(args.messages, args.rounds)
    if args.only_messages:
        return
    rng = random.Random(7)
    print(f"machine: {machine()}", flush=True)
    rows = []
    small = args.acuerdos // 10
    for size, add in ((small, small), (args.acuerdos, args.acuerdos - small)):
        t = time.perf_counter()
        build(add, rng, start=size - add)
        built = time.perf_counter() - t
        with transaction.atomic():
            first, repeat = day_of_sweeps()
        parts = Responsibility.objects.filter(acuerdo__group__acronym__startswith=PREFIX).count()
        rows.append((size, parts, built, first, repeat, measure_candidates()))
        print(f"built {size:,} acuerdos in {built:.1f} s", flush=True)
    print()
    print("| acuerdos | responsibilities | sweep | time (s) | queries | new rows | sent |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for size, parts, built, first, repeat, _c in rows:
        for label, (elapsed, queries, planned, sent) in (("first of the day", first),
                                                          ("every 5 min after", repeat)):
            print(f"| {size:,} | {parts:,} | {label} | {elapsed:.3f} | {queries} | {planned} | {sent} |")
    print()
    total = Responsibility.objects.count()
    print(f"The sweep's candidate query, before and after (all parts in the table: {total:,}):")
    print()
    print("| acuerdos | responsibilities | candidate query | ms (median of 5) | rows | buffers |")
    print("|---:|---:|---|---:|---:|---:|")
    for size, parts, _b, _f, _r, candidates in rows:
        for label, (ms, found, buffers) in candidates.items():
            print(f"| {size:,} | {parts:,} | {label} | {ms:.1f} | {found:,} | {buffers:,} |")
    print()
    print("EXPLAIN ANALYZE of the sweep's candidate query (largest size):")
    print(explain())
    if not args.keep:
        cleanup()


if __name__ == "__main__":
    main()
