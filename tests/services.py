"""Access to the real services the suite needs (PostgreSQL, Redis).

A missing service skips the tests that need it, with the reason; with REQUIRE_SERVICES=1 (CI) the
skip becomes a failure, so a green CI run means every service test really ran.
"""

import os

import pytest

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def skip_or_fail(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1 turns this skip into a failure)", pytrace=False)
    pytest.skip(reason)


def redis_reachable(url: str = REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False
