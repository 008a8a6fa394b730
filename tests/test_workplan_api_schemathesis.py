"""Schemathesis on the work plan operations of the live OpenAPI schema (in-process WSGI), with the
demo data (the GTTIM 2025 plan in consultation, with proposals) and the tokens of its enlace and
secretary: no server error and no response the schema does not describe. The whole API's run is
tests/test_api_schemathesis.py; this one gives the plan's operations ids that exist."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from api.tokens import token_issue

from .test_api_schemathesis import CHECKS, in_process_requests  # noqa: F401 (fixture)

PREFIXES = ("/api/v1/plans/", "/api/v1/ejes/", "/api/v1/actividades/", "/api/v1/proposals/")
EXAMPLES_PER_OPERATION = 15


@pytest.fixture
def known_ids(demo):
    from workplan.models import Actividad, Eje, Plan, Proposal

    plan = Plan.objects.get(group__acronym="GTTIM", year=2025)
    return {
        "/api/v1/plans/": [plan.pk],
        "/api/v1/ejes/": list(Eje.objects.filter(plan=plan).values_list("pk", flat=True)),
        "/api/v1/actividades/": list(Actividad.objects.filter(plan=plan)
                                     .values_list("pk", flat=True)),
        "/api/v1/proposals/": list(Proposal.objects.filter(actividad__plan=plan)
                                   .values_list("pk", flat=True)),
    }


@pytest.mark.parametrize("username", ["enlace.fgr", "secretaria"])
def test_the_work_plan_operations_conform_to_the_schema(demo, in_process_requests, known_ids,
                                                         username):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    _token, key = token_issue(user=user)
    headers = {"Authorization": f"Token {key}", "Accept-Language": "en"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    failures, tested = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(PREFIXES):
            continue
        tested += 1
        ids = known_ids.get(operation.path.split("{id}")[0], []) if "{id}" in operation.path \
            else []

        @given(case=operation.as_strategy(),
               known=st.sampled_from(ids) | st.none() if ids else st.none())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.generate])
        def run(case, known):
            if known is not None:
                case.path_parameters["id"] = known
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 — collect every operation's failure, then fail
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    # plans (list, detail, progress, import), ejes (2), actividades (list, detail, propose),
    # proposals (list, detail, accept, decline, withdraw)
    assert tested == 14
    assert not failures, "\n\n".join(failures)
