import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _django(code: str, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "tracker.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_without_a_secret_in_production():
    result = _django("", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_it_starts_in_production_with_a_secret():
    result = _django("print('ok')", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_it_defaults_to_production_without_django_debug():
    # DJANGO_DEBUG unset (no `make run`): no development key, the production block applies.
    result = _django("")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr
    result = _django(
        "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        DJANGO_SECRET_KEY="x" * 50,
    )
    assert result.stdout.strip() == "False True", result.stderr


def test_it_uses_development_settings_with_django_debug_on():
    result = _django(
        "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY[:8])",
        DJANGO_DEBUG="1",
    )
    assert result.stdout.strip() == "True insecure", result.stderr


def test_without_redis_tasks_run_in_process_and_the_log_says_so_once():
    result = _django(
        "from django.conf import settings; from tracker.celery import ping; "
        "print(settings.CELERY_TASK_ALWAYS_EAGER, ping.delay().get())",
        DJANGO_DEBUG="1",
    )
    assert result.stdout.strip() == "True pong"
    assert result.stderr.count("REDIS_URL is not set") == 1


def test_with_redis_url_tasks_go_to_the_broker():
    result = _django(
        "from django.conf import settings; "
        "print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL)",
        REDIS_URL="redis://127.0.0.1:6379/3", DJANGO_DEBUG="1",
    )
    assert result.stdout.strip() == "False redis://127.0.0.1:6379/3"
    assert "REDIS_URL is not set" not in result.stderr


def test_database_url_selects_the_database():
    result = _django(
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/acuerdos", DJANGO_DEBUG="1",
    )
    # Django's backend with a health check that needs no round trip (tracker/postgresql/base.py).
    assert result.stdout.strip() == "tracker.postgresql acuerdos"
