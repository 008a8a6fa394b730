"""A real Celery worker on the local Redis runs a task sent through the broker."""

from celery.contrib.testing.worker import start_worker

from tracker.celery import ping


def test_it_runs_a_task_in_a_real_worker(redis_app):
    with start_worker(redis_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        result = ping.delay()
        assert result.get(timeout=20) == "pong"
        assert result.status == "SUCCESS"
