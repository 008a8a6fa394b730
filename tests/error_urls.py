"""The project's URLs plus views that fail on purpose, for tests/test_error_pages.py."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from tracker.urls import urlpatterns as project_urls


def boom(request):
    raise RuntimeError("secret-internal-detail: connection to db-host.internal refused")


def forbidden(request):
    raise PermissionDenied("secret-internal-detail: rule 42")


def suspicious(request):
    raise SuspiciousOperation("secret-internal-detail: bad header")


urlpatterns = [
    path("test-errors/500/", boom),
    path("test-errors/403/", forbidden),
    path("test-errors/400/", suspicious),
    *project_urls,
]
