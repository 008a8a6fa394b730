"""Benchmark: render the minuta PDF for the demo session and for a session ten times its size.

    .venv/bin/python bench/minuta_render.py [--runs 5]

Uses DATABASE_URL like the app. Everything it writes (the demo if missing, the large session,
its photos under a temporary MEDIA_ROOT) happens inside a transaction that is rolled back, so the
database is left as it was. Reports median warm render time, cold time in a fresh process (first
render after django.setup(), fonts and template not yet loaded), peak Python memory (tracemalloc)
and the process's max RSS, pages and file size; then where the time of a warm render goes.
"""

import argparse
import datetime as dt
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.db import transaction  # noqa: E402

SIZES = {"demo": 1, "large": 10}


class Rollback(Exception):
    pass


def build(kind: str):
    """The demo GTTIM 5/SO session, or a 10× copy: 280 participants, 90 agenda items with the
    demo narratives, 50 acuerdos, 10 photos."""
    from PIL import Image

    from agreements.services import acuerdo_create
    from demo import gttim
    from demo.loader import NARRATIVE_DIR, Loader
    from directory.models import Institution, Person
    from meetings.models import Attendance, Membership, Session, SessionPhoto, WorkingGroup
    from meetings.services import agenda_item_add, session_plan

    if not Session.objects.filter(group__acronym="GTTIM", number=5, type="SO").exists():
        Loader(log=lambda *a: None).run()
    demo = Session.objects.get(group__acronym="GTTIM", number=5, type="SO")
    if kind == "demo":
        return demo
    institutions = list(Institution.objects.filter(acronym__in=[i[0] for i in gttim.INSTITUTIONS]))
    group = WorkingGroup.objects.create(
        acronym="BENCH-10X", name="Grupo de trabajo de prueba de carga (10×)",
        convening_unit=demo.group.convening_unit, drafting_unit=demo.group.drafting_unit,
        convening_institution=demo.group.convening_institution,
    )
    Membership.objects.bulk_create(
        Membership(group=group, institution=i, joined_on=dt.date(2020, 1, 1)) for i in institutions
    )
    session = session_plan(
        group=group, number=5, date=demo.date, start_time=dt.time(7, 0), end_time=dt.time(23, 0),
        title=demo.title, subject=demo.subject, objective=demo.objective,
        video_details=demo.video_details, video_url=demo.video_url, meeting_id=demo.meeting_id,
        passcode=demo.passcode,
    )
    people = Person.objects.bulk_create(
        Person(name=f"{name} {n}", cargo=cargo, institution=Institution.objects.get(acronym=inst))
        for n in range(10) for name, cargo, inst in gttim.PARTICIPANTS
    )
    attendances = Attendance.objects.bulk_create(
        Attendance(session=session, person=p, name=p.name, cargo=p.cargo,
                   institution_id=p.institution_id, order=i)
        for i, p in enumerate(people, start=1)
    )
    start = dt.datetime.combine(demo.date, dt.time(7, 0))
    for n in range(90):
        _s, _e, activity, presenters, narrative = gttim.AGENDA[n % len(gttim.AGENDA)]
        begin = start + dt.timedelta(minutes=10 * n)
        agenda_item_add(
            session=session, start_time=begin.time(),
            end_time=(begin + dt.timedelta(minutes=10)).time(), activity=f"{activity} ({n + 1})",
            narrative=(NARRATIVE_DIR / narrative).read_text().strip() if narrative else "",
            presenters=[(attendances[n % len(attendances)], text) for _name, text in presenters],
        )
    for n in range(50):
        text, responsables, due, _f = gttim.ACUERDOS[n % len(gttim.ACUERDOS)]
        everyone = responsables == gttim.ALL
        acuerdo_create(
            session=session, text=text, due_date=due, all_institutions=everyone,
            responsables=[] if everyone else [institutions[n % len(institutions)]],
            coadyuvantes=[] if everyone or n % 3 else [institutions[(n + 1) % len(institutions)]],
        )
    for n in range(10):
        buffer = io.BytesIO()
        Image.effect_noise((1600, 1200), 40 + n).convert("RGB").save(buffer, "JPEG", quality=85)
        photo = SessionPhoto(session=session, caption=f"Fotografía {n + 1} de la sesión", order=n)
        photo.image.save(f"bench-{n}.jpg", ContentFile(buffer.getvalue()), save=True)
    return session


