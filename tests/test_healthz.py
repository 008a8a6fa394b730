"""GET /healthz: database and Redis, 200 when both answer, 503 naming the one that does not."""

import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_it_answers_ok_when_database_and_redis_answer(client, redis_url):
    with override_settings(REDIS_URL=redis_url):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_answers_503_when_redis_does_not(client):
    # Port 9 (discard) has nobody listening on this machine: the connection is refused.
    with override_settings(REDIS_URL="redis://127.0.0.1:9/0", HEALTHZ_REDIS_TIMEOUT_SECONDS=0.5):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "redis": "error"}


@pytest.mark.django_db
def test_it_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db import OperationalError

    from tracker import health

    def broken():
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(health, "_database", broken)
    with override_settings(REDIS_URL=""):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "redis": "not configured"}


def test_it_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405
