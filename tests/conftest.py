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
