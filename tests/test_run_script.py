"""scripts/run.sh (what `make run` starts): it says which database and which Redis it uses, and
one Ctrl-C stops the web server, the worker and beat."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _run(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    log = tmp_path / "run.log"
    process = subprocess.Popen(
        ["bash", "scripts/run.sh"], cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
        env={**clean, "PORT": str(_free_port()), "EMAIL_URL": "dummymail://",
             "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env},
        # Its own process group, as a terminal's foreground job; Ctrl-C's SIGINT handled as in a
        # terminal even when this test runs in the background (which ignores SIGINT, inherited).
        start_new_session=True, preexec_fn=_default_sigint)
    return process, log


def _wait_for(log: Path, text: str, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in log.read_text():
            return
        time.sleep(0.2)
    pytest.fail(f"{text!r} not in:\n{log.read_text()}")


def _ctrl_c(process):
    os.killpg(process.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise


def _group_alive(pgid, seconds=30) -> bool:
    """Whether any process of the group still runs after a while (exiting ones are let finish)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _members(pgid):
            return False
        time.sleep(0.2)
    return True


def test_it_names_its_database_and_redis_and_stops_all_on_ctrl_c(tmp_path, redis_url):
    process, log = _run(tmp_path, REDIS_URL=redis_url)
    try:
        _wait_for(log, "Quit the server with")
        _wait_for(log, "Open http://127.0.0.1:")
        text = log.read_text()
        assert f"Database: SQLite file {tmp_path / 'db.sqlite3'}" in text
        assert f"Redis answers at {redis_url} (database {redis_url.rsplit('/', 1)[-1]})" in text
        assert "REDIS_URL=redis://host:6379/N" in text and "DATABASE_URL=" in text
        assert "Ctrl-C stops web, worker and beat." in text
        for _ in range(100):  # the worker is up
            if len(_members(process.pid)) >= 3:
                break
            time.sleep(0.2)
        assert any("celery" in cmd and "worker" in cmd for cmd in _members(process.pid).values())
    finally:
        _ctrl_c(process)
    assert "Stopped: web, Celery worker and beat." in log.read_text()
    assert not _group_alive(process.pid), _members(process.pid)


def test_without_redis_it_says_so_and_stops_the_timer_on_ctrl_c(tmp_path):
    process, log = _run(tmp_path, REDIS_URL="redis://127.0.0.1:1/0")
    try:
        _wait_for(log, "Quit the server with")
        text = log.read_text()
        assert "Redis does not answer at redis://127.0.0.1:1/0" in text
        assert "Ctrl-C stops web and the reminder timer." in text
    finally:
        _ctrl_c(process)
    assert "Stopped: web and the reminder timer." in log.read_text()
    assert not _group_alive(process.pid), _members(process.pid)


def _members(pgid) -> dict[int, str]:
    """The processes of a process group, from /proc: pid → command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":  # a zombie is already gone
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
    return found
