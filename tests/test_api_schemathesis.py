"""Schemathesis against the live OpenAPI schema of the Django app (in-process WSGI), with the demo
data and a demo user's token: no server error, and no response the schema does not describe.

Bounded: a fixed number of generated examples per operation, no deadline per example."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from api.tokens import token_issue
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
SKIP = {("DELETE", "/api/v1/auth/token/"), ("DELETE", "/api/v1/auth/tokens/{id}/")}


@pytest.fixture
def in_process_requests():
    """Keep the test's database connection (and transaction) open across in-process requests,
    as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def known_ids(demo, settings, tmp_path):
    """Ids that exist, by path prefix: random integers would almost only meet 404s, so half of
    the examples of an operation on /{id}/ take one of these (a pending report with evidence and
    a pending due-date request on FGR's part of MJ-MIGRACION 1/SO-2, and FGR's parts)."""
    import datetime as dt

    from agreements.models import Responsibility
    from followup import services

    from .followup_helpers import pdf, user

    settings.MEDIA_ROOT = tmp_path / "media"
    part = Responsibility.objects.get(acuerdo__group__acronym="MJ-MIGRACION",
                                      acuerdo__number="1/SO-2", institution__acronym="FGR")
    report = services.progress_report(
        responsibility=part, status=Responsibility.Status.REPORTED, comment="Protocolo",
        files=[pdf()], actor=user("enlace.fgr"),
    )
    request = services.due_date_request(
        responsibility=part, new_date=dt.date(2026, 12, 31), reason="Falta la firma",
        actor=user("enlace.fgr"),
    )
    parts = list(Responsibility.objects.filter(institution__acronym="FGR")
                 .values_list("pk", flat=True))
    return {
        "/api/v1/responsibilities/": parts,
        "/api/v1/reports/": [report.pk],
        "/api/v1/due-date-requests/": [request.pk],
        "/api/v1/evidence/": [report.evidence.get().pk],
    }


@pytest.mark.parametrize("username", ["enlace.fgr", "secretaria.mj"])
def test_it_conforms_to_its_openapi_schema(demo, in_process_requests, known_ids, username):
    from django.contrib.auth import get_user_model

    _token, key = token_issue(user=get_user_model().objects.get(pk=_user_id(username)))
    headers = {"Authorization": f"Token {key}", "Accept-Language": "en"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    failures, tested = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIP:
            continue
        tested += 1

        ids = known_ids.get(operation.path.split("{id}")[0], []) if "{id}" in operation.path else []

        @given(case=operation.as_strategy(),
               known=st.sampled_from(ids) | st.none() if ids else st.none())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
            suppress_health_check=list(HealthCheck), phases=[Phase.generate],
        )
        def run(case, known):
            if known is not None:
                case.path_parameters["id"] = known
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 — collect every operation's failure, then fail
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert tested >= 26  # including the follow-up operations (reports, due-date requests, evidence)
    assert not failures, "\n\n".join(failures)


def _user_id(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username).pk
