"""Options of the production settings read from the environment: JSON logs, S3 media storage, and
the worker health command that compose and monitoring run."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "k3Y-" + "".join(chr(c) for c in range(65, 91)) + "0123456789abcdefghijklmnopqrstuv"


def _python(code, **env):
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "LOG_FORMAT", "STORAGE_BACKEND", "AWS_"))}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "tracker.settings", "DJANGO_SECRET_KEY": SECRET,
             **env},
        capture_output=True, text=True, timeout=120)


def test_it_writes_one_json_object_per_log_line_with_log_format_json():
    result = _python("import logging; logging.getLogger('acuerdos.test').warning('sesión %s', 3)",
                     LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    mine = [line for line in lines if line["logger"] == "acuerdos.test"]
    assert len(mine) == 1
    assert mine[0]["level"] == "WARNING" and mine[0]["message"] == "sesión 3"
    assert "time" in mine[0]


def test_it_writes_plain_lines_by_default():
    result = _python("import logging; logging.getLogger('acuerdos.test').warning('sesión 3')")
    assert "WARNING acuerdos.test: sesión 3" in result.stderr


def test_it_stores_media_in_s3_when_asked():
    result = _python(
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl, s.querystring_expire)",
        STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME="acuerdos-media",
        AWS_S3_ENDPOINT_URL="https://minio.example.gob.mx", AWS_ACCESS_KEY_ID="id",
        AWS_SECRET_ACCESS_KEY="secret")
    assert result.stdout.strip() == "S3Storage acuerdos-media https://minio.example.gob.mx private 300", \
        result.stderr


def test_it_keeps_media_on_disk_by_default_and_refuses_an_unknown_backend():
    result = _python("from django.core.files.storage import storages; s = storages['default']; "
                     "print(type(s).__name__)")
    assert result.stdout.strip() == "FileSystemStorage", result.stderr
    result = _python("", STORAGE_BACKEND="ftp")
    assert result.returncode != 0 and "STORAGE_BACKEND must be" in result.stderr


def test_the_worker_health_command_answers_only_while_a_worker_runs(redis_url):
    celery = str(Path(sys.executable).parent / "celery")
    name = f"health-{os.getpid()}@{socket.gethostname()}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tracker.settings", "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": SECRET, "REDIS_URL": redis_url, "LOG_LEVEL": "WARNING"}
    ping = [celery, "-A", "tracker", "inspect", "ping", "--timeout", "5", "-d", name]
    worker = subprocess.Popen(
        [celery, "-A", "tracker", "worker", "--pool=solo", "-n", name, "--loglevel=WARNING",
         "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            answer = subprocess.run(ping, cwd=ROOT, env=env, capture_output=True, text=True,
                                    timeout=60)
            if answer.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert answer.returncode == 0, answer.stdout + answer.stderr
        assert "pong" in answer.stdout
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    gone = subprocess.run(ping, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert gone.returncode != 0


def test_it_keeps_database_connections_in_production_and_checks_them_before_reuse():
    code = ("from django.db import connection as c; "
            "print(c.settings_dict['CONN_MAX_AGE'], c.settings_dict['CONN_HEALTH_CHECKS'])")
    assert _python(code).stdout.split() == ["600", "True"]
    assert _python(code, DATABASE_CONN_MAX_AGE="0").stdout.split() == ["0", "True"]
    assert _python(code, DJANGO_DEBUG="1").stdout.split() == ["0", "True"]
