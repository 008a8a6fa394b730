#!/usr/bin/env bash
# Started by `make run`: the web app, plus a Celery worker and beat when Redis answers.
# It says which database and which Redis it uses, and Ctrl-C stops all of it.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# Development settings (runserver, SQLite by default, e-mail to files): production is the default.
export DJANGO_DEBUG=1

# Which database: the one settings read (DATABASE_URL, or the SQLite file under var/).
database=$($BIN/python -c "
import os, django
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tracker.settings')
import logging; logging.disable(logging.WARNING)
django.setup()
from django.conf import settings
d = settings.DATABASES['default']
if d['ENGINE'].endswith('sqlite3'):
    print(f'SQLite file {d[\"NAME\"]}')
else:
    print(f'{d[\"ENGINE\"].rsplit(\".\", 1)[-1]} database {d[\"NAME\"]} on {d.get(\"HOST\") or \"the local socket\"}:{d.get(\"PORT\") or \"default port\"}')
")
echo "Database: $database (choose another with DATABASE_URL=postgres://user@host:5432/name)."

worker=""
timer=""
stop() {
  # Ctrl-C reaches runserver; the background processes are stopped here and waited for.
  trap - EXIT INT TERM
  for pid in $worker $timer; do kill "$pid" 2>/dev/null || true; done
  for pid in $worker $timer; do wait "$pid" 2>/dev/null || true; done
  echo "Stopped: web${worker:+, Celery worker and beat}${timer:+ and the reminder timer}."
}
trap stop EXIT INT TERM

candidate=${REDIS_URL:-redis://127.0.0.1:6379/0}
if $BIN/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()" "$candidate" 2>/dev/null; then
  export REDIS_URL=$candidate
  echo "Redis answers at $REDIS_URL (database ${REDIS_URL##*/}): starting a Celery worker with beat on it (log: var/celery.log)."
  echo "  Another Redis or database number: REDIS_URL=redis://host:6379/N make run."
  $BIN/celery -A tracker worker --beat --loglevel=INFO --concurrency=2 \
    --schedule=var/celerybeat-schedule >var/celery.log 2>&1 &
  worker=$!
  # Beat's first 5-minute sweep comes 5 minutes after it starts: one sweep now, so that what is
  # due goes out at start (it waits in the queue until the worker is ready).
  $BIN/celery -A tracker call notifications.sweep >/dev/null
  echo "Reminders: swept now and every 5 minutes by beat. Without EMAIL_URL, messages are files in var/mail/."
else
  unset REDIS_URL
  echo "Redis does not answer at $candidate: tasks run in-process, without a worker."
  echo "  To use a worker, start Redis or point REDIS_URL=redis://host:6379/N at one."
  echo "Reminders: a sweep runs in-process every ${NOTIFICATIONS_TIMER_SECONDS:-300} s (log: var/reminders.log)."
  $BIN/python manage.py reminder_timer >var/reminders.log 2>&1 &
  timer=$!
fi
port=${PORT:-8000}
echo "Open http://127.0.0.1:$port/ (admin: http://127.0.0.1:$port/admin/). Ctrl-C stops web${worker:+, worker and beat}${timer:+ and the reminder timer}."
$BIN/python manage.py runserver "127.0.0.1:$port"
