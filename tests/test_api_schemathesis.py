"""Schemathesis against the live OpenAPI schema of the Django app (in-process WSGI), with the demo
data and a demo user's token: no server error, and no response the schema does not describe.

Bounded: a fixed number of generated examples per operation, no deadline per example."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 15
# Revoking the token would leave the rest of the run unauthenticated.
SKIP = {("DELETE", "/api/v1/auth/token/")}


@pytest.fixture
def in_process_requests():
    """Keep the test's database connection (and transaction) open across in-process requests,
    as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("username", ["enlace.fgr", "secretaria.mj"])
def test_it_conforms_to_its_openapi_schema(demo, in_process_requests, username):
    token = Token.objects.create(user_id=_user_id(username))
    headers = {"Authorization": f"Token {token.key}", "Accept-Language": "en"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    failures, tested = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIP:
            continue
        tested += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
            suppress_health_check=list(HealthCheck), phases=[Phase.generate],
        )
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 — collect every operation's failure, then fail
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert tested >= 14
    assert not failures, "\n\n".join(failures)


def _user_id(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username).pk
