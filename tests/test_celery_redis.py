"""A real Celery worker on the local Redis runs a task sent through the broker."""

import pytest
from celery.contrib.testing.worker import start_worker

from tracker.celery import app
from tracker.celery import ping


@pytest.fixture
def redis_app(redis_url):
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    yield app
    app.conf.update(saved)


def test_it_runs_a_task_in_a_real_worker(redis_app):
    with start_worker(redis_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        result = ping.delay()
        assert result.get(timeout=20) == "pong"
        assert result.status == "SUCCESS"
