"""The embedded default (a SQLite file) takes the writers `make run` starts at once: the web
process, a real Celery worker (2 processes) and beat.

Everything runs as separate processes on a fresh SQLite file, the way `make run` starts them:
migrate + load_demo, then `celery worker --beat` on the real Redis with the start-up sweep queued
(it plans and sends the demo's reminders: a small write transaction per message),
and, at the same moment, `runserver` taking acuerdo additions from several browsers' worth of
threads. Before the SQLite options in settings (WAL, busy timeout, BEGIN IMMEDIATE) the worker
logged "database is locked" and some additions answered 500.
"""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
CELERY = Path(sys.executable).with_name("celery")
WRITERS, ADDS_EACH = 4, 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sqlite_env(tmp_path, redis_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env["DJANGO_DEBUG"] = "1"  # as `make run` does: production settings need a secret
    env.update(
        DJANGO_SETTINGS_MODULE="tracker.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'acuerdos.sqlite3'}",
        REDIS_URL=redis_url,
        MEDIA_ROOT=str(tmp_path / "media"),
        EMAIL_URL="dummymail://",
        PYTHONUNBUFFERED="1",
    )
    # As `make run`: migrate and load the demo first, without REDIS_URL (its e-mails go in-process).
    setup_env = {k: v for k, v in env.items() if k != "REDIS_URL"}
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=setup_env,
                       check=True, capture_output=True, timeout=300)
    return env


def _start(args, env, log: Path):
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=log.open("w"),
                            stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _draft_session_id(db_path: str) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT s.id FROM meetings_session s JOIN meetings_workinggroup g ON g.id = s.group_id"
            " WHERE g.acronym = 'GTTIM' AND s.number = 6").fetchone()[0]


def _signed_in(base: str) -> requests.Session:
    browser = requests.Session()
    browser.get(f"{base}/accounts/login/", timeout=30)
    response = browser.post(f"{base}/accounts/login/", timeout=30, data={
        "username": "secretaria", "password": "acuerdos-demo",
        "csrfmiddlewaretoken": browser.cookies["csrftoken"]}, allow_redirects=False)
    assert response.status_code == 302, response.text[:500]
    return browser


def test_it_takes_web_worker_and_beat_writes_at_once(sqlite_env, tmp_path, redis_url):
    from tracker.celery import app

    db_path = sqlite_env["DATABASE_URL"].removeprefix("sqlite:///")
    session_id = _draft_session_id(db_path)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    worker_log, web_log = tmp_path / "celery.log", tmp_path / "web.log"
    app.connection_for_write(redis_url).default_channel.client.delete("celery")  # empty queue

    web = _start([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                 sqlite_env, web_log)
    worker = None
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/accounts/login/", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        browsers = [_signed_in(base) for _ in range(WRITERS)]

        # What scripts/run.sh does: the worker with beat, and one sweep queued at start.
        worker = _start([str(CELERY), "-A", "tracker", "worker", "--beat", "--loglevel=INFO",
                         "--concurrency=2", f"--schedule={tmp_path / 'beat'}"], sqlite_env,
                        worker_log)
        subprocess.run([str(CELERY), "-A", "tracker", "call", "notifications.sweep"], cwd=ROOT,
                       env=sqlite_env, check=True, capture_output=True, timeout=60)
        for _ in range(300):  # the worker is writing: the sweep task's first messages are sent
            with sqlite3.connect(db_path) as conn:
                if conn.execute("SELECT COUNT(*) FROM notifications_notification"
                                " WHERE status = 'sent'").fetchone()[0]:
                    break
            time.sleep(0.1)

        statuses, texts = [], []

        def add_acuerdos(n, browser):
            for i in range(ADDS_EACH):
                text = f"Acuerdo concurrente {n}-{i}"
                texts.append(text)
                response = browser.post(
                    f"{base}/sessions/{session_id}/acuerdos/", timeout=60,
                    headers={"HX-Request": "true", "X-CSRFToken": browser.cookies["csrftoken"]},
                    data={"acuerdo-text": text, "acuerdo-responsables": "all",
                          "acuerdo-due_date": "2027-03-01"})
                statuses.append(response.status_code)

        threads = [threading.Thread(target=add_acuerdos, args=(n, b))
                   for n, b in enumerate(browsers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)

        # Let the worker finish what the sweep queued, then stop it (as Ctrl-C does).
        with sqlite3.connect(db_path) as conn:
            for _ in range(300):
                left = conn.execute("SELECT COUNT(*) FROM notifications_notification"
                                    " WHERE status IN ('pending', 'sending')").fetchone()[0]
                if not left:
                    break
                time.sleep(0.2)
    finally:
        if worker is not None:
            _stop(worker)
        _stop(web)

    worker_text, web_text = worker_log.read_text(), web_log.read_text()
    assert "database is locked" not in worker_text, worker_text[-3000:]
    assert "database is locked" not in web_text, web_text[-3000:]
    assert statuses == [200] * WRITERS * ADDS_EACH, (statuses, web_text[-3000:])
    with sqlite3.connect(db_path) as conn:
        stored = {row[0] for row in conn.execute(
            "SELECT text FROM agreements_acuerdo WHERE session_id = ?", (session_id,))}
        sent = conn.execute("SELECT COUNT(*) FROM notifications_notification"
                            " WHERE status = 'sent'").fetchone()[0]
        not_done = conn.execute("SELECT COUNT(*) FROM notifications_notification"
                                " WHERE status <> 'sent'").fetchone()[0]
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert set(texts) <= stored  # every web write landed
    assert sent > 0 and not_done == 0  # and every message the worker planned went out, once
    assert journal == "wal"
    # the sweep task sent them itself, in leased batches (notifications.deliver_leased)
    assert re.search(r"notifications\.sweep\[.*\] succeeded .*'sent': [1-9]", worker_text)


def test_it_configures_the_sqlite_default_for_several_writers():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env["DJANGO_DEBUG"] = "1"  # as `make run` does: production settings need a secret
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "o = settings.DATABASES['default']['OPTIONS']; "
         "print(o['transaction_mode'], o['timeout'], o['init_command'])"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "tracker.settings"},
        capture_output=True, text=True, timeout=60)
    assert result.stdout.split(None, 2) == [
        "IMMEDIATE", "20", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;\n"], result.stderr
