#!/usr/bin/env bash
# Started by `make run`: the web app, plus a Celery worker and beat when Redis answers.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# Development settings (runserver, SQLite by default, e-mail to files): production is the default.
export DJANGO_DEBUG=1

candidate=${REDIS_URL:-redis://127.0.0.1:6379/0}
if $BIN/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()" "$candidate" 2>/dev/null; then
  export REDIS_URL=$candidate
  echo "Redis answers at $REDIS_URL: starting a Celery worker with beat (log: var/celery.log)."
  $BIN/celery -A tracker worker --beat --loglevel=INFO --concurrency=2 \
    --schedule=var/celerybeat-schedule >var/celery.log 2>&1 &
  worker=$!
  trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
  # Beat sweeps every 5 minutes; one sweep now so that what is due goes out at start.
  $BIN/celery -A tracker call notifications.sweep >/dev/null
  echo "Reminders: swept now and every 5 minutes by beat. Without EMAIL_URL, messages are files in var/mail/."
else
  unset REDIS_URL
  echo "Redis does not answer at $candidate: tasks run in-process, without a worker."
  echo "Reminders: a sweep runs in-process every ${NOTIFICATIONS_TIMER_SECONDS:-300} s (log: var/reminders.log)."
  $BIN/python manage.py reminder_timer >var/reminders.log 2>&1 &
  timer=$!
  trap 'kill $timer 2>/dev/null || true' EXIT INT TERM
fi
echo "Open http://127.0.0.1:8000/ (admin: http://127.0.0.1:8000/admin/)."
$BIN/python manage.py runserver 127.0.0.1:8000
