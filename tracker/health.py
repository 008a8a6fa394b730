"""GET /healthz: the web process answers, and the database and Redis behind it do too.

For load balancers and container health checks: 200 with {"status": "ok", ...} or 503 with the
part that failed. No login, no session, no database writes; it says nothing an outsider could use.
"""

import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"  # tasks run in-process (development)
    timeout = settings.HEALTHZ_REDIS_TIMEOUT_SECONDS
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=timeout,
                                  socket_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


@never_cache
@require_GET
def healthz(request):
    checks, healthy = {}, True
    for name, check in (("database", _database), ("redis", _redis)):
        try:
            checks[name] = check()
        except Exception as exc:  # any failure of a dependency is "unhealthy", never a 500
            logger.warning("healthz: %s failed: %s", name, exc)
            checks[name] = "error"
            healthy = False
    return JsonResponse({"status": "ok" if healthy else "error", **checks},
                        status=200 if healthy else 503)
