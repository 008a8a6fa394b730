"""Test settings: the real database from DATABASE_URL, but fast hashing and in-memory mail."""

import os

# Tests run with development settings (no HTTPS redirect, no secure-only cookies); the ones that check
# production start a subprocess with DJANGO_DEBUG=0. Subprocesses started by tests inherit this.
os.environ.setdefault("DJANGO_DEBUG", "1")

from .settings import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
LANGUAGE_CODE = "es-mx"
# Tasks run in-process even when REDIS_URL is set: nothing is left queued in Redis between tests.
# The tests that need a real worker point the Celery app at Redis themselves (redis_url fixture).
CELERY_TASK_ALWAYS_EAGER = True
