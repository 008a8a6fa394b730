import pytest
from django.db import connection

from .services import REDIS_URL, redis_reachable, skip_or_fail


@pytest.fixture
def postgres(db):
    """For tests that need PostgreSQL's real row locks and concurrency."""
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL: set DATABASE_URL=postgres://…")


@pytest.fixture(scope="session")
def redis_url():
    if not redis_reachable(REDIS_URL):
        skip_or_fail(f"needs Redis at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
def redis_app(redis_url):
    """The Celery app pointed at the real Redis (broker and results), with an empty queue, for
    tests that run a real worker; restored afterwards."""
    from tracker.celery import app

    from .notify_helpers import reset_backend

    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    reset_backend(app)
    app.control.purge()
    yield app
    app.control.purge()
    app.conf.update(saved)
    reset_backend(app)


@pytest.fixture
def demo(db):
    """The demo data set (the reference GTTIM minuta and the second group)."""
    from demo.loader import Loader

    Loader(log=lambda *a: None).run()


@pytest.fixture(autouse=True)
def spanish():
    """Each test starts in the default language: a request in English (LocaleMiddleware) leaves
    its language active in the thread."""
    from django.utils import translation

    translation.activate("es-mx")
    yield
    translation.activate("es-mx")
