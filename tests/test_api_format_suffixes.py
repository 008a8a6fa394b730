"""Every API route also answers with a `.json` suffix (DRF's format suffix patterns): each view
must accept the `format` argument instead of failing with a 500 (found by fuzzing on
/api/v1/evidence/1.json/)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from .test_api_followup import client_for, media, pending_report, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _suffixed_routes():
    """Route regexes of /api/ that take a `format` group, as plain paths with a {pk}."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            regex = prefix + str(entry.pattern).lstrip("^")
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, regex)
            elif isinstance(entry, URLPattern) and "(?P<format>" in regex and regex.startswith("api/"):
                path = re.sub(r"\(\?P<pk>[^)]*\)", "{pk}", regex)
                path = re.sub(r"\\\.\(\?P<format>[^)]*\)", ".json", path)
                found.append("/" + path.replace("/?$", "/").replace("$", ""))

    walk(get_resolver().url_patterns, "")
    return found


def test_it_downloads_evidence_with_a_json_suffix(world):
    evidence = pending_report(world).evidence.get()
    response = client_for("secretaria.mj").get(f"/api/v1/evidence/{evidence.pk}.json/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_no_route_answers_500_with_a_format_suffix(world):
    report = pending_report(world)
    routes = _suffixed_routes()
    assert "/api/v1/evidence/{pk}.json/" in routes and len(routes) > 10
    client = client_for("admin")
    for route in routes:
        url = route.format(pk=report.pk)
        for method in (client.get, client.post):
            response = method(url, {}, format="json")  # a 500 raises here (raise_request_exception)
            assert response.status_code < 500, (url, response.status_code)
