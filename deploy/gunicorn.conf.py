"""gunicorn settings for Acuerdos: `gunicorn -c deploy/gunicorn.conf.py tracker.wsgi`.

Every value can be overridden from the environment (GUNICORN_*), so compose and systemd share it.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: requests are short except minuta rendering (~1–3 s of CPU), so 2 per core + 1.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A PDF of a long session renders in a few seconds; 60 s leaves room on a loaded machine.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then: bounded memory growth after large renders or uploads.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = 100
# Uploads go through nginx first (client_max_body_size); gunicorn only caps header sizes.
limit_request_line = 8190
# Logs to stdout/stderr (journald or docker collect them); Django writes its own lines.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
if os.environ.get("LOG_FORMAT") == "json":
    access_log_format = ('{"time": "%(t)s", "logger": "gunicorn.access", "remote": "%({x-forwarded-for}i)s", '
                         '"method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", '
                         '"duration_us": %(D)s, "user_agent": "%(a)s"}')
# Trust X-Forwarded-* only from the proxy in front (nginx on the same host or compose network).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# wsgi.py freezes start-up objects for the garbage collector: load the app before forking.
preload_app = True