def pages_of(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def child(kind: str) -> None:
    """Cold: one render in this fresh process, right after django.setup()."""
    from documents.render import render_minuta_pdf

    with tempfile.TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        try:
            with transaction.atomic():
                session = build(kind)
                started = time.perf_counter()
                data = render_minuta_pdf(session)
                cold = time.perf_counter() - started
                raise Rollback
        except Rollback:
            pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"cold": cold, "rss_mb": rss, "bytes": len(data)}))


def phases(session, runs: int) -> dict:
    """Where a warm render's time goes: template, WeasyPrint layout, PDF writing per variant."""
    from django.template.loader import render_to_string
    from django.utils import timezone
    from weasyprint import HTML

    from documents.content import minuta_content
    from documents.fetcher import ProjectFilesFetcher
    from documents.render import ARCHIVAL_VARIANT, STATIC_DIR, TEMPLATE, stylesheet
    from documents.selectors import minuta_session

    def timed(fn):  # CPU time of this process: steadier than wall time on a shared machine
        values = []
        for _ in range(runs):
            started = time.process_time()
            result = fn()
            values.append(time.process_time() - started)
        return statistics.median(values), result

    out = {}
    out["db + content"], content = timed(lambda: minuta_content(minuta_session(session.pk)))
    content.created = timezone.now().isoformat()
    out["template"], html = timed(lambda: render_to_string(TEMPLATE, {"m": content}))

    css, font_config = stylesheet()  # parsed once per process, as render_minuta_pdf does

    def layout():
        return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/",
                    url_fetcher=ProjectFilesFetcher()).render(
                        stylesheets=[css], font_config=font_config)

    out["layout (parse, CSS, fonts, pages)"], document = timed(layout)
    out["write PDF, untagged"], _ = timed(lambda: document.write_pdf())
    out["write PDF, tagged"], _ = timed(lambda: document.write_pdf(pdf_tags=True))
    out[f"write PDF, {ARCHIVAL_VARIANT}"], _ = timed(
        lambda: document.write_pdf(pdf_variant=ARCHIVAL_VARIANT))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=SIZES)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return

    from documents.render import render_minuta_pdf

    rows, breakdown = [], {}
    for kind in SIZES:
        cold = json.loads(subprocess.run(
            [sys.executable, __file__, "--child", kind], capture_output=True, text=True,
            check=True, env={**os.environ},
        ).stdout.strip().splitlines()[-1])
        with tempfile.TemporaryDirectory() as media:
            settings.MEDIA_ROOT = media
            try:
                with transaction.atomic():
                    session = build(kind)
                    data = render_minuta_pdf(session)  # warm-up
                    times, cpu_times = [], []
                    for _ in range(args.runs):
                        started, cpu_started = time.perf_counter(), time.process_time()
                        data = render_minuta_pdf(session)
                        times.append(time.perf_counter() - started)
                        cpu_times.append(time.process_time() - cpu_started)
                    tracemalloc.start()
                    render_minuta_pdf(session)
                    peak = tracemalloc.get_traced_memory()[1] / 2**20
                    tracemalloc.stop()
                    breakdown[kind] = phases(session, max(3, args.runs // 2))
                    raise Rollback
            except Rollback:
                pass
        rows.append([
            kind, f"{statistics.median(times):.3f}", f"{min(times):.3f}",
            f"{statistics.median(cpu_times):.3f}", f"{cold['cold']:.3f}",
            f"{peak:.1f}", f"{cold['rss_mb']:.0f}", str(pages_of(data)), f"{len(data) / 1024:.0f}",
        ])

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    print(f"machine: {os.cpu_count()} CPUs (nproc), {cpu}; Python {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"approved minuta (PDF/A-3a, tagged), {args.runs} warm runs each\n")
    header = ["session", "warm median s", "warm min s", "warm CPU s", "cold s", "tracemalloc peak MiB",
              "cold max RSS MiB", "pages", "size KiB"]
    table = [header] + rows
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.rjust(w) for cell, w in zip(row, widths)))
    print("\nwhere a warm render's time goes (median CPU seconds):")
    names = list(next(iter(breakdown.values())))
    width = max(len(n) for n in names)
    print(f"{'phase'.ljust(width)}  " + "  ".join(k.rjust(8) for k in breakdown))
    for name in names:
        print(f"{name.ljust(width)}  " + "  ".join(f"{breakdown[k][name]:8.3f}" for k in breakdown))


if __name__ == "__main__":
    main()
